/// A setting's name: the key `apptrail config show` prints, and what `Settings.origins` records each origin by.
public enum SettingKey: String, CaseIterable, Sendable, Comparable {
    case configFile = "config_file"
    case db
    case server
    case tenant
    case credentials
    case labelKeys = "label_keys"
    case apiVersion = "api_version"
    case caBundle = "ca_bundle"
    case connectTimeout = "connect_timeout"
    case requestTimeout = "request_timeout"
    case now
    case queries
    case reports

    public static func < (a: SettingKey, b: SettingKey) -> Bool { a.rawValue < b.rawValue }

    /// A key `apptrail.yaml` may hold; any other key is an error, so a typo never goes unnoticed.
    public enum FileKey: String, CaseIterable, Sendable {
        case db
        case server
        case tenant
        case tokenFile = "token_file"
        case labelKeys = "label_keys"
        case apiVersion = "api_version"
        case caBundle = "ca_bundle"
        case connectTimeout = "connect_timeout"
        case requestTimeout = "request_timeout"

        /// The setting the key gives: its own, but a token file gives the credentials.
        public var setting: SettingKey {
            switch self {
            case .db: .db
            case .server: .server
            case .tenant: .tenant
            case .tokenFile: .credentials
            case .labelKeys: .labelKeys
            case .apiVersion: .apiVersion
            case .caBundle: .caBundle
            case .connectTimeout: .connectTimeout
            case .requestTimeout: .requestTimeout
            }
        }
    }
}
