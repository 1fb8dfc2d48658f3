import GRDB

extension Warehouse {
    /// What `apptrail status` counts, from one snapshot: the executions, the apps (defined or carried by an
    /// execution) and the executions that may still change (not at an end, not purged).
    public func statusCounts() throws(WarehouseError) -> (executions: Int, apps: Int, openExecutions: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0,
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT app_id FROM executions UNION SELECT app_id FROM apps)") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM executions WHERE is_terminal = 0 AND purged_at IS NULL")
                    ?? 0
            )
        }
    }
}
