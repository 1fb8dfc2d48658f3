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
    public static func searchedFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [DefinitionCatalogue.Folder] {
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

/// What went wrong choosing or running a query.
public enum AnalysisError: AppTrailError, Equatable {
    case unknownQuery(name: String, available: [String])
    case unreadable(path: String)
    case missingParameter(query: String, name: String, declared: [String])
    case unknownParameter(query: String, name: String, declared: [String])
    /// A value that is not of the type its `-- param:` line declares.
    case badParameterValue(query: String, name: String, type: QueryFile.ParameterType, value: String)
    case writes(path: String)
    case sql(path: String, message: String)

    public var exitCode: ExitCode {
        switch self {
        // No catalogue at all is the installation's problem, not the name's.
        case .unknownQuery(_, let available) where available.isEmpty: .config
        case .unknownQuery, .missingParameter, .unknownParameter, .badParameterValue: .usage
        case .unreadable: .noInput
        case .writes, .sql: .config
        }
    }

    public var description: String {
        switch self {
        case .unknownQuery(let name, let available) where available.isEmpty:
            "unknown query '\(name)': no queries found in APPTRAIL_QUERIES, ./queries or beside the binary (PREFIX/share/apptrail/queries)"
        case .unknownQuery(let name, let available):
            Suggestions.unknown("query", name, among: available)
        case .unreadable(let path): "cannot read the query file \(path)"
        case .missingParameter(let query, let name, let declared):
            "query \(query) needs --param \(name)=VALUE; it declares: \(declared.joined(separator: ", "))"
        case .unknownParameter(let query, let name, let declared):
            "query \(query) has no parameter '\(name)'; it declares: \(declared.isEmpty ? "none" : declared.joined(separator: ", "))"
        case .badParameterValue(let query, let name, let type, let value):
            "query \(query): parameter \(name) takes \(type.expected), not '\(OneLine.excerpt(value))'"
        case .writes(let path): "\(path): the query writes to the warehouse; queries are read-only"
        case .sql(let path, let message): "\(path): \(message)"
        }
    }
}
