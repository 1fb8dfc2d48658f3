import AppTrailModel
import GRDB

/// How many executions a write inserted, changed, found unchanged, ignored as older, or skipped.
public struct UpsertCounts: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Copies older than the stored one (see `CopyFreshness`), which never replace it.
    public var stale = 0
    /// Executions without an app label (or without any date), which the warehouse does not keep.
    public var skipped = 0
    public init() {}
    public static func += (a: inout UpsertCounts, b: UpsertCounts) {
        a.inserted += b.inserted
        a.updated += b.updated
        a.unchanged += b.unchanged
        a.stale += b.stale
        a.skipped += b.skipped
    }

    /// `, 1 older copy ignored` or `, 3 older copies ignored` for the summaries of sync and import, empty when
    /// there were none: the clause is rare, and its words matter more than a fixed place.
    public var staleClause: String { stale == 0 ? "" : ", \(stale) older \(stale == 1 ? "copy" : "copies") ignored" }
}

/// A sync watermark: the start date up to which a scope has been read.
public struct SyncWatermark: Sendable, Equatable {
    public var scope: String
    public var watermark: Instant
    public init(scope: String, watermark: Instant) {
        self.scope = scope
        self.watermark = watermark
    }
}

/// What the warehouse already knows of an execution's decision.
public struct StoredDecision: Sendable, Equatable {
    public var decision: String?
    public var decidedAt: String?
    public var decidedBy: String?
}

extension Warehouse {
    /// Upserts `rows` by id, then moves `cursors` and the run's counters, all in one transaction: a page
    /// and its watermark land together or not at all.
    @discardableResult
    public func ingest(
        _ rows: [ExecutionRow], skipped: Int = 0, cursors: [SyncWatermark] = [], run: SyncRun? = nil,
        now: Instant
    ) throws(WarehouseError) -> UpsertCounts {
        try write { db in
            var counts = try Warehouse.upsert(rows, db: db, now: now)
            counts.skipped = skipped
            for c in cursors {
                try db.execute(
                    sql: """
                        INSERT INTO sync_cursors (scope, watermark, updated_at, sync_run_id) VALUES (?, ?, ?, ?)
                        ON CONFLICT(scope) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at,
                            sync_run_id = excluded.sync_run_id
                        """, arguments: [c.scope, c.watermark.iso, now.iso, run?.id])
            }
            if let run {
                run.add(counts)
                try run.save(db)
            }
            return counts
        }
    }

    static let insertSQL = """
        INSERT INTO executions (id, tenant, namespace, flow_id, flow_revision, app_id, app_label_key, kind, state,
            is_terminal, submitted_at, ended_at, duration_s, paused_s, decision, decided_at, decision_s, first_paused_at,
            last_paused_at, decided_by, submitted_by, inputs_json, labels_json, state_history_json, first_seen_at, updated_at,
            state_history)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?25,
            ?27)
        ON CONFLICT(id) DO NOTHING
        """

    /// The stored copy's freshness in SQL, as `CopyFreshness` computes it for an incoming one.
    static let storedLastStateAtSQL = "coalesce(substr(json_extract(state_history_json, '$[#-1].date'), 1, 23), '')"

    /// True when the stored copy is newer than the incoming one (?28 its last state's date, ?29 its states).
    static let storedIsNewerSQL = """
        (\(storedLastStateAtSQL) > ?28 OR (\(storedLastStateAtSQL) = ?28 AND json_array_length(state_history_json) > ?29))
        """

    // A source without task runs (2.0 search items) cannot tell who decided: keep what an earlier read
    // found for the same decision instead of erasing it. An older copy (a create response imported after a
    // later read, a lagging search index) never replaces a newer one.
    static let updateSQL = """
        UPDATE executions SET tenant = ?2, namespace = ?3, flow_id = ?4, flow_revision = ?5, app_id = ?6,
            app_label_key = ?7, kind = ?8, state = ?9, is_terminal = ?10, submitted_at = ?11, ended_at = ?12,
            duration_s = ?13, paused_s = ?14, decision = ?15, decided_at = ?16, decision_s = ?17, first_paused_at = ?18,
            last_paused_at = ?19,
            decided_by = CASE WHEN ?26 = 0 AND decided_at IS ?16 THEN decided_by ELSE ?20 END,
            submitted_by = ?21, inputs_json = ?22, labels_json = ?23, state_history_json = ?24, updated_at = ?25,
            state_history = ?27, purged_at = NULL
        WHERE id = ?1 AND (tenant IS NOT ?2 OR namespace IS NOT ?3 OR flow_id IS NOT ?4 OR flow_revision IS NOT ?5
            OR app_id IS NOT ?6 OR app_label_key IS NOT ?7 OR kind IS NOT ?8 OR state IS NOT ?9 OR submitted_at IS NOT ?11
            OR state_history_json IS NOT ?24 OR inputs_json IS NOT ?22 OR labels_json IS NOT ?23 OR purged_at IS NOT NULL
            OR (decided_by IS NOT ?20 AND NOT (?26 = 0 AND decided_at IS ?16)))
            AND NOT \(storedIsNewerSQL)
        """

    /// Whether the stored copy of ?1 is newer than the incoming one; asked only when the update changed nothing.
    static let staleSQL = "SELECT \(storedIsNewerSQL) FROM executions WHERE id = ?1"

