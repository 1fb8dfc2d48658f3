import AppTrailModel
import Foundation
import GRDB

/// The local SQLite warehouse of app executions: a public interface that users open with `sqlite3`.
///
/// It owns its migrator; every write runs in one transaction, so an interrupted command leaves the file
/// as it was before the unfinished part.
public final class Warehouse: Sendable {
    public let path: String
    /// A `DatabasePool` on a file; a `DatabaseQueue` in memory (`inMemory()`).
    let pool: any DatabaseWriter

    /// A warehouse over a database already open and migrated (`inMemory()`).
    init(path: String, migrated pool: any DatabaseWriter) {
        self.path = path
        self.pool = pool
    }

    /// Opens the warehouse at `path`, migrating it to this version's schema.
    ///
    /// A writable open creates a missing file and runs pending migrations. A read-only open refuses a missing
    /// file and one written by a newer apptrail, and also migrates a warehouse an older apptrail wrote, on a
    /// writable connection of its own, when the user may write the file (`.needsUpgrade` otherwise).
    ///
    /// A new file is created readable by its owner only: it holds who submitted and approved what. Connections
    /// that write leave SQLite's `-wal` and `-shm` files in place when they close, with the warehouse file's mode,
    /// so that a reader who cannot write the folder can still open it.
    public init(path: String, readOnly: Bool = false) throws(WarehouseError) {
        self.path = path
        try Warehouse.refuseFolder(path)
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
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A large cache speeds up ingest by a fifth; readers stream through their rows once and keep
            // SQLite's 2 MB, so that an export of a million rows stays in bounded memory.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -16384")
                try keepWriteAheadLogFiles(db)
                // A kept WAL would otherwise stay as large as the biggest sync made it: with a limit, SQLite cuts
                // it back to the limit when it starts over and to zero bytes when the last connection closes.
                try db.execute(sql: "PRAGMA journal_size_limit = \(Warehouse.walSizeLimit)")
            }
        }
        if !readOnly {
            do {
                pool = try Warehouse.whileMigrating(path) {
                    let pool = try DatabasePool(path: path, configuration: config)
                    try Warehouse.migrator.migrate(pool)
                    return pool
                }
            } catch {
                throw Warehouse.map(error, path: path, opening: true)
            }
            Warehouse.alignSideFiles(of: path)
        } else {
            do {
                pool = try DatabasePool(path: path, configuration: config)
            } catch {
                throw Warehouse.map(error, path: path, opening: true, readOnly: readOnly)
            }
            try checkNotNewer()
            try upgradeIfOlder(configuration: config)
        }
    }

    /// A read-only open of a warehouse that an older apptrail wrote: its pending migrations run first, on a
    /// connection of their own, so that the queries of this version find the columns they read.
    ///
    /// A user who may read the warehouse but not write it gets `.needsUpgrade` instead: the owner's next sync
    /// migrates it.
    private func upgradeIfOlder(configuration: Configuration) throws(WarehouseError) {
        do {
            guard try pool.read({ db in try !Warehouse.migrator.hasCompletedMigrations(db) }) else { return }
            // SQLite opens a file it may not write read-only without a word, and fails only at the first write.
            guard access(path, W_OK) == 0 else { throw WarehouseError.needsUpgrade(path: path) }
            var writable = configuration
            writable.readonly = false
            try Warehouse.whileMigrating(path) {
                try Warehouse.migrator.migrate(try DatabasePool(path: path, configuration: writable))
            }
            Warehouse.alignSideFiles(of: path)
        } catch let error as WarehouseError {
            throw error
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH].contains(error.resultCode)
        {
            throw .needsUpgrade(path: path)
        } catch {
            throw Warehouse.map(error, path: path, opening: true)
        }
    }

    /// The size a kept write-ahead log is cut back to: twice what SQLite's automatic checkpoint lets it reach
    /// (1,000 pages of 4 KiB), so that an ordinary sync never pays for cutting and growing it again.
    static let walSizeLimit = 8 << 20

    /// Gives the `-wal` and `-shm` files the warehouse file's permission bits and, where the system allows,
    /// its owner and group.
    ///
    /// SQLite copies them only when it creates the files, and the files now outlive every connection: without
    /// this, an owner's `chmod 0640 apptrail.db` for a group of readers would leave them at 0600 and those
    /// readers locked out. Failures are ignored: a sync must not fail over a reader's convenience.
    static func alignSideFiles(of path: String) {
        var database = stat()
        guard stat(path, &database) == 0 else { return }
        let mode = database.st_mode & 0o777
        for suffix in ["-wal", "-shm"] {
            // By path, never through a descriptor: closing any descriptor of the -shm file drops every POSIX
            // lock this process holds on it, the ones SQLite's connections rely on, and the next process to open
            // the warehouse would then reset the shared memory under a running writer.
            let side = path + suffix
            var info = stat()
            guard lstat(side, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            // Only root may give a file away; anyone may give their own file a group they belong to.
            let owner = geteuid() == 0 ? database.st_uid : info.st_uid
            if info.st_uid != owner || info.st_gid != database.st_gid { _ = lchown(side, owner, database.st_gid) }
            if info.st_mode & 0o777 != mode { _ = chmod(side, mode) }
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
            throw Warehouse.map(error, path: path, readOnly: true)
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

    /// Runs `body` on a consistent read-only snapshot; every failure, the body's included, becomes a
    /// `WarehouseError` (see `readRethrowing(_:)` for a body whose errors must pass through).
    public func read<T>(_ body: (Database) throws -> T) throws(WarehouseError) -> T {
        do {
            return try pool.read(body)
        } catch let error as WarehouseError {
            throw error
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }

    /// Throws `.folder` when `path` is a folder (symbolic links followed), for every command that opens a
    /// warehouse, before SQLite gets to fail on it with an I/O error.
    public static func refuseFolder(_ path: String) throws(WarehouseError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .folder(path: path)
        }
    }

    static func map(_ error: any Error, path: String, opening: Bool = false, readOnly: Bool = false) -> WarehouseError {
        guard let e = error as? DatabaseError else {
            return .cannotOpen(path: path, reason: String(describing: error))
        }
        let reason = e.message ?? "\(e.resultCode)"
        if readOnly, e.resultCode == .SQLITE_READONLY,
            !FileManager.default.fileExists(atPath: path + "-wal")
                || !FileManager.default.fileExists(atPath: path + "-shm")
        {
            return .sideFilesMissing(path: path)
        }
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
