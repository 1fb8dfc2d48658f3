import Foundation
import GRDB

extension Warehouse {
    /// Marks a write transaction in `warehouse_version`; every write path of the warehouse calls it last.
    static func bumpVersion(_ db: Database) throws {
        try db.execute(sql: "UPDATE warehouse_version SET version = version + 1")
    }

    /// A reading task: it runs inside a read transaction on one connection.
    public typealias ReadTask<T> = @Sendable (Database) throws -> T

    /// Runs each lane of tasks on a reader connection of its own, the lanes at the same time, and returns their
    /// results in order; every task sees the same committed state of the warehouse.
    ///
    /// A report's sheets must agree with each other even while a sync commits pages, and this SQLite has no
    /// `sqlite3_snapshot` API. So each lane opens its transaction and reads `warehouse_version` (every write
    /// bumps it); the lanes wait for each other there, and go on only when they all saw the same version. After
    /// three unlucky starts, every lane runs in one transaction, one after the other. Database errors become
    /// `WarehouseError`; others pass through.
    public func readInLanes<T: Sendable>(_ lanes: [[ReadTask<T>]]) throws -> [[T]] {
        let lanes = lanes.filter { !$0.isEmpty }
        // A database in memory has one connection: lanes there could never meet.
        if lanes.count > 1, pool is DatabasePool {
            for _ in 0..<3 {
                if let results = try startLanesTogether(lanes) { return results }
            }
        }
        return try readRethrowing { db in try lanes.map { lane in try lane.map { try $0(db) } } }
    }

    /// Runs `body` in one read transaction, rethrowing the body's own errors as they are.
    ///
    /// Unlike `read(_:)`, which turns every failure into a `WarehouseError`, only SQLite's errors become
    /// `WarehouseError` here: a query file's own error (a bad parameter, a writing statement) reaches the user
    /// as the query's.
    public func readRethrowing<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw Warehouse.map(error, path: path)
        }
    }

    /// The lanes' results, or nil when they did not all start from the same version.
    private func startLanesTogether<T: Sendable>(_ lanes: [[ReadTask<T>]]) throws -> [[T]]? {
        let meeting = Meeting(lanes: lanes.count)
        let outcomes = Outcomes<[T]?>(count: lanes.count)
        let pool = self.pool
        let finished = DispatchGroup()
        for (index, lane) in lanes.enumerated() {
            finished.enter()
            // Threads of their own: the lanes must run at the same time to meet, whatever else holds the CPUs.
            let thread = Thread {
                let outcome = Result { () throws -> [T]? in
                    try pool.read { db -> [T]? in
                        let version =
                            try db.tableExists("warehouse_version")
                            ? try Int.fetchOne(db, sql: "SELECT version FROM warehouse_version") : nil
                        guard meeting.agree(on: version) else { return nil }
                        return try lane.map { try $0(db) }
                    }
                }
                outcomes.set(index, outcome)
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        var results: [[T]] = []
        for outcome in outcomes.all() {
            switch outcome {
            case .success(let values?): results.append(values)
            case .success(nil): return nil
            case .failure(let error as DatabaseError): throw Warehouse.map(error, path: path)
            case .failure(let error): throw error
            }
        }
        return results
    }
}

/// Where reader lanes wait for each other and compare the versions they saw.
private final class Meeting: @unchecked Sendable {
    private let condition = NSCondition()
    private let lanes: Int
    private var versions: [Int?] = []

    init(lanes: Int) { self.lanes = lanes }

    /// Waits for every lane; true when all saw the same, known version.
    func agree(on version: Int?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        versions.append(version)
        if versions.count == lanes { condition.broadcast() }
        while versions.count < lanes { condition.wait() }
        return versions.allSatisfy { $0 != nil && $0 == versions[0] }
    }
}

/// Results that threads hand back by index.
private final class Outcomes<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func all() -> [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return values.map { $0! }
    }
}
