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
            for path in Set(paths).sorted() { try db.execute(sql: "INSERT INTO demo_files (path) VALUES (?)", arguments: [path]) }
        }
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }
}
