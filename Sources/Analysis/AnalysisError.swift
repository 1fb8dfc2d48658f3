import AppTrailModel

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
