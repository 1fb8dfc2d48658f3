import GRDB
import GRDBSQLite

/// Binds and steps a GRDB-prepared statement through SQLite's C API, for the ingest hot path.
///
/// GRDB's `StatementArguments` box every value; binding directly roughly doubles insert speed.
/// This is the only file that imports SQLite's C module.
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
        guard let value else { sqlite3_bind_null(handle, index); return }
        var v = value
        v.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                _ = sqlite3_bind_text(handle, index, chars.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(chars.count), RawStatement.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Double?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
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
}
