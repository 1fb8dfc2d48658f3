import Dispatch
import GRDB
import Synchronization

extension Warehouse {
    /// Marks a write transaction in `warehouse_version`; every write path of the warehouse calls it last.
    static func bumpVersion(_ db: Database) throws {
        try db.execute(sql: "UPDATE warehouse_version SET version = version + 1")
    }

    /// Runs `tasks` on two reader connections at once and returns their results in order, all computed from
    /// the same committed state of the warehouse.
    ///
    /// A report's sheets must agree with each other even while a sync commits pages. Each reader notes the
    /// warehouse version its transaction sees; when they differ (a commit landed between their starts), every
    /// task runs again in one read transaction. Database errors become `WarehouseError`; others pass through.
    public func readConsistently<T: Sendable>(_ tasks: [@Sendable (Database) throws -> T]) throws -> [T] {
        if tasks.count > 1, let results = try readInParallel(tasks) { return results }
        return try reading { db in try tasks.map { try $0(db) } }
    }

    /// Runs `body` in one read transaction; database errors become `WarehouseError`, the body's own pass through.
    public func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw Warehouse.map(error, path: path)
        }
    }

    /// The results, or nil when the readers did not all see the same version (or it cannot be known).
    private func readInParallel<T: Sendable>(_ tasks: [@Sendable (Database) throws -> T]) throws -> [T]? {
        let outcomes = Mutex<[Int: Result<(version: Int?, value: T), any Error>]>([:])
        let pool = self.pool
        DispatchQueue.concurrentPerform(iterations: tasks.count) { i in
            let outcome = Result { () throws -> (version: Int?, value: T) in
                try pool.read { db in
                    let version = try db.tableExists("warehouse_version")
                        ? try Int.fetchOne(db, sql: "SELECT version FROM warehouse_version") : nil
                    return (version, try tasks[i](db))
                }
            }
            outcomes.withLock { $0[i] = outcome }
        }
        let all = outcomes.withLock { $0 }
        var results: [T] = []
        var versions = Set<Int?>()
        for i in tasks.indices {
            switch all[i]! {
            case .success(let (version, value)):
                versions.insert(version)
                results.append(value)
            case .failure(let error as DatabaseError): throw Warehouse.map(error, path: path)
            case .failure(let error): throw error
            }
        }
        guard versions.count == 1, versions.first! != nil else { return nil }
        return results
    }
}