    /// Upserts `rows` in order, each copy judged against what the warehouse holds by then, so that within a
    /// page or a file too the newest copy of an execution wins wherever it comes.
    static func upsert(_ rows: [ExecutionRow], db: Database, now: Instant) throws -> UpsertCounts {
        var counts = UpsertCounts()
        let insert = RawStatement(try db.cachedStatement(sql: insertSQL))
        let update = RawStatement(try db.cachedStatement(sql: updateSQL))
        let stale = RawStatement(try db.cachedStatement(sql: staleSQL))
        let nowText = now.iso
        for row in rows {
            insert.reset()
            bind(row, to: insert, now: nowText)
            if try insert.execute(db) == 1 {
                counts.inserted += 1
                continue
            }
            update.reset()
            bind(row, to: update, now: nowText)
            if try update.execute(db) == 1 {
                counts.updated += 1
                continue
            }
            stale.reset()
            stale.bind(1, row.id)
            stale.bind(28, row.freshness.lastStateAt)
            stale.bind(29, row.freshness.states)
            if try stale.firstInt(db) == 1 { counts.stale += 1 } else { counts.unchanged += 1 }
        }
        return counts
    }

    private static func bind(_ r: ExecutionRow, to s: RawStatement, now: String) {
        s.bind(1, r.id)
        s.bind(2, r.tenant)
        s.bind(3, r.namespace)
        s.bind(4, r.flowId)
        s.bind(5, r.flowRevision)
        s.bind(6, r.appId)
        s.bind(7, r.appLabelKey)
        s.bind(8, r.kind)
        s.bind(9, r.state)
        s.bind(10, r.isTerminal)
        s.bind(11, r.submittedAt)
        s.bind(12, r.endedAt)
        s.bind(13, r.durationS)
        s.bind(14, r.pausedS)
        s.bind(15, r.decision)
        s.bind(16, r.decidedAt)
        s.bind(17, r.decisionS)
        s.bind(18, r.firstPausedAt)
        s.bind(19, r.lastPausedAt)
        s.bind(20, r.decidedBy)
        s.bind(21, r.submittedBy)
        s.bind(22, r.inputsJSON)
        s.bind(23, r.labelsJSON)
        s.bind(24, r.stateHistoryJSON)
        s.bind(25, now)
        s.bind(26, r.decidedByKnown)
        s.bind(27, r.stateHistory)
        s.bind(28, r.freshness.lastStateAt)
        s.bind(29, r.freshness.states)
    }

    // MARK: Reads for sync

    /// The watermark of a scope, when it has one.
    public func watermark(scope: String) throws(WarehouseError) -> Instant? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT watermark FROM sync_cursors WHERE scope = ?", arguments: [scope])
        }.flatMap { Instant(iso: $0) }
    }

    /// Executions that may still change (not terminal, not purged), oldest first, with the app and label
    /// key they were stored under; all apps when `apps` is nil.
    public func openExecutions(apps: [String]? = nil) throws(WarehouseError) -> [(
        id: String, app: String, key: String, state: String
    )] {
        try read { db in
            let sql = """
                SELECT id, app_id, app_label_key, state FROM executions WHERE is_terminal = 0 AND purged_at IS NULL
                \(apps == nil ? "" : "AND app_id = ?") ORDER BY submitted_at, id
                """
            var out: [(id: String, app: String, key: String, state: String)] = []
            for arguments in apps.map({ $0.map { StatementArguments([$0]) } }) ?? [StatementArguments()] {
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    out.append((row[0], row[1], row[2], row[3]))
                }
            }
            return out
        }
    }

    /// The stored decisions of these executions, by id (absent ids are not in the warehouse).
    public func storedDecisions(ids: [String]) throws(WarehouseError) -> [String: StoredDecision] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var result: [String: StoredDecision] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT id, decision, decided_at, decided_by FROM executions WHERE id IN (\(marks))",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    result[row["id"]] = StoredDecision(
                        decision: row["decision"], decidedAt: row["decided_at"], decidedBy: row["decided_by"])
                }
            }
            return result
        }
    }

    /// Records that the server no longer has these executions; their rows stay.
    public func markPurged(ids: [String], run: SyncRun?, now: Instant) throws(WarehouseError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids {
                try db.execute(
                    sql: "UPDATE executions SET purged_at = ? WHERE id = ? AND purged_at IS NULL",
                    arguments: [now.iso, id])
            }
            if let run {
                run.purged += ids.count
                try run.save(db)
            }
        }
    }

    /// App ids that executions in the warehouse carry.
    public func knownAppIds() throws(WarehouseError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT app_id FROM executions ORDER BY app_id") }
    }

    /// Counts of the warehouse's rows.
    public func executionCount() throws(WarehouseError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0 }
    }
}

extension Warehouse {
    /// Upserts every batch `produce` hands to its sink in one transaction: an import lands whole or not
    /// at all, whatever its size, while only one batch is in memory at a time.
    public func ingestAll(
        run: SyncRun?, now: Instant,
        _ produce: (_ sink: ([ExecutionRow], Int) throws -> Void) throws -> Void
    ) throws -> UpsertCounts {
        do {
            return try pool.write { db in
                var total = UpsertCounts()
                try produce { rows, skipped in
                    var counts = try Warehouse.upsert(rows, db: db, now: now)
                    counts.skipped = skipped
                    total += counts
                }
                if let run {
                    run.add(total)
                    try run.save(db)
                }
                try Warehouse.bumpVersion(db)
                return total
            }
        } catch let error as DatabaseError {
            throw Warehouse.map(error, path: path)
        }
    }
}
