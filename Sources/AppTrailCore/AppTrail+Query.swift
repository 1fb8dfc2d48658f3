import Analysis
import AppTrailModel
import Foundation
import Warehouse

extension AppTrail {
    /// Runs an analysis of `queries/` (or a file) read-only on the warehouse (`apptrail query`).
    public static func query(_ nameOrPath: String, parameters: [String: String], settings: Settings,
                             catalog: QueryCatalog = .locate()) throws -> ResultSet {
        let query = try catalog.query(nameOrPath)
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        return try query.run(on: warehouse, parameters: parameters)
    }
}
