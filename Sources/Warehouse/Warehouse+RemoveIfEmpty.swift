import Foundation

extension Warehouse {
    /// Removes the warehouse at `path`, its side files and its lock file, when it holds no execution and no
    /// app: what a first sync that failed early leaves, so that no empty file passes for a synced warehouse.
    ///
    /// It takes the lock first, and leaves everything as it is when another sync holds it or when anything
    /// is stored; the failed run's record goes with the file, since nothing else was ever in it.
    public static func removeIfEmpty(path: String) {
        guard let lock = try? WarehouseLock(warehousePath: path) else { return }
        do {
            let warehouse = try Warehouse(path: path, readOnly: true)
            // `apps` counts the apps table too, so both zero means nothing was stored.
            let counts = try warehouse.statusCounts()
            guard counts.executions == 0 && counts.apps == 0 else { return }
        } catch {
            return
        }
        // The warehouse's connections closed with `warehouse` above: nothing holds the files now.
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        unlink(lock.path)
    }
}
