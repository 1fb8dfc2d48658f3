import Analysis
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// Datasette's metadata for a warehouse (`apptrail datasette-metadata`): the schema of this apptrail, described
    /// by the docs/warehouse.md it was built with, and the queries `apptrail query` finds, as canned queries.
    ///
    /// `database` is the name Datasette gives the warehouse, by default the stem of the settings' warehouse file
    /// (`apptrail` for `apptrail.db`); the warehouse itself is not opened. With `out`, the file is also written
    /// there, under a temporary name renamed when complete.
    public static func datasetteMetadata(database: String? = nil, out: String? = nil, settings: Settings, reporter: Reporter,
                                         catalog: QueryCatalog = .locate()) throws -> DatasetteMetadata {
        let name = database ?? DatasetteMetadata.databaseName(forFile: settings.databasePath)
        let queries = try catalog.names.map { try catalog.query($0) }
        let metadata = try DatasetteMetadata(database: name, schema: try Warehouse.freshSchema(),
                                             descriptions: try SchemaDescriptions.builtIn(), queries: queries)
        if let out {
            let file = try OutputFile(path: out)
            try file.append(Array(metadata.text.utf8))
            _ = try file.commit()
            reporter.info("\(out): database \(name), \(metadata.tableCount) tables and views, \(metadata.queryCount) queries",
                          [("path", out), ("database", name), ("tables", metadata.tableCount), ("queries", metadata.queryCount)])
        }
        return metadata
    }
}
