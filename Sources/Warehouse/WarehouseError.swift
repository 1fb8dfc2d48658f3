import AppTrailModel
import Foundation

/// What went wrong with the warehouse file, naming the file and, for SQL, the statement.
public enum WarehouseError: AppTrailError, Sendable {
    /// The file cannot be created or opened.
    case cannotOpen(path: String, reason: String)
    /// A command that only reads found no warehouse.
    case missing(path: String)
    /// The path names a folder: SQLite would only say `disk I/O error`.
    case folder(path: String)
    /// The disk is full or the file cannot grow.
    case full(path: String, reason: String)
    /// Another `apptrail sync` holds the lock.
    case locked(path: String, holder: String?)
    /// A statement failed.
    case sql(path: String, reason: String, sql: String)
    /// The file was written by a newer apptrail.
    case tooNew(path: String, migration: String)
    /// The file was written by an older apptrail, and this user may read it but not migrate it.
    case needsUpgrade(path: String)
    /// A reader who cannot write the folder found no `-wal` and `-shm` files, which it would have to create.
    case sideFilesMissing(path: String)

    public var exitCode: ExitCode {
        switch self {
        case .cannotOpen: .cantCreate
        case .missing: .noInput
        case .folder: .noInput
        case .full: .cantCreate
        case .locked: .tempFail
        case .sql: .ioError
        case .tooNew: .config
        // Like a newer warehouse, a mismatch of versions that no retry by this user fixes; 73 would point at
        // outputs or the disk.
        case .needsUpgrade: .config
        case .sideFilesMissing: .cantCreate
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open warehouse \(path): \(reason)"
        case .missing(let path): "no warehouse at \(path): run `apptrail sync` or `apptrail import` first, or pass --db"
        case .folder(let path):
            "the warehouse \(path) is a folder, not a file: pass --db with a file's path (for example \((path as NSString).appendingPathComponent("apptrail.db")))"
        case .full(let path, let reason):
            "warehouse \(path) cannot grow: \(reason); free some space, nothing of the unfinished part was kept"
        case .locked(let path, let holder):
            "another sync holds the warehouse lock \(path)\(holder.map { " (\($0))" } ?? ""): try again later"
        case .sql(let path, let reason, let sql): "warehouse \(path): \(reason) in: \(sql)"
        case .tooNew(let path, let migration):
            "warehouse \(path) was written by a newer apptrail (unknown migration '\(migration)'): upgrade apptrail"
        case .needsUpgrade(let path):
            "warehouse \(path) was written by an older apptrail and this user cannot upgrade it: the owner's next `apptrail sync` does"
        case .sideFilesMissing(let path):
            "cannot open warehouse \(path): its -wal and -shm files are missing and this user cannot create them; the owner's next `apptrail sync` puts them back"
        }
    }
}
