import GRDB

extension Warehouse {
    /// Makes this warehouse a demo's: `paths` (relative to the demo's folder) are the files the demo wrote, the
    /// warehouse's own included, and the only ones a later demo in that folder may replace.
    ///
    /// The list is checkpointed into the warehouse file itself: the next demo reads it without the write-ahead
    /// log (`demoFiles(at:)`), so as not to touch a warehouse that turns out not to be a demo's.
    public func recordDemoFiles(_ paths: [String]) throws(WarehouseError) {
        try write { db in
            try db.execute(sql: "DELETE FROM demo_files")
            for path in Set(paths).sorted() {
                try db.execute(sql: "INSERT INTO demo_files (path) VALUES (?)", arguments: [path])
            }
        }
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }

    /// Per app, in app-id order: its executions and how many of them were approved, rejected and are still
    /// pending (the table `apptrail demo` prints).
    public func demoAppCounts() throws(WarehouseError) -> [(
        app: String, submissions: Int, approved: Int, rejected: Int, pending: Int
    )] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT app_id, count(*) AS n, total(decision = 'approved') AS a, total(decision = 'rejected') AS r,
                           total(decision = 'pending') AS p
                    FROM app_executions GROUP BY app_id ORDER BY app_id
                    """
            ).map { row in
                (
                    app: row["app_id"] as String, submissions: row["n"] as Int, approved: Int(row["a"] as Double),
                    rejected: Int(row["r"] as Double), pending: Int(row["p"] as Double)
                )
            }
        }
    }
}
