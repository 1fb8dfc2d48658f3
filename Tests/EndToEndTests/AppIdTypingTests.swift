import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// App ids that look like a number (`1e5`), a hexadecimal number (`0x10`), a zero-padded integer (`007`) or a
/// date (`2026-11-01`) are text all the way through the built binary: `export --app`, `query audit --param app=`
/// and the report's per-app sheets find exactly their rows. Parameters once took their type from their looks,
/// and such apps exported empty files while the progress counted their rows.
@Suite struct AppIdTypingTests {
    static let now = "2026-11-25T12:00:00Z"
    static let environment = ["APPTRAIL_NOW": now]
    /// `7` is what `007` used to be read as; `expenses` is an ordinary app.
    static let apps = ["1e5", "0x10", "007", "2026-11-01", "7", "expenses"]

    /// A warehouse imported from hand-written NDJSON: app number `i` has `i + 2` executions in 2026-W47 and one
    /// on 2026-11-01, before it.
    static func warehouse() throws -> String {
        let dir = temporaryFolder("apptrail-e2e")
        var lines: [String] = []
        func execution(_ id: String, _ app: String, _ created: String, _ ended: String) -> String {
            #"{"id":"\#(id)","namespace":"company","flowId":"f","labels":[{"key":"system.app","value":"\#(app)"}],"#
                + #""state":{"current":"SUCCESS","histories":[{"state":"CREATED","date":"\#(created)"},{"state":"SUCCESS","date":"\#(ended)"}]}}"#
        }
        for (i, app) in apps.enumerated() {
            for k in 0..<(i + 2) {
                let at = String(format: "2026-11-%02dT%02d:%02d:00", 16 + k % 7, 9 + i, k)
                lines.append(execution("w\(i)-\(k)", app, at + "Z", String(at.dropLast(2)) + "30Z"))
            }
            lines.append(execution("b\(i)", app, "2026-11-01T08:00:00Z", "2026-11-01T08:00:30Z"))
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: dir + "/executions.ndjson", atomically: true, encoding: .utf8)
        let r = try run(Binaries.apptrail, ["import", "executions.ndjson"], environment: environment, directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("executions.ndjson: \(lines.count) executions (\(lines.count) new, "), "\(r.stderr)")
        return dir
    }

