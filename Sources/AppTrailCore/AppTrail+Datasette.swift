import Analysis
import AppTrailModel
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// What `apptrail datasette-metadata` writes: the database's name in Datasette, and where.
    public struct DatasetteOptions: Sendable {
        /// The name Datasette gives the warehouse; nil for the stem of the settings' warehouse file (`apptrail`
        /// for `apptrail.db`).
        public var database: String?
        /// A file to write the metadata to as well, under a temporary name renamed when complete.
        public var out: String?

        public init(database: String? = nil, out: String? = nil) {
            self.database = database
            self.out = out
        }

        /// A database name that cannot be one (empty, or holding a control character).
        public func check() throws(Problem) {
            if let database,
                database.isEmpty
                    || database.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            {
                throw Problem(.usage, "--database takes a name, not '\(OneLine.printable(database))'")
            }
        }
    }

    /// Datasette's metadata for a warehouse (`apptrail datasette-metadata`): the schema of this apptrail, described
    /// by the docs/warehouse.md it was built with, and the queries `apptrail query` finds, as canned queries. The
    /// warehouse itself is not opened.
    public static func datasetteMetadata(
        options: DatasetteOptions = DatasetteOptions(), settings: Settings, reporter: Reporter,
        catalog: QueryCatalog = .locate()
    ) throws -> DatasetteMetadata {
        let name = options.database ?? DatasetteMetadata.databaseName(forFile: settings.databasePath)
        let queries = try catalog.names.map { try catalog.query($0) }
        let metadata = try DatasetteMetadata(
            database: name, schema: try Warehouse.freshSchema(),
            descriptions: try SchemaDescriptions.builtIn(), queries: queries)
        if let out = options.out {
            let file = try OutputFile(path: out)
            try file.append(Array(metadata.text.utf8))
            _ = try file.commit()
            reporter.info(
                "\(out): database \(name), \(metadata.tableCount) tables and views, \(metadata.queryCount) queries",
                [("path", out), ("database", name), ("tables", metadata.tableCount), ("queries", metadata.queryCount)])
        }
        return metadata
    }
}
