import AppTrailModel
import Foundation
import GRDB

/// The local SQLite warehouse of app executions: a public interface that users open with `sqlite3`.
///
/// It owns its migrator; every write runs in one transaction, so an interrupted command leaves the file
/// as it was before the unfinished part.
public final class Warehouse: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating when `readOnly` is false) the warehouse at `path`.
    ///
    /// A new file is created readable by its owner only: it holds who submitted and approved what.
    public init(path: String, readOnly: Bool = false) throws(WarehouseError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if readOnly && !exists {
            throw .missing(path: path)
        }
        if !exists {
            let fd = open(path, O_CREAT | O_WRONLY, 0o600)
            guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
        }
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(30)
        config.label = "apptrail"
        config.prepareDatabase { db in
            // Excel's PERCENTILE.INC, as metrics.md defines every percentile; NULLs are ignored.
            try CollectingAggregate.add(to: db, name: "percentile_inc") { Percentile.inc(reordering: $0, $1) }
            db.add(function: ExpirationFunction.function)
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A large cache speeds up ingest by a fifth; readers stream through their rows once and keep
            // SQLite's 2 MB, so that an export of a million rows stays in bounded memory.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -16384") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Warehouse.map(error, path: path, opening: true)
        }
        if !readOnly {
            do {
                try Warehouse.migrator.migrate(pool)
            } catch {
                throw Warehouse.map(error, path: path, opening: true)
            }
        } else {
            try checkNotNewer()
            try upgradeIfOlder(configuration: config)
        }
    }

    /// A read-only open of a warehouse that an older apptrail wrote: its pending migrations run first, on a
    /// connection of their own, so that the queries of this version find the columns they read.
    private func upgradeIfOlder(configuration: Configuration) throws(WarehouseError) {
        do {
            guard try pool.read({ db in try !Warehouse.migrator.hasCompletedMigrations(db) }) else { return }
            var writable = configuration
            writable.readonly = false
            try Warehouse.migrator.migrate(try DatabasePool(path: path, configuration: writable))
        } catch {
            throw Warehouse.map(error, path: path, opening: true)
        }
    }

    private func checkNotNewer() throws(WarehouseError) {
        do {
            let known = Set(Warehouse.migrator.migrations)
            let applied = try pool.read { db in try Warehouse.migrator.appliedIdentifiers(db) }
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw WarehouseError.tooNew(path: path, migration: unknown)
            }
        } catch let error as WarehouseError {
            throw error
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }

    /// The SQLite library version apptrail runs with.
    public static var sqliteVersion: String {
        (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }

    /// Runs `body` in one write transaction.
    public func write<T>(_ body: (Database) throws -> T) throws(WarehouseError) -> T {
        do {
            return try pool.write { db in
                let result = try body(db)
                try Warehouse.bumpVersion(db)
                return result
            }
        } catch let error as WarehouseError {
            throw error
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }

    /// Runs `body` on a consistent read-only snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws(WarehouseError) -> T {
        do {
            return try pool.read(body)
        } catch let error as WarehouseError {
            throw error
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }

    static func map(_ error: any Error, path: String, opening: Bool = false) -> WarehouseError {
        guard let e = error as? DatabaseError else {
            return .cannotOpen(path: path, reason: String(describing: error))
        }
        let reason = e.message ?? "\(e.resultCode)"
        switch e.resultCode {
        case .SQLITE_FULL: return .full(path: path, reason: reason)
        case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_CORRUPT:
            return .cannotOpen(path: path, reason: reason)
        case .SQLITE_IOERR where opening: return .cannotOpen(path: path, reason: reason)
        default:
            if let sql = e.sql { return .sql(path: path, reason: reason, sql: sql) }
            return opening ? .cannotOpen(path: path, reason: reason) : .sql(path: path, reason: reason, sql: "")
        }
    }
}