    /// The execution ids the warehouse holds for `app` in `[from, to)`, in the audit's order, read with the app id
    /// bound as text.
    static func stored(_ dir: String, app: String, from: String = "0001-01-01", to: String = "9999-12-31") throws
        -> [String]
    {
        try Warehouse(path: dir + "/apptrail.db", readOnly: true).read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM app_executions WHERE app_id = ? AND submitted_at >= ? AND submitted_at < ? ORDER BY submitted_at, id
                    """, arguments: [app, from, to])
        }
    }

    /// The rows of a CSV as RFC 4180 lines (no cell here holds a line break), the header first.
    static func rows(_ csv: String) -> [[String]] {
        csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    }

    @Test func exportWritesExactlyEachAppsRowsAndCountsThem() throws {
        let dir = try Self.warehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (i, app) in Self.apps.enumerated() {
            let expected = try Self.stored(dir, app: app)
            #expect(expected.count == i + 3, "\(app)")
            let out = "export-\(i)"
            let r = try run(
                Binaries.apptrail, ["export", "--app", app, "--out", out],
                environment: Self.environment.merging(["APPTRAIL_PROGRESS_INTERVAL": "0"]) { $1 }, directory: dir)
            #expect(r.status == 0, "\(app): \(r.stderr)")
            #expect(r.stdout == "1 file in \(out), manifest \(out)/manifest-sha256.txt\n")
            // The total the progress announces is the number of rows written.
            #expect(r.stderr.contains("export: 0 of \(expected.count) executions (0%)"), "\(app): \(r.stderr)")
            #expect(r.stderr.contains("\n\(app).csv: \(expected.count) executions of \(app)\n"), "\(app): \(r.stderr)")
            let csv = try String(contentsOfFile: "\(dir)/\(out)/\(app).csv", encoding: .utf8)
            let rows = Self.rows(csv)
            #expect(rows.first.map { Array($0.prefix(2)) } == ["execution_id", "app_id"])
            #expect(rows.dropFirst().map { $0[0] } == expected, "\(app)")
            #expect(rows.dropFirst().allSatisfy { $0[1] == app }, "\(app)")
            let manifest = try run("/usr/bin/sha256sum", ["-c", "manifest-sha256.txt"], directory: "\(dir)/\(out)")
            #expect(
                manifest.status == 0 && manifest.stdout == "\(app).csv: OK\nexport.json: OK\n",
                "\(manifest.stdout)\(manifest.stderr)")
        }
    }

    @Test func exportOfAPeriodAndTheAuditQueryAgree() throws {
        let dir = try Self.warehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (i, app) in Self.apps.enumerated() {
            let expected = try Self.stored(
                dir, app: app, from: "2026-11-16T00:00:00.000000Z", to: "2026-11-23T00:00:00.000000Z")
            #expect(expected.count == i + 2, "\(app)")
            let export = try run(
                Binaries.apptrail,
                ["export", "--app", app, "--from", "2026-11-16", "--to", "2026-11-23", "--out", "w47", "--quiet"],
                environment: Self.environment, directory: dir)
            #expect(export.status == 0 && export.stderr.isEmpty, "\(app): \(export.stderr)")
            let exported = Self.rows(try String(contentsOfFile: "\(dir)/w47/\(app).csv", encoding: .utf8))

            let query = try run(
                Binaries.apptrail,
                [
                    "query", "audit", "--param", "app=\(app)", "--param", "from=2026-11-16",
                    "--param", "to=2026-11-23T00:00:00Z", "--format", "csv",
                ],
                environment: Self.environment, directory: dir)
            #expect(query.status == 0 && query.stderr.isEmpty, "\(app): \(query.stderr)")
            let queried = Self.rows(query.stdout)
            #expect(queried.first == exported.first)
            #expect(queried.dropFirst().map { $0[0] } == expected, "\(app)")
            #expect(exported.dropFirst().map { $0[0] } == expected, "\(app)")
            #expect(queried.dropFirst().allSatisfy { $0[1] == app }, "\(app)")
        }
    }

    @Test func theReportsPerAppSheetsHoldEachAppsRows() throws {
        let dir = try Self.warehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try run(
            Binaries.apptrail, ["report", "weekly", "--week", "2026-W47", "--out", "r"], environment: Self.environment,
            directory: dir)
        #expect(r.status == 0 && r.stdout == "r/weekly-2026-W47.xlsx\n", "\(r.stderr)")
        for (i, app) in Self.apps.enumerated() {
            #expect(r.stderr.contains("\n\(app): \(i + 2) rows\n"), "\(app): \(r.stderr)")
        }
    }

    @Test func aValueThatIsNotOfItsDeclaredTypeIsAUsageError() throws {
        let dir = try Self.warehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hours = try run(
            Binaries.apptrail, ["query", "pending_approvals", "--param", "as_of=\(Self.now)", "--param", "hours=abc"],
            environment: Self.environment, directory: dir)
        #expect(hours.status == 64)
        #expect(hours.stdout.isEmpty)
        #expect(
            hours.stderr
                == "error: query pending_approvals: parameter hours takes a number (such as 48 or 1.5), not 'abc'\n")
        let from = try run(
            Binaries.apptrail,
            ["query", "audit", "--param", "app=1e5", "--param", "from=yesterday", "--param", "to=2026-11-23"],
            environment: Self.environment, directory: dir)
        #expect(from.status == 64)
        #expect(
            from.stderr
                == "error: query audit: parameter from takes an instant (YYYY-MM-DD or ISO-8601, such as 2026-11-25T12:00:00Z), not 'yesterday'\n"
        )
        let limit = try run(
            Binaries.apptrail, ["query", "top_submitters", "--week", "2026-W47", "--param", "limit=1e5"],
            environment: Self.environment, directory: dir)
        #expect(limit.status == 64)
        #expect(
            limit.stderr == "error: query top_submitters: parameter limit takes an integer (such as 10), not '1e5'\n")
    }

    @Test func aQueryFileWithAnUntypedParameterIsRefused() throws {
        let dir = try Self.warehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try
            "-- name: per_state\n-- description: Executions per state of one app.\n-- param: app  the app id\nSELECT state, count(*) FROM executions WHERE app_id = :app GROUP BY state\n"
            .write(toFile: dir + "/per-state.sql", atomically: true, encoding: .utf8)
        let untyped = try run(
            Binaries.apptrail, ["query", "./per-state.sql", "--param", "app=1e5"], environment: Self.environment,
            directory: dir)
        #expect(untyped.status == 78)
        #expect(
            untyped.stderr
                == "error: ./per-state.sql:3: '-- param: app' declares no type: write '-- param: app TYPE description' with TYPE one of text, integer, number, instant\n"
        )

        try
            "-- name: per_state\n-- description: Executions per state of one app.\n-- param: app text the app id\nSELECT state, count(*) AS n FROM executions WHERE app_id = :app GROUP BY state\n"
            .write(toFile: dir + "/per-state.sql", atomically: true, encoding: .utf8)
        let typed = try run(
            Binaries.apptrail, ["query", "./per-state.sql", "--param", "app=1e5", "--format", "csv"],
            environment: Self.environment, directory: dir)
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(typed.stdout == "state,n\r\nSUCCESS,3\r\n")
    }
}
