import GRDB

extension Warehouse {
    /// A new warehouse in memory, migrated to this version's schema, gone with the value: a scratch warehouse for
    /// tests that need no file.
    ///
    /// Its `path` is `:memory:`. It has one connection, so `readInLanes` runs the lanes one after the other; what
    /// needs a file (`copy(to:)`, `WarehouseLock`, the checkpoint of `recordDemoFiles`) is for warehouses on disk.
    public static func inMemory() throws(WarehouseError) -> Warehouse {
        let path = ":memory:"
        do {
            var configuration = Configuration()
            configuration.label = "apptrail"
            let queue = try DatabaseQueue(configuration: configuration)
            try migrator.migrate(queue)
            return Warehouse(path: path, migrated: queue)
        } catch {
            throw Warehouse.map(error, path: path, opening: true)
        }
    }
}
