import AppTrailModel
import Foundation

/// The analyses of a `queries/` folder, found by name or path.
public struct QueryCatalog: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The folder apptrail reads queries from: `APPTRAIL_QUERIES`, `./queries`, beside the installed
    /// binary (`../share/apptrail/queries`), or the source checkout it was built from.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> QueryCatalog {
        QueryCatalog(directory: locateFolder("queries", variable: "APPTRAIL_QUERIES", environment: environment))
    }

    /// A folder of definitions shipped with apptrail (`queries`, `reports`): the environment variable, the
    /// current folder, `../share/apptrail/NAME` beside the installed binary, or the source checkout; the first
    /// that holds a definition (`.sql`, `.yaml`).
    public static func locateFolder(_ name: String, variable: String, environment: [String: String]) -> String {
        var candidates: [String] = []
        if let dir = environment[variable], !dir.isEmpty { candidates.append(dir) }
        candidates.append(name)
        // The running binary itself, not argv[0]: a command found through PATH has no folder in argv[0].
        let exe = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent("../share/apptrail/\(name)").standardized.path)
        #if DEBUG
        // Development builds and their tests run from anywhere; an installed (release) binary never reads
        // the folder it was built in.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../\(name)").standardized.path)
        #endif
        // A folder counts only when it holds definitions: `./reports` is also where people write reports to.
        let found = candidates.first { folder in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return files.contains { $0.hasSuffix(".sql") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        }
        return found ?? name
    }

    /// The names of the queries in the folder, sorted.
    public var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// A query by name (a file of the folder without `.sql`) or by path.
    public func query(_ nameOrPath: String) throws -> QueryFile {
        let path: String
        if nameOrPath.hasSuffix(".sql") || nameOrPath.contains("/") {
            path = nameOrPath
        } else {
            path = (directory as NSString).appendingPathComponent(nameOrPath + ".sql")
            guard FileManager.default.fileExists(atPath: path) else {
                throw AnalysisError.unknownQuery(name: nameOrPath, available: names)
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalysisError.unreadable(path: path)
        }
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
            "unknown query '\(name)'; available: \(available.joined(separator: ", "))"
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
