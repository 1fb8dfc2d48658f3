import AppTrailModel
import Foundation
import GRDB
import Warehouse

extension QueryFile {
    /// Runs the query on a read-only snapshot of the warehouse, with every parameter bound (never spliced
    /// into the SQL). A statement that would write is refused before anything runs.
    public func run(on warehouse: Warehouse, parameters given: [String: String]) throws -> ResultSet {
        let arguments = try self.arguments(given)
        do {
            return try warehouse.readRethrowing { db in try fetch(db, arguments: arguments) }
        } catch WarehouseError.sql(_, let reason, _) {
            // A failure while stepping (a bad cast, a function misused) is the query file's.
            throw AnalysisError.sql(path: path, message: reason)
        }
    }

    /// The rows of the query in an open read transaction, for callers that run several queries on one snapshot.
    public func fetch(_ db: Database, arguments: StatementArguments) throws -> ResultSet {
        let statement = try prepare(db, arguments: arguments)
        let columns = statement.columnNames
        let rows = try Row.fetchAll(statement).map { row in columns.indices.map { Cell(row[$0] as DatabaseValue) } }
        return ResultSet(columns: columns, rows: rows)
    }

    /// The number of rows the query gives for `arguments`, counted by SQLite over the query itself (its final
    /// ORDER BY left out), so that a count cannot drift from the rows the query writes.
    public func count(_ db: Database, arguments: StatementArguments) throws -> Int {
        let statement = try prepare(
            db, sql: "SELECT count(*) FROM (\n" + QueryFile.unordered(sql) + "\n)", arguments: arguments)
        return try Int.fetchOne(statement) ?? 0
    }

    /// Hands `body` a cursor over the query's rows, unboxed, for exports of any size in bounded memory; the
    /// column names are known before the first step.
    public func withCursor<T>(_ db: Database, arguments: StatementArguments, _ body: (RawCursor) throws -> T) throws
        -> T
    {
        try body(RawCursor(try prepare(db, arguments: arguments)))
    }

    /// The statement arguments for `given`, after checking that they are exactly the declared parameters and
    /// that each value is of its declared type.
    ///
    /// Each value binds by the type its `-- param:` line declares, never by its looks (`ParameterType`).
    public func arguments(_ given: [String: String]) throws(AnalysisError) -> StatementArguments {
        let used = Set(QueryFile.namedParameters(in: sql))
        // GRDB refuses a named argument that the statement does not use.
        return StatementArguments(
            try values(given).filter { used.contains($0.key) }.mapValues { $0 as (any DatabaseValueConvertible)? })
    }

    /// Every declared parameter's value as the query binds it, by its declared type, whether or not the SQL uses
    /// it: for a statement of the caller's own that must see exactly the values the query sees.
    public func values(_ given: [String: String]) throws(AnalysisError) -> [String: DatabaseValue] {
        let declared = parameters.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !declared.contains($0) }) {
            throw .unknownParameter(query: name, name: unknown, declared: declared)
        }
        var values: [String: DatabaseValue] = [:]
        for p in parameters {
            guard let value = given[p.name] else {
                throw .missingParameter(query: name, name: p.name, declared: declared)
            }
            guard let bound = p.type.databaseValue(value) else {
                throw .badParameterValue(query: name, name: p.name, type: p.type, value: value)
            }
            values[p.name] = bound
        }
        return values
    }

    /// The one read-only statement of the file (or of `sql` made from it), with its arguments bound.
    private func prepare(_ db: Database, sql: String? = nil, arguments: StatementArguments) throws -> Statement {
        let sql = sql ?? self.sql
        let statements: SQLStatementCursor
        let statement: Statement?
        do {
            statements = try db.allStatements(sql: sql)
            statement = try statements.next()
        } catch let error as DatabaseError {
            throw AnalysisError.sql(path: path, message: error.message ?? "\(error.resultCode)")
        }
        guard let statement else { throw AnalysisError.sql(path: path, message: "no statement") }
        guard try statements.next() == nil else {
            throw AnalysisError.sql(path: path, message: "a query file holds one statement")
        }
        guard statement.isReadonly else { throw AnalysisError.writes(path: path) }
        statement.arguments = arguments
        return statement
    }
}

extension QueryFile.ParameterType {
    /// `text` as a value of this type, or nil when it is not one.
    ///
    /// An integer is ASCII digits with an optional sign (within 64 bits); a number is a decimal with an optional
    /// exponent (no hexadecimal, infinity or NaN, which `Double(_:)` would take); an instant binds in the
    /// warehouse's text form (6 fraction digits and Z), so that text comparisons with stored instants hold.
    public func databaseValue(_ text: String) -> DatabaseValue? {
        switch self {
        case .text:
            return text.databaseValue
        case .integer:
            return Int64(text)?.databaseValue
        case .number:
            guard Self.isDecimal(text), let d = Double(text), d.isFinite else { return nil }
            return d.databaseValue
        case .instant:
            return Instant(iso: text)?.iso.databaseValue
        }
    }

    /// Whether `text` is `[+-]digits[.digits][(e|E)[+-]digits]`, with digits on at least one side of the point.
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            let n = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        func sign() {
            if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        }
        sign()
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            sign()
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

extension Cell {
    /// The cell of a value SQLite returned; the one place a database value becomes a cell.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let n): self = .integer(n)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let b): self = .blob(Array(b))
        }
    }
}
