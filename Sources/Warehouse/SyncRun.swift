import AppTrailModel
import GRDB

/// The row of one `sync` or `import` run, kept up to date as pages commit so that a killed run still
/// shows how far it got.
public final class SyncRun: @unchecked Sendable {
    public let id: Int64
    public let command: String
    public let mode: String
    public let startedAt: Instant
    public var server: String?
    public var tenant: String?
    public var apiVersion: String?
    public var requests = 0
    public var pages = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var stale = 0
    public var skipped = 0
    public var purged = 0

    init(id: Int64, command: String, mode: String, startedAt: Instant) {
        self.id = id
        self.command = command
        self.mode = mode
        self.startedAt = startedAt
    }

    func add(_ c: UpsertCounts) {
        inserted += c.inserted
        updated += c.updated
        unchanged += c.unchanged
        stale += c.stale
        skipped += c.skipped
    }

    public var counts: UpsertCounts {
        var c = UpsertCounts()
        c.inserted = inserted
        c.updated = updated
        c.unchanged = unchanged
        c.stale = stale
        c.skipped = skipped
        return c
    }

    func save(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE sync_runs SET server = ?, tenant = ?, api_version = ?, requests = ?, pages = ?, executions_inserted = ?,
                    executions_updated = ?, executions_unchanged = ?, executions_stale = ?, executions_skipped = ?,
                    executions_purged = ?
                WHERE id = ?
                """,
            arguments: [
                server, tenant, apiVersion, requests, pages, inserted, updated, unchanged, stale, skipped, purged, id,
            ])
    }
}

/// An error that ends a recorded run otherwise than `failed` with its own line (see `Warehouse.recordRun`).
public protocol RecordedRunEnd: Error {
    /// The run's outcome: `interrupted`, say.
    var runOutcome: String { get }
    /// What the run's row says happened; free of secrets.
    var runError: String { get }
}

/// A finished run as `status` shows it.
public struct SyncRunSummary: Sendable, Equatable {
    public var id: Int64
    public var command: String
    public var mode: String
    public var startedAt: String
    public var endedAt: String?
    public var outcome: String
    public var server: String?
    public var requests: Int
    public var pages: Int
    public var inserted: Int
    public var updated: Int
    public var error: String?
}

extension Warehouse {
    /// Starts a run row. Call while holding the sync lock when `command` is `sync`.
    public func beginRun(
        command: String, mode: String, server: String? = nil, tenant: String? = nil, version: String, now: Instant
    ) throws(WarehouseError) -> SyncRun {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_runs (command, mode, started_at, outcome, server, tenant, apptrail_version)
                    VALUES (?, ?, ?, 'running', ?, ?, ?)
                    """, arguments: [command, mode, now.iso, server, tenant, version])
            let run = SyncRun(id: db.lastInsertedRowID, command: command, mode: mode, startedAt: now)
            run.server = server
            run.tenant = tenant
            return run
        }
    }

    /// Ends a run row with its outcome; `error` must already be free of secrets.
    public func finishRun(_ run: SyncRun, outcome: String, error: String? = nil, exitCode: Int32, now: Instant)
        throws(WarehouseError)
    {
        try write { db in
            try run.save(db)
            try db.execute(
                sql: "UPDATE sync_runs SET ended_at = ?, outcome = ?, error = ?, exit_code = ? WHERE id = ?",
                arguments: [now.iso, outcome, error, exitCode, run.id])
        }
    }

    /// Runs `body` as a recorded run of `command`, written once for `sync` and `import`: the row begins
    /// `running`; it ends `succeeded`, and the planner's statistics are refreshed, when `body` returns; else it
    /// ends as the error says (`RecordedRunEnd`, by default `failed` with the error's line and exit code) and
    /// the error is thrown on. `failure` turns the error first (a sync asked to stop ends `interrupted`).
    public func recordRun<T>(
        command: String, mode: String, server: String? = nil, tenant: String? = nil, version: String,
        clock: Clock, failure: (any Error) -> any Error = { $0 }, _ body: (SyncRun) throws -> T
    ) throws -> T {
        let run = try beginRun(
            command: command, mode: mode, server: server, tenant: tenant, version: version, now: clock.now())
        do {
            let result = try body(run)
            try finishRun(run, outcome: "succeeded", exitCode: 0, now: clock.now())
            // Statistics only speed the analyses up: the run has landed either way.
            _ = try? refreshPlannerStatistics()
            return result
        } catch {
            let thrown = failure(error)
            let end = thrown as? RecordedRunEnd
            let code = (thrown as? AppTrailError)?.exitCode ?? .ioError
            try? finishRun(
                run, outcome: end?.runOutcome ?? "failed", error: end?.runError ?? String(describing: thrown),
                exitCode: code.rawValue, now: clock.now())
            throw thrown
        }
    }

    /// Marks runs left `running` by a killed process as `interrupted`. Only safe under the sync lock.
    @discardableResult
    public func markInterruptedRuns(command: String, now: Instant) throws(WarehouseError) -> Int {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE sync_runs SET outcome = 'interrupted', ended_at = ?, error = 'the process ended before the run finished'
                    WHERE outcome = 'running' AND command = ?
                    """, arguments: [now.iso, command])
            return db.changesCount
        }
    }

    /// When the last successful sync ended.
    public func lastSuccessfulSync() throws(WarehouseError) -> Instant? {
        try read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT max(ended_at) FROM sync_runs WHERE command = 'sync' AND outcome = 'succeeded' AND mode != 'dry-run'"
            )
        }.flatMap { Instant(iso: $0) }
    }

    /// The server, tenant and end of the latest successful sync: where the warehouse's data came from.
    public func lastSyncSource() throws(WarehouseError) -> (server: String?, tenant: String?, endedAt: Instant?)? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT server, tenant, ended_at FROM sync_runs
                    WHERE command = 'sync' AND outcome = 'succeeded' AND mode != 'dry-run'
                    ORDER BY ended_at DESC, id DESC LIMIT 1
                    """)
        }.map { row in (row["server"], row["tenant"], (row["ended_at"] as String?).flatMap { Instant(iso: $0) }) }
    }

    /// The latest runs, newest first.
    public func recentRuns(limit: Int) throws(WarehouseError) -> [SyncRunSummary] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                row in
                SyncRunSummary(
                    id: row["id"], command: row["command"], mode: row["mode"], startedAt: row["started_at"],
                    endedAt: row["ended_at"],
                    outcome: row["outcome"], server: row["server"], requests: row["requests"], pages: row["pages"],
                    inserted: row["executions_inserted"], updated: row["executions_updated"], error: row["error"]
                )
            }
        }
    }
}
