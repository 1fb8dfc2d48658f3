/// Where a setting's value came from, as `apptrail config show` names it.
public enum SettingOrigin: Sendable, Equatable, CustomStringConvertible {
    case byDefault
    case file(path: String, line: Int?)
    case environment(String)
    case flag(String)

    public var description: String {
        switch self {
        case .byDefault: "default"
        case .file(let path, let line): "config file \(path)\(line.map { ":\($0)" } ?? "")"
        case .environment(let name): "environment \(name)"
        case .flag(let name): "flag \(name)"
        }
    }

    /// The kind alone: `default`, `file`, `environment` or `flag`.
    public var kind: String {
        switch self {
        case .byDefault: "default"
        case .file: "file"
        case .environment: "environment"
        case .flag: "flag"
        }
    }
}
