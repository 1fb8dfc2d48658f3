import GRDB

extension Warehouse {
    /// Every app id the warehouse knows, defined or carried by an execution, in SQLite's byte order: the apps
    /// an export of all of them writes.
    public func allAppIds() throws -> [String] {
        try readRethrowing { db in
            try String.fetchAll(
                db, sql: "SELECT app_id FROM apps UNION SELECT DISTINCT app_id FROM executions ORDER BY 1")
        }
    }

    /// The apps with an app execution (neither a test nor a playground run) submitted in [`from`, `to`), by id;
    /// `from` and `to` in the warehouse's text form. Run inside the caller's read, to see its snapshot.
    public static func appIdsSubmitted(_ db: Database, from: String, to: String) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT app_id FROM app_executions WHERE submitted_at >= ? AND submitted_at < ? ORDER BY app_id
                """, arguments: [from, to])
    }
}
