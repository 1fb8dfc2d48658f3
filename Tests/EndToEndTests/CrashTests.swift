import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

extension Reliability {
    /// SIGKILLs `apptrail sync`, `export` and `report` at random moments, then lets a run finish: nothing is lost,
    /// duplicated or half-written, and no output file looks complete unless it is.
    @Suite(.serialized) struct CrashTests {
        static let now = "2026-11-25T12:00:00Z"

        @Test func twentyKillsOfA100kSyncLoseNothing() throws {
            let sim = try SimulatorProcess([
                "--seed", "9", "--executions", "100000", "--apps", "6", "--edition", "oss", "--now", Self.now,
            ])
            let dir = temporaryFolder("apptrail-e2e")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let db = dir + "/apptrail.db"
            let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now]
            let expected = TruthComparison.expected(
                try TruthComparison.records(sim.admin("GET", "/_sim/truth")), tenant: "main")
            #expect(expected.count > 80_000)

            var random = SplitMix(seed: 20_261_125)
            var kills = 0
            var completed = 0
            var runs = 0
            // A kill in the first milliseconds can land before the run is recorded (while the warehouse opens):
            // such a run wrote nothing, and there is no record for the next run to mark.
            var killedBeforeRecording = 0
            var killedAfter: [Double] = []
            func recordedRuns() throws -> Int {
                guard FileManager.default.fileExists(atPath: db) else { return 0 }
                return try Warehouse(path: db, readOnly: true).read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs") ?? 0
                }
            }
            while kills < 20 && runs < 60 {
                runs += 1
                // Early kills land while apps are planned and the first pages commit; later ones mid-crawl.
                let delay = 0.05 + random.unit() * 2.5
                let before = try recordedRuns()
                let process = try launch(Binaries.apptrail, ["sync", "--quiet", "--db", db], environment: env)
                Thread.sleep(forTimeInterval: delay)
                var killed = false
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                    killed = true
                    killedAfter.append(delay)
                }
                process.waitUntilExit()
                if killed, try recordedRuns() == before { killedBeforeRecording += 1 }
                if process.terminationReason == .exit {
                    #expect(process.terminationStatus == 0)
                    completed += 1
                }
                // After every kill, what the warehouse holds is what the server said, page by whole page.
                let partial = try TruthComparison.stored(db)
                let wrong = partial.filter { expected[$0.key] != $0.value }.count
                #expect(wrong == 0, "\(wrong) executions differ after kill \(kills)")
                #expect(try quickCheck(db) == "ok")
            }
            #expect(kills == 20)

            let final = try run(Binaries.apptrail, ["sync", "--quiet", "--db", db], environment: env)
            #expect(final.status == 0 && final.stderr.isEmpty, "\(final.stderr)")
            let stored = try TruthComparison.stored(db)
            let lost = Set(expected.keys).subtracting(stored.keys).count
            let unexpected = Set(stored.keys).subtracting(expected.keys).count
            let differing = stored.filter { expected[$0.key] != nil && expected[$0.key] != $0.value }.count
            #expect(lost == 0 && unexpected == 0 && differing == 0)

            let w = try Warehouse(path: db, readOnly: true)
            let (rows, distinct, integrity, outcomes) = try w.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM executions")!,
                    try Int.fetchOne(db, sql: "SELECT count(DISTINCT id) FROM executions")!,
                    try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                    try String.fetchAll(db, sql: "SELECT outcome FROM sync_runs ORDER BY id")
                )
            }
            #expect(rows == expected.count && distinct == rows && integrity == "ok")
            // Every killed run is recorded as interrupted by the next one; none is left "running".
            #expect(outcomes.filter { $0 == "interrupted" }.count == kills - killedBeforeRecording)
            #expect(outcomes.filter { $0 == "succeeded" }.count == completed + 1)
            #expect(outcomes.count == kills - killedBeforeRecording + completed + 1)
            #expect(killedBeforeRecording <= 3, "most kills land mid-crawl")
            print(
                "reliability: sync of \(expected.count) app executions (100,000 on the server) | SIGKILLs \(kills) (after \(killedAfter.map { String(format: "%.2f", $0) }.joined(separator: ", ")) s) | runs completed between kills \(completed) | killed before the run was recorded \(killedBeforeRecording) | lost \(lost) | duplicated \(rows - distinct) | integrity \(integrity ?? "?")"
            )
        }

        @Test func killedExportsAndReportsLeaveNoFileThatLooksComplete() throws {
            let dir = temporaryFolder("apptrail-e2e")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let db = dir + "/apptrail.db"
            let env = ["APPTRAIL_NOW": Self.now, "APPTRAIL_DB": db]
            let dump = "\"$0\" dump --seed 9 --executions 60000 --apps 6 --edition oss --now \(Self.now) > \"$1\""
            #expect(try run("/bin/sh", ["-c", dump, Binaries.kestraSim, dir + "/executions.ndjson"]).status == 0)
            #expect(
                try run(Binaries.apptrail, ["import", "--quiet", dir + "/executions.ndjson"], environment: env).status
                    == 0)

            // The outputs of runs that finish: every later file must equal one of these, byte for byte. Both runs
            // write to `out` relative to a folder of their own, so that export.json names the same folder.
            let commands: [(name: String, arguments: [String])] = [
                ("export", ["export", "--quiet", "--out", "out"]),
                ("report", ["report", "weekly", "--format", "all", "--quiet", "--out", "out"]),
            ]
            var random = SplitMix(seed: 4)
            for (name, arguments) in commands {
                let reference = dir + "/reference-" + name
                let killed = dir + "/killed-" + name
                for folder in [reference, killed] {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                let started = Date()
                #expect(try run(Binaries.apptrail, arguments, environment: env, directory: reference).status == 0)
                let duration = Date().timeIntervalSince(started)
                let expected = try files(under: reference + "/out")
                #expect(!expected.isEmpty)

                var kills = 0
                var checked = 0
                for _ in 0..<10 {
                    let process = try launch(Binaries.apptrail, arguments, environment: env, directory: killed)
                    // Up to a little past the reference's duration: some runs die while renaming, a few finish.
                    Thread.sleep(forTimeInterval: random.unit() * duration * 1.2)
                    if process.isRunning {
                        kill(process.processIdentifier, SIGKILL)
                        kills += 1
                    }
                    process.waitUntilExit()
                    // A file under its final name is whole; an unfinished one has a hidden name.
                    for (path, bytes) in try files(under: killed + "/out") {
                        #expect(expected[path] == bytes, "\(name): \(path) looks complete but is not")
                        checked += 1
                    }
                }
                #expect(kills >= 5, "\(name) finished too fast to be killed")
                // A run to the end clears what killed runs left and writes everything.
                #expect(try run(Binaries.apptrail, arguments, environment: env, directory: killed).status == 0)
                #expect(try files(under: killed + "/out") == expected)
                #expect(try hiddenFiles(under: killed + "/out").isEmpty)
                print(
                    "reliability: \(name) of 60,000 executions | SIGKILLs \(kills) | files under a final name checked \(checked) | incomplete 0"
                )
            }
        }

        private func quickCheck(_ path: String) throws -> String? {
            try Warehouse(path: path, readOnly: true).read { try String.fetchOne($0, sql: "PRAGMA quick_check") }
        }

        /// Files under `root` whose names are not hidden, by relative path, with their bytes.
        private func files(under root: String) throws -> [String: Data] {
            var out: [String: Data] = [:]
            guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    out[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
                }
            }
            return out
        }

        private func hiddenFiles(under root: String) throws -> [String] {
            (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
                .filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        }
    }
}

/// A small seeded generator (SplitMix64), so that a failing run can be replayed.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
