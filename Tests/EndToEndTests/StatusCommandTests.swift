import AppTrailTestSupport
import Foundation
import Testing
import Warehouse

/// `apptrail status` and its `--check` for cron and monitoring agents, with the clock pinned by APPTRAIL_NOW.
@Suite struct StatusCommandTests {
    static let synced = "2026-11-25T12:00:00Z"

    /// An Enterprise simulator whose apps include two that expire on 2026-11-30 and one limited app, synced
    /// at `synced`.
    private func syncedWarehouse() throws -> (dir: String, sim: SimulatorProcess) {
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "3000", "--apps", "8", "--edition", "ee", "--now", Self.synced,
        ])
        let dir = temporaryFolder("apptrail-e2e")
        let sync = try run(
            Binaries.apptrail, ["sync", "--quiet"],
            environment: ["KESTRA_URL": sim.url, "KESTRA_TENANT": "acme", "APPTRAIL_NOW": Self.synced], directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        return (dir, sim)
    }

    private func status(_ arguments: [String], now: String, in dir: String) throws -> RunResult {
        try run(Binaries.apptrail, ["status"] + arguments, environment: ["APPTRAIL_NOW": now], directory: dir)
    }

    @Test func checkPassesWhenFreshAndFailsWhenStaleOrExpiring() throws {
        let (dir, _) = try syncedWarehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let fresh = try status(["--check", "--quiet", "--expiring-within", "3d"], now: "2026-11-25T12:30:00Z", in: dir)
        #expect(fresh.status == 0 && fresh.stdout.isEmpty && fresh.stderr.isEmpty, "\(fresh.stdout)\(fresh.stderr)")

        let stale = try status(["--check", "--quiet", "--expiring-within", "3d"], now: "2026-11-25T15:10:00Z", in: dir)
        #expect(stale.status == 1)
        #expect(
            stale.stdout
                == "problem: the last successful sync is 3h 10m old (2026-11-25T12:00:00.000Z), more than the 1h allowed\n"
        )
        #expect(
            try status(
                ["--check", "--quiet", "--max-age", "4h", "--expiring-within", "3d"], now: "2026-11-25T15:10:00Z",
                in: dir
            ).status == 0)

        let expiring = try status(["--check", "--quiet"], now: "2026-11-25T12:10:00Z", in: dir)
        #expect(expiring.status == 1)
        #expect(
            expiring.stdout == """
                problem: app budgetChange expires in 4d 11h (2026-11-30T00:00:00.000Z)
                problem: app computeResourcesForm expires in 4d 11h (2026-11-30T00:00:00.000Z)

                """)
        // Without --check the problems are shown and the exit code stays 0.
        let plain = try status([], now: "2026-11-25T12:10:00Z", in: dir)
        #expect(plain.status == 0)
        #expect(
            plain.stdout.hasPrefix(
                "warehouse: ./apptrail.db\nexecutions: 2532 in 8 app(s); 124 not yet finished\nlast successful sync: 2026-11-25T12:00:00.000Z (10m ago)\n"
            ))
        #expect(
            plain.stdout.contains(
                "\n  #1 sync incremental 2026-11-25T12:00:00.000000Z succeeded: 2532 new, 0 changed, "))
        #expect(plain.stdout.contains("\napps expiring within 7d: 2\nproblem: app budgetChange expires in 4d 11h"))
    }

    @Test func theBacklogListsPendingApprovalsOlderThanTheThreshold() throws {
        let (dir, _) = try syncedWarehouse()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try status(["--pending-older-than", "30d"], now: Self.synced, in: dir)
        #expect(r.status == 0)
        #expect(
            r.stdout.contains(
                """
                pending approvals waiting more than 30d: 15
                  expenseApproval 6dQuIdg0LCp59legyzaZlp waiting since 2026-10-14T13:54:40.000000Z (41d 22h)
                """), "\(r.stdout)")
        let json = try status(["--format", "json", "--pending-older-than", "30d"], now: Self.synced, in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let backlog = try #require(object["pending_backlog"] as? [[String: Any]])
        #expect(backlog.count == 15) // sqlite3: decision = 'pending' AND last_paused_at <= now - 30 days
        #expect(backlog.first?["execution_id"] as? String == "6dQuIdg0LCp59legyzaZlp")
        #expect(object["ok"] as? Bool == false)
        #expect((object["problems"] as? [String])?.count == 2)
        #expect(object["last_successful_sync_age_s"] as? Double == 0)
        #expect((object["thresholds"] as? [String: Double])?["pending_older_than_s"] == 2_592_000.0)
    }

    @Test func aWarehouseNeverSyncedOrMissingFailsTheCheck() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try status(["--check"], now: Self.synced, in: dir)
        #expect(missing.status == 66)
        #expect(
            missing.stderr
                == "error: no warehouse at ./apptrail.db: run `apptrail sync` or `apptrail import` first, or pass --db\n"
        )

        // A first sync that failed leaves no warehouse; into one that exists, it leaves no successful sync.
        let failed = try run(
            Binaries.apptrail, ["sync", "--quiet", "--server", "http://127.0.0.1:9"], environment: [:], directory: dir)
        #expect(failed.status == 69)
        #expect(try status(["--check"], now: Self.synced, in: dir).status == 66)
        _ = try Warehouse(path: dir + "/apptrail.db")
        let again = try run(
            Binaries.apptrail, ["sync", "--quiet", "--server", "http://127.0.0.1:9"], environment: [:], directory: dir)
        #expect(again.status == 69)
        let never = try status(["--check", "--quiet"], now: Self.synced, in: dir)
        #expect(never.status == 1 && never.stdout == "problem: no sync has succeeded yet\n")

        let bad = try status(["--check", "--max-age", "soon"], now: Self.synced, in: dir)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--max-age is not a duration (90s, 15m, 2h, 7d, 2w, 1h30m or PT2H): soon"))
    }
}
