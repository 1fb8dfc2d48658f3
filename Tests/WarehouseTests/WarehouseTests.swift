import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import Testing

@testable import Warehouse

/// A fresh warehouse file in its own temporary folder.
func temporaryWarehousePath() -> String { temporaryFolder("apptrail-wh") + "/apptrail.db" }

func execution(
    _ id: String, app: String = "expenses", states: [(String, String)], resumedBy: String? = nil,
    taskRuns: Bool = true, inputs: String = "{}"
) -> ExecutionRecord {
    ExecutionRecord(
        id: id, tenant: "main", namespace: "company.finance", flowId: "expense", flowRevision: 3,
        labels: [Label("system.app", app), Label("system.username", "dana")], inputsJSON: inputs,
        state: StateType(states.last!.0), histories: states.map { StateEntry(StateType($0.0), Instant(iso: $0.1)!) },
        pauseTaskRun: resumedBy.map { PauseTaskRun(resumedBy: $0) }, hasTaskRuns: taskRuns)
}

func rows(_ records: [ExecutionRecord]) -> [ExecutionRow] {
    records.compactMap { ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main") }
}

let now = Instant(iso: "2026-11-20T12:00:00Z")!

@Suite struct WarehouseTests {
    let pending = execution("e1", states: [("CREATED", "2026-11-16T09:00:00Z"), ("PAUSED", "2026-11-16T09:00:01.25Z")])
    let approved = execution(
        "e1",
        states: [
            ("CREATED", "2026-11-16T09:00:00Z"), ("PAUSED", "2026-11-16T09:00:01.25Z"),
            ("RESTARTED", "2026-11-16T10:00:01.25Z"), ("RUNNING", "2026-11-16T10:00:02Z"),
            ("SUCCESS", "2026-11-16T10:00:03Z"),
        ], resumedBy: "alice")

    @Test func createsAnOwnerOnlyFileWithTheSchema() throws {
        let path = temporaryWarehousePath()
        let w = try Warehouse(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let tables = try w.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name")
        }
        #expect(
            tables.contains("executions") && tables.contains("execution_states") && tables.contains("execution_labels")
                && tables.contains("execution_inputs") && tables.contains("apps") && tables.contains("sync_runs")
                && tables.contains("sync_cursors"))
        let journal = try w.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func upsertIsIdempotentAndCountsChanges() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        #expect(try w.ingest(rows([pending]), now: now).inserted == 1)
        let again = try w.ingest(rows([pending]), now: now + 1_000_000)
        #expect(again.unchanged == 1 && again.inserted == 0 && again.updated == 0)
        let updated = try w.ingest(rows([approved]), now: now + 2_000_000)
        #expect(updated.updated == 1)
        let row = try w.read { db in try Row.fetchOne(db, sql: "SELECT * FROM executions WHERE id = 'e1'") }!
        #expect(row["decision"] as String? == "approved")
        #expect(row["decided_by"] as String? == "alice")
        #expect(row["decision_s"] as Double? == 3600)
        #expect(row["paused_s"] as Double? == 3600)
        #expect(row["duration_s"] as Double? == 3603)
        #expect(row["submitted_at"] as String? == "2026-11-16T09:00:00.000000Z")
        #expect(row["first_seen_at"] as String? == now.iso)
        #expect(row["updated_at"] as String? == (now + 2_000_000).iso)
        #expect(row["is_terminal"] as Int? == 1)
    }

    @Test func sourceWithoutTaskRunsKeepsWhoDecided() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(rows([approved]), now: now)
        var light = approved
        light.pauseTaskRun = nil
        light.hasTaskRuns = false
        let counts = try w.ingest(rows([light]), now: now)
        #expect(counts.unchanged == 1)
        let by = try w.read { db in try String.fetchOne(db, sql: "SELECT decided_by FROM executions") }
        #expect(by == "alice")
    }

    @Test func duplicateIdsInOneBatchKeepTheNewest() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        let counts = try w.ingest(rows([pending, approved]), now: now)
        #expect(counts.inserted == 1 && counts.updated == 1 && counts.stale == 0)
        #expect(try w.read { db in try String.fetchOne(db, sql: "SELECT decision FROM executions") } == "approved")
        let other = try Warehouse(path: temporaryWarehousePath())
        let reversed = try other.ingest(rows([approved, pending]), now: now)
        #expect(reversed.inserted == 1 && reversed.updated == 0 && reversed.unchanged == 0 && reversed.stale == 1)
        #expect(try other.read { db in try String.fetchOne(db, sql: "SELECT decision FROM executions") } == "approved")
    }

    @Test func anOlderCopyNeverReplacesANewerOne() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(rows([approved]), now: now)
        // Fewer states, and as many states with an earlier last date: both older.
        let shorter = try w.ingest(rows([pending]), now: now + 1_000_000)
        let earlier = execution(
            "e1",
            states: [
                ("CREATED", "2026-11-16T09:00:00Z"), ("PAUSED", "2026-11-16T09:00:01.25Z"),
                ("RESTARTED", "2026-11-16T10:00:01.25Z"), ("RUNNING", "2026-11-16T10:00:02Z"),
                ("FAILED", "2026-11-16T10:00:02.5Z"),
            ])
        let earlierCounts = try w.ingest(rows([earlier]), now: now + 2_000_000)
        #expect(shorter.stale == 1 && shorter.unchanged == 0 && earlierCounts.stale == 1)
        let row = try w.read { db in try Row.fetchOne(db, sql: "SELECT state, decided_by, updated_at FROM executions")
        }!
        #expect(
            row["state"] as String? == "SUCCESS" && row["decided_by"] as String? == "alice"
                && row["updated_at"] as String? == now.iso)
        // A copy as new (same last date, same length) with another label replaces it: an edit, not an older copy.
        var relabelled = approved
        relabelled.labels.append(Label("team", "finance"))
        let edit = try w.ingest(rows([relabelled]), now: now + 3_000_000)
        #expect(edit.updated == 1 && edit.stale == 0)
        #expect(
            try w.read { db in try String.fetchOne(db, sql: "SELECT labels_json FROM executions") }?.contains("finance")
                == true)
    }

    @Test func judgingACopyLeavesNoReadOpenBehind() throws {
        // An unchanged and an older copy each ask the stored copy's freshness; a statement left on its row
        // would hold a read transaction past the commit, and the write-ahead log could never start over.
        let path = temporaryWarehousePath()
        let w = try Warehouse(path: path)
        try w.ingest(rows([approved]), now: now)
        let counts = try w.ingest(rows([approved, pending]), now: now)
        #expect(counts.unchanged == 1 && counts.stale == 1)
        let checkpoint = try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        #expect(checkpoint?[0] as Int? == 0, "a connection still reads an old snapshot: the checkpoint was blocked")
        #expect(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int == 0)
    }

    @Test func datesCountToTheMillisecondWhenJudgingCopies() throws {
        // Kestra's answer to a creation carries nanoseconds; a later read of the same state, milliseconds.
        let created = execution("e9", states: [("CREATED", "2026-11-16T09:00:00.447110427Z")])
        let read = execution("e9", states: [("CREATED", "2026-11-16T09:00:00.447Z")])
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(rows([created]), now: now)
        let counts = try w.ingest(rows([read]), now: now)
        #expect(counts.updated == 1 && counts.stale == 0)
        #expect(try w.ingest(rows([created]), now: now).updated == 1)
    }

    @Test func pageAndWatermarkCommitTogether() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        let run = try w.beginRun(command: "sync", mode: "incremental", version: "t", now: now)
        try w.ingest(
            rows([pending]),
            cursors: [
                SyncWatermark(scope: "main/app/system.app/expenses", watermark: Instant(iso: "2026-11-16T09:00:00Z")!)
            ], run: run, now: now)
        #expect(try w.watermark(scope: "main/app/system.app/expenses")?.iso == "2026-11-16T09:00:00.000000Z")
        let counters = try w.read { db in
            try Row.fetchOne(
                db, sql: "SELECT executions_inserted, outcome FROM sync_runs WHERE id = ?", arguments: [run.id])
        }!
        #expect(counters["executions_inserted"] as Int? == 1)
        #expect(counters["outcome"] as String? == "running")
    }

    /// `sync` and `import` record their runs through one function: a body that returns ends its row `succeeded`,
    /// one that throws ends it `failed` with the error's line and exit code, or as a `RecordedRunEnd` says.
    @Test func aRecordedRunEndsAsItsBodyDid() throws {
        struct Refused: AppTrailError {
            var exitCode: ExitCode { .dataError }
            var description: String { "line 3: not JSON" }
        }
        struct Stopped: RecordedRunEnd, AppTrailError {
            var exitCode: ExitCode { .terminated }
            var description: String { "interrupted" }
            var runOutcome: String { "interrupted" }
            var runError: String { "stopped by SIGTERM" }
        }
        let w = try Warehouse(path: temporaryWarehousePath())
        let clock = Clock(pinned: now)
        let id = try w.recordRun(command: "import", mode: "file", version: "t", clock: clock) { run in run.id }
        #expect(throws: Refused.self) {
            try w.recordRun(command: "import", mode: "file", version: "t", clock: clock) { _ in throw Refused() }
        }
        #expect(throws: Stopped.self) {
            let stopped: (any Error) -> any Error = { _ in Stopped() }
            try w.recordRun(command: "sync", mode: "incremental", version: "t", clock: clock, failure: stopped) { _ in
                throw Refused()
            }
        }
        struct Unknown: Error {}
        #expect(throws: Unknown.self) {
            try w.recordRun(command: "sync", mode: "incremental", version: "t", clock: clock) { _ in throw Unknown() }
        }
        let rows = try w.read { db in
            try Row.fetchAll(db, sql: "SELECT id, outcome, error, exit_code, ended_at FROM sync_runs ORDER BY id")
        }
        #expect(rows.first?["id"] as Int64? == id)
        #expect(rows.map { $0["outcome"] as String } == ["succeeded", "failed", "interrupted", "failed"])
        #expect(rows.map { $0["error"] as String? } == [nil, "line 3: not JSON", "stopped by SIGTERM", "Unknown()"])
        #expect(rows.map { $0["exit_code"] as Int } == [0, 65, 143, 74])
        #expect(rows.allSatisfy { $0["ended_at"] as String? == now.iso })
    }

    @Test func aFailedBatchChangesNothing() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            _ = try w.ingestAll(run: nil, now: now) { sink in
                try sink(rows([pending]), 0)
                throw Boom()
            }
        }
        #expect(try w.executionCount() == 0)
    }

    @Test func aCopyHoldsEveryRowOfOneCommit() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(rows([approved, execution("e2", states: [("CREATED", "2026-11-16T09:00:00Z")])]), now: now)
        let copyPath = temporaryWarehousePath()
        try w.copy(to: copyPath)
        let copy = try Warehouse(path: copyPath)
        let dump = { (x: Warehouse) in
            try x.read { db in
                try String.fetchAll(db, sql: "SELECT id || state || state_history_json FROM executions ORDER BY id")
            }
        }
        #expect(try dump(copy) == dump(w))
        #expect(try dump(copy).count == 2)
    }

    @Test func viewsGiveHistoryLabelsAndInputsBackAsRows() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(
            rows([
                execution(
                    "e3", states: [("CREATED", "2026-11-16T09:00:00Z"), ("SUCCESS", "2026-11-16T09:00:01Z")],
                    inputs: #"{"amount":12,"note":"a, \"b\"\nc","tags":["x"]}"#)
            ]), now: now)
        let states = try w.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, state, at FROM execution_states ORDER BY seq")
        }
        #expect(states.map { $0["state"] as String } == ["CREATED", "SUCCESS"])
        #expect(states.map { $0["at"] as String } == ["2026-11-16T09:00:00.000000Z", "2026-11-16T09:00:01.000000Z"])
        let labels = try w.read { db in
            try String.fetchAll(db, sql: "SELECT key || '=' || value FROM execution_labels ORDER BY key")
        }
        #expect(labels == ["system.app=expenses", "system.username=dana"])
        let inputs = try w.read { db in
            try String.fetchAll(
                db, sql: "SELECT name || ':' || type || ':' || value_json FROM execution_inputs ORDER BY name")
        }
        #expect(inputs == ["amount:integer:12", "note:text:\"a, \\\"b\\\"\\nc\"", "tags:array:[\"x\"]"])
    }

    @Test func purgedExecutionsStayAndLeaveTheReReadList() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(rows([pending]), now: now)
        #expect(try w.openExecutions().map(\.id) == ["e1"])
        try w.markPurged(ids: ["e1"], run: nil, now: now)
        #expect(try w.openExecutions().map(\.id) == [])
        #expect(try w.executionCount() == 1)
        // Seen again: it was not purged after all.
        try w.ingest(rows([pending]), now: now)
        #expect(try w.openExecutions().map(\.id) == ["e1"])
    }

    @Test func secondLockFailsAtOnceWithExit75() throws {
        let path = temporaryWarehousePath()
        let first = try WarehouseLock(warehousePath: path)
        #expect {
            _ = try WarehouseLock(warehousePath: path)
        } throws: { error in
            guard let e = error as? WarehouseError, case .locked = e else { return false }
            return e.exitCode == .tempFail
                && e.description.hasPrefix("another sync holds the warehouse lock \(path).lock (held by pid ")
        }
        _ = first
    }

    @Test func interruptedRunsAreMarked() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        _ = try w.beginRun(command: "sync", mode: "incremental", version: "t", now: now)
        #expect(try w.markInterruptedRuns(command: "sync", now: now) == 1)
        #expect(try w.recentRuns(limit: 1).first?.outcome == "interrupted")
    }

    @Test func readOnlyOpenOfAMissingFileSaysSo() {
        let path = temporaryWarehousePath()
        #expect {
            _ = try Warehouse(path: path, readOnly: true)
        } throws: { error in
            String(describing: error)
                == "no warehouse at \(path): run `apptrail sync` or `apptrail import` first, or pass --db"
                && (error as? WarehouseError)?.exitCode == .noInput
        }
    }

    @Test func appsRoundTrip() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        let apps = [
            AppDefinition(
                id: "a", name: "A", disabled: true, created: now, tags: ["x"], expiration: .ttl("PT30D"), source: .api),
            AppDefinition(id: "b", expiration: .window(start: now, end: nil), source: .yaml),
            AppDefinition(id: "c", expiration: .limit(100), source: .yaml),
            AppDefinition(id: "d", expiration: .date(now), source: .yaml),
        ]
        try w.upsertApps(apps, now: now)
        #expect(try w.appDefinitions() == apps)
    }

    @Test func lanesReadOneVersionWhileAWriterCommits() throws {
        let path = temporaryWarehousePath()
        let reader = try Warehouse(path: path)
        let writer = try Warehouse(path: path)
        let finished = Flag()
        let thread = Thread {
            for i in 0..<400 {
                _ = try? writer.ingest(
                    rows([
                        execution(
                            "w\(i)", states: [("CREATED", "2026-11-20T09:00:00Z"), ("SUCCESS", "2026-11-20T09:00:01Z")])
                    ]),
                    now: Instant(iso: "2026-11-25T12:00:00Z")!)
            }
            finished.set()
        }
        thread.start()
        var rounds = 0
        let count: Warehouse.ReadTask<Int> = { db in
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM executions")!
            // Give the writer time to commit between the lanes' reads.
            usleep(200)
            return n + (try Int.fetchOne(db, sql: "SELECT count(*) FROM executions")! - n) * 1000
        }
        while !finished.isSet {
            let results = try reader.readInLanes([[count], [count, count]])
            #expect(results[0][0] == results[1][0] && results[1][0] == results[1][1], "round \(rounds): \(results)")
            rounds += 1
        }
        #expect(rounds >= 3)
        #expect(try reader.readInLanes([[count], [count]]) == [[400], [400]])
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

@Suite struct StateHistoryTrailTests {
    /// Ingest writes the auditors' trail in Swift; warehouses from before it get it from SQL when they migrate.
    /// Both must give the same text.
    @Test func ingestAndTheMigrationsBackfillAgree() throws {
        let w = try Warehouse(path: temporaryWarehousePath())
        try w.ingest(
            rows([
                execution(
                    "a",
                    states: [
                        ("CREATED", "2026-11-16T09:00:00.123456789Z"), ("PAUSED", "2026-11-16T09:00:01.9999Z"),
                        ("RESTARTED", "2026-11-16T10:00:00Z"), ("SUCCESS", "2026-11-16T10:00:00.0005Z"),
                    ], resumedBy: "alice"),
                execution("b", states: [("CREATED", "2026-11-17T09:00:00Z")]),
            ]), now: now)
        let pairs = try w.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT state_history, \(Warehouse.stateHistoryTrailSQL) AS backfill FROM executions ORDER BY id"
            )
            .map { ($0["state_history"] as String, $0["backfill"] as String) }
        }
        #expect(
            pairs.map(\.0) == [
                "CREATED@2026-11-16T09:00:00.123Z|PAUSED@2026-11-16T09:00:01.999Z|RESTARTED@2026-11-16T10:00:00.000Z|SUCCESS@2026-11-16T10:00:00.000Z",
                "CREATED@2026-11-17T09:00:00.000Z",
            ])
        #expect(pairs.map(\.1) == pairs.map(\.0))
    }
}

@Suite struct UpgradeTests {
    /// `report`, `query` and `export` open the warehouse read-only; one an older apptrail wrote gets its pending
    /// migrations first, or this version's queries would miss the columns they read.
    @Test func aReadOnlyOpenUpgradesAnOlderWarehouse() throws {
        let path = temporaryWarehousePath()
        do {
            let w = try Warehouse(path: path)
            try w.ingest(
                rows([
                    execution("a", states: [("CREATED", "2026-11-16T09:00:00Z"), ("SUCCESS", "2026-11-16T09:00:01Z")])
                ]), now: now)
            // As the previous version left it: without the trail column and its migration.
            try w.write { db in
                try db.execute(sql: "ALTER TABLE executions DROP COLUMN state_history")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'addStateHistoryTrail'")
            }
        }
        let reader = try Warehouse(path: path, readOnly: true)
        let trail = try reader.read { db in try String.fetchOne(db, sql: "SELECT state_history FROM executions") }
        #expect(trail == "CREATED@2026-11-16T09:00:00.000Z|SUCCESS@2026-11-16T09:00:01.000Z")
    }
}
