import GRDB

extension Warehouse {
    /// Refreshes the query planner's statistics of `executions` when they are missing or the table has at least
    /// doubled since they were taken; returns whether it did.
    ///
    /// The analyses in `queries/` read a period straight off the `(app_id, submitted_at, ...)` index, a skip-scan
    /// over the few app ids. SQLite picks that plan only when `sqlite_stat1` says how few app ids there are;
    /// without statistics it sorts the period's rows instead, about three times slower. A full `ANALYZE` of a
    /// million executions takes about 0.3 s, so it runs after the runs that grew the table, not after every one.
    @discardableResult
    public func refreshPlannerStatistics() throws(WarehouseError) -> Bool {
        try write { db in
            // Row ids only grow (executions are never deleted), so the largest one bounds the row count at no cost.
            let rows = try Int.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM executions") ?? 0
            let statTableExists = try db.tableExists("sqlite_stat1")
            let analysed =
                statTableExists
                ? try String.fetchOne(
                    db, sql: "SELECT stat FROM sqlite_stat1 WHERE idx = 'sqlite_autoindex_executions_1'"
                )
                .flatMap { $0.split(separator: " ").first.flatMap { Int($0) } }
                : nil
            guard rows > 0, analysed.map({ rows >= 2 * $0 }) ?? true else { return false }
            try db.execute(sql: "ANALYZE executions")
            return true
        }
    }
}
