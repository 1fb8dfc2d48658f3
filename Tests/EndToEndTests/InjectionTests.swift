import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// App ids that look like SQL reach SQLite only as bound values and the server only percent-encoded: they
/// match nothing and change nothing.
@Suite struct InjectionTests {
    /// Each hostile value with its percent-encoded form, written out by hand rather than by the code under test.
    static let hostile = [
        ("' OR 1=1 --", "%27%20OR%201%3D1%20--"),
        (#"x"; DROP TABLE executions; --"#, "x%22%3B%20DROP%20TABLE%20executions%3B%20--"),
    ]
    let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z", "KESTRA_TENANT": "acme"]

    func executionCount(_ dir: String) throws -> Int {
        try Warehouse(path: dir + "/apptrail.db", readOnly: true).executionCount()
    }

    @Test(arguments: hostile)
    func aHostileAppIdIsAValueNotSQL(value: String, encoded: String) throws {
        let sim = try SimulatorProcess([
            "--seed", "8", "--executions", "300", "--edition", "ee", "--now", "2026-11-25T12:00:00Z",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        var environment = env
        environment["KESTRA_URL"] = sim.url
        #expect(try run(Binaries.apptrail, ["sync", "--quiet"], environment: environment, directory: dir).status == 0)
        let before = try executionCount(dir)
        #expect(before > 100)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/apptrail.db"))

        let export = try run(
            Binaries.apptrail, ["export", "--app", value, "--out", "e"], environment: env, directory: dir)
        #expect(export.status == 64)
        #expect(export.stderr.hasPrefix("error: unknown app '\(value)'; the warehouse knows: "), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/e"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dir + "/apptrail.db")) == bytes, "export changed the warehouse")

        // The audit query's :app, against a real app as the control: rows for it, none for the hostile value.
        let apps = try run(Binaries.apptrail, ["apps", "--format", "csv"], environment: env, directory: dir)
        let real = String(apps.stdout.split(separator: "\r\n")[1].prefix { $0 != "," })
        let period = ["--param", "from=2026-01-01", "--param", "to=2027-01-01", "--format", "csv"]
        let control = try run(Binaries.apptrail, ["query", "audit", "--param", "app=\(real)"] + period, directory: dir)
        #expect(control.status == 0 && control.stdout.split(separator: "\r\n").count > 2, "\(control.stderr)")
        let header = control.stdout.components(separatedBy: "\r\n")[0] + "\r\n"
        let query = try run(Binaries.apptrail, ["query", "audit", "--param", "app=\(value)"] + period, directory: dir)
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout == header)

        // sync --app: the value goes to the server as an encoded label filter, matches nothing there, stores nothing.
        try sim.admin("DELETE", "/_sim/requests")
        let sync = try run(Binaries.apptrail, ["sync", "--app", value], environment: environment, directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(
            sync.stderr.contains("\nsynced: inserted 0, updated 0, unchanged 0, skipped 0 without app label; "),
            "\(sync.stderr)")
        let log = try JSONSerialization.jsonObject(with: try sim.admin("GET", "/_sim/requests")) as! [String: Any]
        let targets = (log["requests"] as! [[String: Any]]).map { $0["target"] as! String }
        let searches = targets.filter { $0.hasPrefix("/api/v1/acme/executions/search?") }
        #expect(searches.count == 2, "\(targets)")
        for key in ["system.app", "system_app"] {
            #expect(
                searches.contains { $0.contains("filters%5Blabels%5D%5BEQUALS%5D%5B\(key)%5D=\(encoded)&") },
                "\(searches)")
        }
        #expect(!targets.contains { $0.contains(value) })
        #expect(try executionCount(dir) == before)
        let tables = try Warehouse(path: dir + "/apptrail.db", readOnly: true).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'executions'")
        }
        #expect(tables == ["executions"])
    }
}
