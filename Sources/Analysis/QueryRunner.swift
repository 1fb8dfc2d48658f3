import AppTrailModel
import Foundation
import GRDB
import Warehouse

/// The rows a query returned.
public struct ResultSet: Sendable {
    public var columns: [String]
    public var rows: [[DatabaseValue]]
}

extension QueryFile {
    /// Runs the query on a read-only snapshot of the warehouse, with every parameter bound (never spliced
    /// into the SQL). A statement that would write is refused before anything runs.
    public func run(on warehouse: Warehouse, parameters given: [String: String]) throws -> ResultSet {
        let arguments = try self.arguments(given)
        do {
            return try warehouse.reading { db in try fetch(db, arguments: arguments) }
        } catch WarehouseError.sql(_, let reason, _) {
            // A failure while stepping (a bad cast, a function misused) is the query file's.
            throw AnalysisError.sql(path: path, message: reason)
        }
    }

    /// The rows of the query in an open read transaction, for callers that run several queries on one snapshot.
    public func fetch(_ db: Database, arguments: StatementArguments) throws -> ResultSet {
        let statement = try prepare(db, arguments: arguments)
        let columns = statement.columnNames
        let rows = try Row.fetchAll(statement).map { row in columns.indices.map { row[$0] as DatabaseValue } }
        return ResultSet(columns: columns, rows: rows)
    }

    /// Hands `body` a cursor over the query's rows, unboxed, for exports of any size in bounded memory; the
    /// column names are known before the first step.
    public func withCursor<T>(_ db: Database, arguments: StatementArguments, _ body: (RawCursor) throws -> T) throws -> T {
        try body(RawCursor(try prepare(db, arguments: arguments)))
    }

    /// The statement arguments for `given`, after checking that they are exactly the declared parameters.
    ///
    /// Numbers bind as numbers so that comparisons with numeric columns hold; dates and instants bind in the
    /// warehouse's form (6 fraction digits and Z), so that text comparisons with stored instants hold.
    public func arguments(_ given: [String: String]) throws(AnalysisError) -> StatementArguments {
        let declared = parameters.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !declared.contains($0) }) {
            throw .unknownParameter(query: name, name: unknown, declared: declared)
        }
        let used = Set(QueryFile.namedParameters(in: sql))
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        for p in declared {
            guard let value = given[p] else { throw .missingParameter(query: name, name: p, declared: declared) }
            guard used.contains(p) else { continue }
            if let i = Int64(value) {
                arguments[p] = i
            } else if let d = Double(value), d.isFinite {
                arguments[p] = d
            } else if let instant = Instant(iso: value) {
                arguments[p] = instant.iso
            } else {
                arguments[p] = value
            }
        }
        return StatementArguments(arguments)
    }

    /// The one read-only statement of the file, with its arguments bound.
    private func prepare(_ db: Database, arguments: StatementArguments) throws -> Statement {
        let statements: SQLStatementCursor
        let statement: Statement?
        do {
            statements = try db.allStatements(sql: sql)
            statement = try statements.next()
        } catch let error as DatabaseError {
            throw AnalysisError.sql(path: path, message: error.message ?? "\(error.resultCode)")
        }
        guard let statement else { throw AnalysisError.sql(path: path, message: "no statement") }
        guard try statements.next() == nil else { throw AnalysisError.sql(path: path, message: "a query file holds one statement") }
        guard statement.isReadonly else { throw AnalysisError.writes(path: path) }
        statement.arguments = arguments
        return statement
    }
}
