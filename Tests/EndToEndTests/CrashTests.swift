import Foundation
import GRDB
import Testing
import Warehouse

/// Kills `apptrail sync` with SIGKILL in the middle of its work, then lets the next sync finish.
@Suite struct CrashTests {
    @Test func aSyncKilledMidwayIsCompletedByTheNextOne() throws {
        let sim = try SimulatorProcess(["--seed", "9", "--executions", "20000", "--apps", "6", "--edition", "oss",
                                        "--now", "2026-11-25T12:00:00Z"])
        let dir = temporaryDirectory()
        let db = dir + "/apptrail.db"
        let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": "2026-11-25T12:00:00Z"]

        var kills = 0
        for delay in [0.3, 0.7] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binaries.apptrail)
            process.arguments = ["sync", "--quiet", "--page-size", "100", "--db", db]
            process.environment = env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills >= 1, "the sync finished before it could be killed: make the dataset larger")
        let partial = try TruthComparison.stored(db)
        let expected = TruthComparison.expected(try TruthComparison.records(sim.admin("GET", "/_sim/truth")), tenant: "main")
        #expect(partial.count < expected.count)
        for (id, line) in partial { #expect(expected[id] == line) }

        let final = try run(Binaries.apptrail, ["sync", "--quiet", "--db", db], environment: env)
        #expect(final.status == 0, "\(final.stderr)")
        let stored = try TruthComparison.stored(db)
        #expect(stored == expected, "\(Set(expected.keys).subtracting(stored.keys).count) missing, \(Set(stored.keys).subtracting(expected.keys).count) unexpected")

        let w = try Warehouse(path: db, readOnly: true)
        #expect(try w.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        let outcomes = try w.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM sync_runs ORDER BY id") }
        #expect(outcomes == Array(repeating: "interrupted", count: kills) + ["succeeded"])
    }
}
