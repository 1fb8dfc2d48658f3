import Foundation
import GRDB
import GRDBSQLite

// The only file that imports SQLite's C module: the hot paths GRDB's boxing slows down: ingest binding,
// aggregates over a period's rows, and streaming rows out to files.
// Also the immutable open that tells whether a file is a demo's warehouse without touching it.

/// Binds and steps a GRDB-prepared statement through SQLite's C API, for the ingest hot path.
///
/// GRDB's `StatementArguments` box every value; binding through the C API boxes none, on the path every stored
/// execution takes.
struct RawStatement {
    let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) { self.statement = statement }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var v = value
        v.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                _ = sqlite3_bind_text(
                    handle, index, chars.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(chars.count),
                    RawStatement.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Double?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

    /// Runs the statement to completion and returns the number of rows it changed.
    func execute(_ db: Database) throws -> Int {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return Int(sqlite3_changes(sqlite3_db_handle(handle)))
    }

    /// Runs a one-value query and returns its first row's integer, or nil when it returns no row.
    ///
    /// The statement is reset before returning: a query left on a row keeps its read transaction open past
    /// the commit, and the write-ahead log could then never start over (it grew to 270 MB in a 100,000-row sync).
    func firstInt(_ db: Database) throws -> Int? {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return code == SQLITE_ROW ? Int(sqlite3_column_int64(handle, 0)) : nil
    }
}

/// Steps a prepared statement over SQLite's C API and hands out each row's cells without boxing them, for
/// exports of a million rows.
///
/// Text comes as the bytes SQLite holds (UTF-8, NUL-terminated), valid until the next `step()`.
public struct RawCursor {
    /// The storage class of a cell.
    public enum Kind { case null, integer, real, text, blob }

    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }

    public init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public var columnNames: [String] { statement.columnNames }

    /// Moves to the next row; false after the last.
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    public func kind(_ column: Int) -> Kind {
        switch sqlite3_column_type(handle, Int32(column)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    public func int64(_ column: Int) -> Int64 { sqlite3_column_int64(handle, Int32(column)) }
    public func double(_ column: Int) -> Double { sqlite3_column_double(handle, Int32(column)) }

    /// The cell as UTF-8 bytes (text, or the text form SQLite gives other kinds), without the NUL.
    public func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let pointer = sqlite3_column_text(handle, Int32(column))
        let count = Int(sqlite3_column_bytes(handle, Int32(column)))
        return pointer.map { UnsafeBufferPointer(start: $0, count: count) } ?? UnsafeBufferPointer(start: nil, count: 0)
    }
}

/// Makes the write-ahead log and shared-memory files outlive the connection (`SQLITE_FCNTL_PERSIST_WAL`).
///
/// SQLite deletes `-wal` and `-shm` when the last connection closes, and a reader who cannot write the folder
/// cannot create them again: kept, they let such a reader open the warehouse between syncs. Called on every
/// connection that may write, since the last one to close decides.
func keepWriteAheadLogFiles(_ db: Database) throws {
    var on: Int32 = 1
    let code = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &on)
    guard code == SQLITE_OK else {
        throw DatabaseError(
            resultCode: ResultCode(rawValue: code), message: "cannot keep the warehouse's -wal and -shm files")
    }
}

extension Warehouse {
    /// The files `apptrail demo` listed in the warehouse at `path` (`recordDemoFiles`), or nil when it is not a
    /// demo's: no list, an empty one, or no SQLite file at all.
    ///
    /// The file is opened immutable, through SQLite's C API rather than a `Warehouse`: a read-only `Warehouse`
    /// migrates an older file, and even a plain read-only connection may create `-wal` and `-shm` files beside
    /// it, while a warehouse that is not the demo's must be left exactly as it is.
    public static func demoFiles(at path: String) -> [String]? {
        guard let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { return nil }
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        guard
            sqlite3_open_v2("file:\(escaped)?immutable=1", &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil)
                == SQLITE_OK
        else {
            return nil
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT path FROM demo_files ORDER BY path", -1, &statement, nil) == SQLITE_OK
        else {
            return nil
        }
        defer { sqlite3_finalize(statement) }
        var paths: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement, 0) { paths.append(String(cString: text)) }
        }
        return paths.isEmpty ? nil : paths
    }
}
