import Analysis
import AppTrailModel
import Exports
import Foundation
import KestraClient

extension Settings {
    /// One line of `apptrail config show`.
    public struct Shown: Sendable {
        public var key: String
        /// The value as printed: secrets masked, URLs without credentials, absent values as `(none)`.
        public var value: String
        public var origin: SettingOrigin
    }

    /// Every setting with its effective value and where it came from (`apptrail config show`). Secrets never
    /// appear: a token or password is `***` (`SecretMask.placeholder`, as in every message), and a server URL loses its `user:password@`.
    public func shown(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Shown] {
        func origin(_ key: String) -> SettingOrigin { origins[key] ?? .byDefault }
        var credentialsText: String
        switch credentials {
        case .none:
            if let serverURL, let (user, _, _) = Settings.splitCredentials(serverURL) {
                credentialsText = "basic: user \(user), password \(SecretMask.placeholder) (in the server URL)"
            } else {
                credentialsText = "(none)"
            }
        case .bearer: credentialsText = "bearer token \(SecretMask.placeholder)"
        case .basic(let user, _): credentialsText = "basic: user \(user), password \(SecretMask.placeholder)"
        }
        if unusable["credentials"] != nil { credentialsText = "(unusable: the token file cannot be read)" }
        let now: String
        if case .byDefault = origin("now") { now = "the system clock" } else { now = clock.now().isoMillis }
        let queries = Self.searchText(QueryCatalog.searchedFolders(environment: environment))
        let reports = Self.searchText(ReportCatalog.searchedFolders(environment: environment))
        return [
            Shown(key: "config_file", value: configFile?.path ?? "(none)", origin: configFile?.origin ?? .byDefault),
            Shown(key: "db", value: databasePath, origin: origin("db")),
            Shown(key: "server", value: serverURL.map(URLRedactor.redact) ?? "(none)", origin: origin("server")),
            Shown(key: "tenant", value: tenant, origin: origin("tenant")),
            Shown(key: "credentials", value: credentialsText, origin: origin("credentials")),
            Shown(key: "label_keys", value: labelKeys.joined(separator: ", "), origin: origin("label_keys")),
            Shown(key: "api_version", value: apiVersionText, origin: origin("api_version")),
            Shown(key: "ca_bundle", value: transport.caBundle ?? "(the system's)", origin: origin("ca_bundle")),
            Shown(key: "connect_timeout", value: Self.seconds(transport.connectTimeout), origin: origin("connect_timeout")),
            Shown(key: "request_timeout", value: Self.seconds(transport.requestTimeout), origin: origin("request_timeout")),
            Shown(key: "now", value: now, origin: origin("now")),
            Shown(key: "queries", value: queries, origin: environment["APPTRAIL_QUERIES"].map { _ in .environment("APPTRAIL_QUERIES") } ?? .byDefault),
            Shown(key: "reports", value: reports, origin: environment["APPTRAIL_REPORTS"].map { _ in .environment("APPTRAIL_REPORTS") } ?? .byDefault),
        ]
    }

    private var apiVersionText: String {
        switch apiVersion {
        case .auto: "auto"
        case .fixed(let generation): generation.rawValue
        }
    }

    /// The folders searched for definitions, in order, each found or missing, then the built-in ones:
    /// `./queries (found), /usr/local/share/apptrail/queries (missing), then built-in`.
    private static func searchText(_ folders: [DefinitionCatalogue.Folder]) -> String {
        folders.map { folder in
            let shown = folder.variable == nil && !folder.path.hasPrefix("/") ? "./" + folder.path : folder.path
            return "\(shown) (\(folder.exists ? "found" : "missing"))"
        }.joined(separator: ", ") + ", then built-in"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
