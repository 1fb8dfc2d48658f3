import Analysis
import AppTrailModel
import Foundation
import Warehouse

extension AppTrail {
    /// Runs an analysis of `queries/` (or a file) read-only on the warehouse (`apptrail query`).
    ///
    /// `period` values fill the parameters the query declares and `parameters` leaves unset.
    public static func query(_ nameOrPath: String, parameters: [String: String], period: [String: String] = [:],
                             settings: Settings, catalog: QueryCatalog = .locate()) throws -> ResultSet {
        let query = try catalog.query(nameOrPath)
        var values = parameters
        for p in query.parameters where values[p.name] == nil {
            if let v = period[p.name] { values[p.name] = v }
        }
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        return try query.run(on: warehouse, parameters: values)
    }
}
