import AppTrailModel

/// What went wrong with the warehouse file, naming the file and, for SQL, the statement.
public enum WarehouseError: AppTrailError, Sendable {
    /// The file cannot be created or opened.
    case cannotOpen(path: String, reason: String)
    /// A command that only reads found no warehouse.
    case missing(path: String)
    /// The disk is full or the file cannot grow.
    case full(path: String, reason: String)
    /// Another `apptrail sync` holds the lock.
    case locked(path: String, holder: String?)
    /// A statement failed.
    case sql(path: String, reason: String, sql: String)
    /// The file was written by a newer apptrail.
    case tooNew(path: String, migration: String)

    public var exitCode: ExitCode {
        switch self {
        case .cannotOpen: .cantCreate
        case .missing: .noInput
        case .full: .cantCreate
        case .locked: .tempFail
        case .sql: .ioError
        case .tooNew: .config
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open warehouse \(path): \(reason)"
        case .missing(let path): "no warehouse at \(path): run `apptrail sync` or `apptrail import` first, or pass --db"
        case .full(let path, let reason): "warehouse \(path) cannot grow: \(reason); free some space, nothing of the unfinished part was kept"
        case .locked(let path, let holder):
            "another sync holds the warehouse lock \(path)\(holder.map { " (\($0))" } ?? ""): try again later"
        case .sql(let path, let reason, let sql): "warehouse \(path): \(reason) in: \(sql)"
        case .tooNew(let path, let migration):
            "warehouse \(path) was written by a newer apptrail (unknown migration '\(migration)'): upgrade apptrail"
        }
    }
}
