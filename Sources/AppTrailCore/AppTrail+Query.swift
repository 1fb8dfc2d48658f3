import Analysis
import AppTrailModel
import Foundation
import Warehouse

extension AppTrail {
    /// What `apptrail query` runs: a query, its parameters, and the period that fills its period parameters.
    public struct QueryOptions: Sendable {
        /// A query's name or the path of an .sql file.
        public var query: String
        /// Values by parameter name (without the colon).
        public var parameters: [String: String]
        /// The period of `--week` or `--from/--to` (see `PeriodRequest.queryParameters`), or nil to fill nothing.
        public var period: PeriodRequest?

        public init(query: String, parameters: [String: String] = [:], period: PeriodRequest? = nil) {
            self.query = query
            self.parameters = parameters
            self.period = period
        }

        /// The values of `--param NAME=VALUE` flags (a leading colon of a name dropped; a later one wins).
        public static func parameters(_ flags: [String]) throws(Problem) -> [String: String] {
            var values: [String: String] = [:]
            for flag in flags {
                guard flag.contains("="), !flag.hasPrefix("=") else {
                    throw Problem(.usage, "--param takes NAME=VALUE, not '\(flag)'")
                }
                let parts = flag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                values[String(parts[0]).trimmingPrefix(":").description] = parts.count > 1 ? String(parts[1]) : ""
            }
            return values
        }
    }

    /// Runs an analysis of `queries/` (or a file) read-only on the warehouse (`apptrail query`).
    ///
    /// The period fills the parameters the query declares and `options.parameters` leaves unset.
    public static func query(options: QueryOptions, settings: Settings, catalog: QueryCatalog = .locate()) throws
        -> ResultSet
    {
        let period = try options.period?.queryParameters(now: settings.clock.now(), given: options.parameters) ?? [:]
        let query = try catalog.query(options.query)
        var values = options.parameters
        for p in query.parameters where values[p.name] == nil {
            if let v = period[p.name] { values[p.name] = v }
        }
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        return try query.run(on: warehouse, parameters: values)
    }
}
