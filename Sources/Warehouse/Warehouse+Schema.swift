import Foundation
import GRDB

extension Warehouse {
    /// The tables and views of this warehouse, sorted by name, each with its columns in their order, as SQLite
    /// reports them: what a client such as Datasette will show.
    public func schemaObjects() throws(WarehouseError) -> [SchemaObject] {
        try read { db in
            let objects = try Row.fetchAll(
                db, sql: "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
            return try objects.map { row in
                let name: String = row["name"]
                let columns = try Row.fetchAll(
                    db, sql: "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                return SchemaObject(
                    name: name, kind: SchemaObject.Kind(rawValue: row["type"]) ?? .table,
                    columns: columns.map { SchemaObject.Column(name: $0["name"], declaredType: $0["type"] ?? "") })
            }
        }
    }

    /// The schema of a warehouse created and migrated now, in a private folder that is removed afterwards, with
    /// the planner statistics (`sqlite_stat1`) that the first `sync` or `import` adds: the schema of this version
    /// of apptrail, whatever any warehouse on disk holds.
    public static func freshSchema() throws(WarehouseError) -> [SchemaObject] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "apptrail-schema-\(getpid())-\(UUID().uuidString)"
        ).path
        guard mkdir(folder, 0o700) == 0 else {
            throw .cannotOpen(
                path: folder + "/apptrail.db",
                reason:
                    "cannot make its folder (a fresh warehouse to read the schema of): \(String(cString: strerror(errno)))"
            )
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let warehouse = try Warehouse(path: folder + "/apptrail.db")
        // ANALYZE creates sqlite_stat1 even over empty tables, as it does in every warehouse that has synced.
        try warehouse.write { db in try db.execute(sql: "ANALYZE") }
        return try warehouse.schemaObjects()
    }
}
