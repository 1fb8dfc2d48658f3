import AppTrailTestSupport
import Foundation
import Testing

/// docs/queries.md's sessions, run as a reader would: the worked example's warehouse of docs/metrics.md built with
/// the page's own commands, then each `sqlite3` block's `sqlite> ` lines given to the stock `sqlite3` shell and its
/// output compared with the page, line by line. A query that changes without the page fails here.
@Suite struct QueriesDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func page(_ name: String) throws -> [(info: String, lines: [String])] {
        MetricsDocTests.blocks(try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8))
    }

    @Test func everySessionPrintsWhatThePageShows() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metrics = try Self.page("metrics.md")
        let queries = try Self.page("queries.md")
        // The data: the worked example's executions and this page's app definition, saved under the names they give.
        // docs/metrics.md has an example per rule, each with its own files: the worked example's is taken by its name.
        for block in [
            metrics.first { $0.info == "ndjson expense-approvals.ndjson" },
            queries.first { $0.info.hasPrefix("yaml ") },
        ] {
            let block = try #require(block)
            let name = String(block.info.split(separator: " ")[1])
            try (block.lines.joined(separator: "\n") + "\n").write(
                toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createSymbolicLink(
            atPath: dir + "/queries", withDestinationPath: Self.root.appendingPathComponent("queries").path)
        let console = try #require(queries.first { $0.info == "console" })
        for line in console.lines where line.hasPrefix("$ ") {
            let r = try run(
                "/bin/sh", ["-c", String(line.dropFirst(2))],
                environment: [
                    "PATH": Binaries.directory.path + ":/usr/bin:/bin", "APPTRAIL_NOW": "2026-11-25T12:00:00Z",
                ], directory: dir)
            #expect(r.status == 0 && r.stdout.isEmpty, "\(line): \(r.stderr)")
        }
        let sessions = queries.filter { $0.info == "sqlite3 example.db" }
        #expect(sessions.count == 11)
        for session in sessions {
            let input = session.lines.filter { $0.hasPrefix("sqlite> ") }.map { String($0.dropFirst(8)) }
            let shown = session.lines.filter { !$0.hasPrefix("sqlite> ") }
            let r = try run(
                "/usr/bin/sqlite3", ["-readonly", "example.db"], directory: dir,
                stdin: Data((input.joined(separator: "\n") + "\n").utf8))
            #expect(r.status == 0 && r.stderr.isEmpty, "\(input.last ?? ""): \(r.stderr)")
            // The shell ends CSV lines with CRLF (RFC 4180); the page shows lines.
            let printed = r.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(
                separator: "\n", omittingEmptySubsequences: false
            ).map(String.init).dropLast()
            #expect(Array(printed) == shown, "\(input.last ?? "")")
        }
    }
}
