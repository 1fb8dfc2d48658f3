import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

extension Reliability {
    /// Commands that meet on one warehouse: a second sync steps back at once, and a report and an export made
    /// while a sync writes each read one consistent snapshot.
    @Suite(.serialized) struct ConcurrencyTests {
        static let now = "2026-11-25T12:00:00Z"

        @Test func aSecondSyncExits75AndReadersGetASnapshotWhileASyncWrites() throws {
            let sim = try SimulatorProcess([
                "--seed", "12", "--executions", "30000", "--apps", "5", "--edition", "oss", "--now", Self.now,
            ])
            let dir = temporaryFolder("apptrail-e2e")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let db = dir + "/apptrail.db"
            let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now, "APPTRAIL_DB": db]

            // Small pages keep the first sync writing for several seconds.
            let writer = try launch(Binaries.apptrail, ["sync", "--quiet", "--page-size", "20"], environment: env)
            defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
            try waitForRows(db, atLeast: 2_000, while: writer)

            let second = try run(Binaries.apptrail, ["sync"], environment: env)
            // It gave up at once rather than wait for the lock: the first sync is still writing (no wall clock involved).
            #expect(writer.isRunning, "the second sync waited for the first to end")
            #expect(second.status == 75)
            #expect(
                second.stderr.hasPrefix("error: another sync holds the warehouse lock \(db).lock"), "\(second.stderr)")
            #expect(second.stderr.hasSuffix(": try again later\n") && second.stderr.split(separator: "\n").count == 1)

            // A report over the whole history: its sheets run on two connections that must see the same data.
            let report = try run(
                Binaries.apptrail,
                [
                    "report", "weekly", "--from", "2026-01-01", "--to", "2026-11-26",
                    "--format", "csv", "--quiet", "--out", dir + "/report",
                ], environment: env)
            #expect(report.status == 0, "\(report.stderr)")
            let export = try run(Binaries.apptrail, ["export", "--quiet", "--out", dir + "/export"], environment: env)
            #expect(export.status == 0, "\(export.stderr)")
            #expect(writer.isRunning, "the sync ended before the report and the export ran: make it longer")

            let folder =
                dir + "/report/" + (try FileManager.default.contentsOfDirectory(atPath: dir + "/report").first ?? "")
            let summary = try csv(folder + "/summary.csv")
            let daily = try csv(folder + "/daily.csv")
            var perDay: [String: Int] = [:]
            for row in daily { perDay[row["app_id"]!, default: 0] += Int(row["submissions"]!)! }
            let perApp = Dictionary(
                uniqueKeysWithValues: summary.filter { $0["app_id"] != "TOTAL" }.map {
                    ($0["app_id"]!, Int($0["submissions"]!)!)
                })
            #expect(!perApp.isEmpty && perApp.values.reduce(0, +) > 0)
            #expect(perApp == perDay.filter { $0.value > 0 }, "summary and daily saw different data")

            // No need to wait for the small pages: the writer stops here, and a sync with full pages completes.
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let completion = try run(Binaries.apptrail, ["sync", "--quiet"], environment: env)
            #expect(completion.status == 0, "\(completion.stderr)")
            // The export is a prefix, by start date, of the complete warehouse (test and playground runs left out, as
            // the export does): the sync pages by start date, so a snapshot holds every execution before the last
            // one it holds, in every app at once.
            let exported = try exportedRows(dir + "/export")
            let cutoff = exported.map(\.submittedAt).max()!
            let complete = try Warehouse(path: db, readOnly: true).read { db in
                try Row.fetchAll(
                    db, sql: "SELECT id, substr(submitted_at, 1, 23) || 'Z' AS submitted_at FROM app_executions"
                ).map { ($0["id"] as String, $0["submitted_at"] as String) }
            }
            let exportedIDs = Set(exported.map(\.id))
            let missing = complete.filter { $0.1 < cutoff && !exportedIDs.contains($0.0) }.map(\.1).sorted()
            #expect(
                missing.isEmpty,
                "\(missing.count) executions before the snapshot's last (\(cutoff)) are missing from it: \(missing.prefix(3)) ... \(missing.suffix(3))"
            )
            #expect(exportedIDs.isSubset(of: Set(complete.map(\.0))))
            #expect(exportedIDs.count < complete.count)
            let expected = TruthComparison.expected(
                try TruthComparison.records(sim.admin("GET", "/_sim/truth")), tenant: "main")
            #expect(try TruthComparison.stored(db) == expected)
            print(
                "reliability: a second sync, a report and an export during a sync | exit 75 while the first still wrote; report and export exit 0 on a snapshot of \(exportedIDs.count) of \(complete.count) executions | lost 0 | duplicated 0"
            )
        }

        /// Waits, however slow a loaded machine makes it, until the running sync has stored `count` executions.
        private func waitForRows(_ db: String, atLeast count: Int, while writer: Process) throws {
            while writer.isRunning {
                if FileManager.default.fileExists(atPath: db),
                    let n = try? Warehouse(path: db, readOnly: true).read({
                        try Int.fetchOne($0, sql: "SELECT count(*) FROM executions")
                    }),
                    n >= count
                {
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("the sync ended (status \(writer.terminationStatus)) before it stored \(count) executions")
        }

        /// A CSV with a header and no quoted commas in the columns read here.
        private func csv(_ path: String) throws -> [[String: String]] {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            guard let header = lines.first else { return [] }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        }

        /// Execution ids and submission instants of every per-app file of an export (the first columns hold no commas).
        private func exportedRows(_ folder: String) throws -> [(id: String, submittedAt: String)] {
            var out: [(String, String)] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
                let lines = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\r\n")
                    .dropFirst()
                for line in lines {
                    let fields = line.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false)
                    out.append((String(fields[0]), String(fields[7])))
                }
            }
            return out
        }
    }
}
