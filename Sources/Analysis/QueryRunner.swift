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
        let declared = parameters.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !declared.contains($0) }) {
            throw AnalysisError.unknownParameter(query: name, name: unknown, declared: declared)
        }
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        for p in declared {
            guard let value = given[p] else { throw AnalysisError.missingParameter(query: name, name: p, declared: declared) }
            // Numbers bind as numbers so that comparisons with numeric columns hold; dates and instants bind
            // in the warehouse's form (6 fraction digits and Z), so that text comparisons with stored instants hold.
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
        let sql = self.sql
        let path = self.path
        let outcome: Outcome
        do {
            outcome = try read(warehouse, sql: sql, path: path, arguments: arguments)
        } catch {
            if case .sql(_, let reason, _) = error { throw AnalysisError.sql(path: path, message: reason) }
            throw error
        }
        switch outcome {
        case .rows(let result): return result
        case .refused(let error): throw error
        }
    }

    /// The warehouse maps what its closures throw to its own errors: what went wrong comes back as a value.
    enum Outcome { case rows(ResultSet), refused(AnalysisError) }

    private func read(_ warehouse: Warehouse, sql: String, path: String,
                      arguments: [String: (any DatabaseValueConvertible)?]) throws(WarehouseError) -> Outcome {
        try warehouse.read { db in
            let statements = try db.allStatements(sql: sql)
            guard let statement = try statements.next() else { return .refused(.sql(path: path, message: "no statement")) }
            guard try statements.next() == nil else {
                return .refused(.sql(path: path, message: "a query file holds one statement"))
            }
            guard statement.isReadonly else { return .refused(.writes(path: path)) }
            let used = Set(QueryFile.namedParameters(in: sql))
            statement.arguments = StatementArguments(arguments.filter { used.contains($0.key) })
            let columns = statement.columnNames
            let rows = try Row.fetchAll(statement).map { row in columns.indices.map { row[$0] as DatabaseValue } }
            return .rows(ResultSet(columns: columns, rows: rows))
        }
    }
}
