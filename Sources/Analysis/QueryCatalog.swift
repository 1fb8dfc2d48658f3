import AppTrailModel
import Foundation

/// The analyses apptrail knows, found by name or path: the files of `queries/` folders over the built-in ones.
public struct QueryCatalog: Sendable {
    public let definitions: DefinitionCatalogue

    /// The queries of `directory` over the built-in ones.
    public init(directory: String) { self.init(folders: [directory]) }

    /// The queries of `folders`, the first that has a name winning, over the built-in ones.
    public init(folders: [String]) { self.init(folders: folders, builtIn: BuiltInDefinitions.queries) }

    /// The queries of `folders` over `builtIn` (name to text).
    public init(folders: [String], builtIn: [String: String]) {
        definitions = DefinitionCatalogue(kind: "queries", suffix: "sql", folders: folders, builtIn: builtIn)
    }

    /// The queries apptrail reads: `APPTRAIL_QUERIES`, `./queries`, `../share/apptrail/queries` beside the
    /// binary, then the built-in ones.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> QueryCatalog {
        QueryCatalog(folders: searchedFolders(environment: environment).map(\.path))
    }

    /// The folders searched for queries before the built-in ones, in order.
    public static func searchedFolders(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [DefinitionCatalogue.Folder]
    {
        DefinitionCatalogue.searchedFolders("queries", variable: "APPTRAIL_QUERIES", environment: environment)
    }

    /// The names of the queries, sorted.
    public var names: [String] { definitions.names }

    /// A query by name (a file of a folder without `.sql`, or a built-in query) or by path.
    public func query(_ nameOrPath: String) throws -> QueryFile {
        let path: String
        let data: Data?
        if nameOrPath.hasSuffix(".sql") || nameOrPath.contains("/") {
            path = nameOrPath
            data = FileManager.default.contents(atPath: path)
        } else {
            guard let entry = definitions.entry(nameOrPath) else {
                throw AnalysisError.unknownQuery(name: nameOrPath, available: names)
            }
            path = entry.path
            data = entry.data()
        }
        guard let data else { throw AnalysisError.unreadable(path: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QueryFile.Problem(path: path, line: nil, message: "not UTF-8 text")
        }
        return try QueryFile(text: text, path: path)
    }
}
