import Analysis
import Exports
import Foundation

extension AppTrail {
    /// The queries `apptrail query` finds by name, with their descriptions and sources (`query --list`).
    public static func listQueries(catalog: QueryCatalog = .locate()) -> CatalogueListing {
        CatalogueListing(
            rows: catalog.definitions.entries.map { entry in
                CatalogueListing.Row(entry) { try catalog.query(entry.name).description }
            })
    }

    /// The reports `apptrail report` finds by name, with their descriptions and sources (`report --list`).
    public static func listReports(catalog: ReportCatalog = .locate()) -> CatalogueListing {
        CatalogueListing(
            rows: catalog.definitions.entries.map { entry in
                CatalogueListing.Row(entry) { try ReportDefinition.load(entry).description }
            })
    }
}
