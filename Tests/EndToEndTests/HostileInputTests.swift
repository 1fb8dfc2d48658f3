import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// The hostile corpus of `Tests/Fixtures/hostile` through the built binary: bad pages given to
/// `apptrail import`, bad app files to `apptrail apps import`, bad report files to `apptrail report`.
/// Each ends with its exit code (65 bad data, 78 a bad report file), exactly one line on stderr naming
/// the file (and the line or byte), and nothing written.
@Suite struct HostileInputTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile").path
    static let pages = folder + "/pages"
    static let yaml = folder + "/yaml"

    /// The tab-separated lines of an `expected.tsv`, without its comment lines.
    static func table(_ path: String) -> [[String]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A page file and what `apptrail import` makes of it: `ok: N` executions or `error: MESSAGE`.
    struct PageCase: CustomTestStringConvertible, Sendable {
        var file: String
        var outcome: String
        var testDescription: String { file }
    }

    static let pageCases = table(pages + "/expected.tsv").map { PageCase(file: $0[0], outcome: $0[2]) }

    /// An app or report file, its exit code and its stderr.
    struct YAMLCase: CustomTestStringConvertible, Sendable {
        var file: String
        var status: Int32
        var stderr: String
        var testDescription: String { file }
    }

    static let yamlCases = table(yaml + "/expected.tsv").map {
        YAMLCase(file: $0[0], status: Int32($0[1]) ?? -1, stderr: $0[2] + "\n")
    }

    /// A warehouse holding two imported executions, in a folder of its own.
    static func populatedWarehouse() throws -> String {
        let dir = temporaryFolder("apptrail-e2e")
        let page = #"""
            {"results":[{"id":"good1","namespace":"ns","flowId":"f","labels":[{"key":"system.app","value":"expenses"}],
            "state":{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2026-11-16T09:00:00Z"}]}},
            {"id":"good2","namespace":"ns","flowId":"f","labels":[{"key":"system.app","value":"expenses"}],
            "state":{"current":"PAUSED","histories":[{"state":"PAUSED","date":"2026-11-16T10:00:00Z"}]}}]}
            """#
        try page.write(toFile: dir + "/good.json", atomically: true, encoding: .utf8)
        let r = try run(Binaries.apptrail, ["import", "good.json"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir + "/apptrail.db"
    }

    @Test func everyCorpusFileHasAnExpectedOutcome() throws {
        let pageFiles = try FileManager.default.contentsOfDirectory(atPath: Self.pages).filter { $0 != "expected.tsv" }
            .sorted()
        #expect(Self.pageCases.map(\.file) == pageFiles)
        let yamlFiles = try ["apps", "reports"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: Self.yaml + "/" + folder).sorted().map {
                folder + "/" + $0
            }
        }
        #expect(Self.yamlCases.map(\.file) == yamlFiles)
        #expect(
            Self.yamlCases.filter { $0.status == 65 }.count == 21
                && Self.yamlCases.filter { $0.status == 78 }.count == 16)
    }

    @Test(arguments: pageCases)
    func importingAHostilePage(_ c: PageCase) throws {
        let db = try Self.populatedWarehouse()
        let before = try TruthComparison.stored(db)
        let r = try run(Binaries.apptrail, ["import", c.file, "--db", db], directory: Self.pages)
        if c.outcome.hasPrefix("error: ") {
            #expect(r.status == 65)
            #expect(r.stderr == "error: \(c.file): \(c.outcome.dropFirst("error: ".count))\n")
            #expect(try TruthComparison.stored(db) == before, "a refused file changed the executions")
            let last = try Warehouse(path: db, readOnly: true).read { db in
                try Row.fetchOne(db, sql: "SELECT outcome, exit_code FROM sync_runs ORDER BY id DESC LIMIT 1")
            }
            #expect(last?["outcome"] as String? == "failed" && last?["exit_code"] as Int? == 65)
        } else {
            #expect(r.status == 0, "\(r.stderr)")
            let count = c.outcome.dropFirst("ok: ".count)
            #expect(r.stderr.hasPrefix("\(c.file): \(count) execution\(count == "1" ? "" : "s") ("), "\(r.stderr)")
        }
        #expect(r.stdout.isEmpty)
    }

    @Test func aRefusedImportIntoANewWarehouseStoresNoExecution() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try run(Binaries.apptrail, ["import", Self.pages + "/duplicate-ids.json", "--db", dir + "/new.db"])
        #expect(r.status == 65)
        #expect(try Warehouse(path: dir + "/new.db", readOnly: true).executionCount() == 0)
    }

    @Test func importingAPageOfTensOfMegabytes() throws {
        let db = try Self.populatedWarehouse()
        let dir = (db as NSString).deletingLastPathComponent
        let id = String(repeating: "x", count: 32 << 20)
        let page =
            #"{"results":[{"id":"\#(id)","namespace":"ns","flowId":"f","state":{"current":"SUCCESS","startDate":"2026-11-16T09:00:00Z"},"flowRevision":"7"}]}"#
        try page.write(toFile: dir + "/huge.json", atomically: false, encoding: .utf8)
        let r = try run(Binaries.apptrail, ["import", "huge.json"], directory: dir)
        #expect(r.status == 65)
        let at = page.utf8.count - 6
        #expect(
            r.stderr
                == "error: huge.json: results[0] (id \(String(repeating: "x", count: 40))…): 'flowRevision' must be an integer, not a string (byte \(at))\n"
        )
        #expect(try Warehouse(path: db, readOnly: true).executionCount() == 2)
    }

    @Test(arguments: yamlCases)
    func aHostileAppOrReportFile(_ c: YAMLCase) throws {
        let dir = temporaryFolder("apptrail-e2e")
        let arguments = c.file.hasPrefix("apps/") ? ["apps", "import", c.file] : ["report", c.file, "--out", dir]
        let r = try run(Binaries.apptrail, arguments + ["--db", dir + "/apptrail.db"], directory: Self.yaml)
        #expect(r.status == c.status)
        #expect(r.stderr == c.stderr)
        #expect(r.stderr.hasPrefix("error: \(c.file)"))
        #expect(r.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing is written")
    }

    @Test func aScalarOfMegabytesIsCutInTheMessage() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let huge = String(repeating: "w", count: 16 << 20)
        try "id: expenses\nexpiration:\n  type: TTL\n  ttl: P\(huge)\n".write(
            toFile: dir + "/app.yaml", atomically: false, encoding: .utf8)
        let app = try run(Binaries.apptrail, ["apps", "import", "app.yaml"], directory: dir)
        #expect(app.status == 65)
        #expect(
            app.stderr
                == "error: app.yaml:4: 'expiration.ttl' is not an ISO-8601 duration: P\(String(repeating: "w", count: 59))…\n"
        )
        try "name: huge\nperiod: \(huge)\nsheets:\n  - sheet: A\n    query: summary\n".write(
            toFile: dir + "/report.yaml", atomically: false, encoding: .utf8)
        let report = try run(Binaries.apptrail, ["report", "report.yaml"], directory: dir)
        #expect(report.status == 78)
        #expect(
            report.stderr
                == "error: report.yaml:2: period must be week or month, not '\(String(repeating: "w", count: 60))…'\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["app.yaml", "report.yaml"])
    }
}
