import Analysis
import AppTrailModel
import Exports
import Foundation
import KestraClient

extension Settings {
    /// One line of `apptrail config show`.
    public struct Shown: Sendable {
        public var key: SettingKey
        /// The value as printed: secrets masked, URLs without credentials, absent values as `(none)`.
        public var value: String
        public var origin: SettingOrigin
    }

    /// Every setting with its effective value and where it came from (`apptrail config show`). Secrets never
    /// appear: a token or password is `***` (`SecretMask.placeholder`, as in every message), and a server URL loses its `user:password@`.
    public func shown(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Shown] {
        let origin = self.origin(of:)
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
        if unusable[.credentials] != nil { credentialsText = "(unusable: the token file cannot be read)" }
        let now: String
        if case .byDefault = origin(.now) { now = "the system clock" } else { now = clock.now().isoMillis }
        let queries = Self.searchText(QueryCatalog.searchedFolders(environment: environment))
        let reports = Self.searchText(ReportCatalog.searchedFolders(environment: environment))
        return [
            Shown(key: .configFile, value: configFile?.path ?? "(none)", origin: configFile?.origin ?? .byDefault),
            Shown(key: .db, value: databasePath, origin: origin(.db)),
            Shown(key: .server, value: serverURL.map(URLRedactor.redact) ?? "(none)", origin: origin(.server)),
            Shown(key: .tenant, value: tenant, origin: origin(.tenant)),
            Shown(key: .credentials, value: credentialsText, origin: origin(.credentials)),
            Shown(key: .labelKeys, value: labelKeys.joined(separator: ", "), origin: origin(.labelKeys)),
            Shown(key: .apiVersion, value: apiVersionText, origin: origin(.apiVersion)),
            Shown(key: .caBundle, value: transport.caBundle ?? "(the system's)", origin: origin(.caBundle)),
            Shown(key: .connectTimeout, value: Self.seconds(transport.connectTimeout), origin: origin(.connectTimeout)),
            Shown(key: .requestTimeout, value: Self.seconds(transport.requestTimeout), origin: origin(.requestTimeout)),
            Shown(key: .now, value: now, origin: origin(.now)),
            Shown(
                key: .queries, value: queries,
                origin: environment["APPTRAIL_QUERIES"].map { _ in .environment("APPTRAIL_QUERIES") } ?? .byDefault),
            Shown(
                key: .reports, value: reports,
                origin: environment["APPTRAIL_REPORTS"].map { _ in .environment("APPTRAIL_REPORTS") } ?? .byDefault),
        ]
    }

    /// How `config show` prints the settings: a table, or a JSON object.
    public enum ShowFormat: String, CaseIterable, Sendable { case text, json }

    /// The settings as `config show` prints them: a table of setting, value and source, or a JSON object of
    /// each setting's value, source kind and source (`from`). The caller masks what a value could still hold.
    public func showText(_ format: ShowFormat, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String
    {
        let shown = shown(environment: environment)
        switch format {
        case .json:
            let object = Dictionary(
                uniqueKeysWithValues: shown.map { s in
                    (s.key.rawValue, ["value": s.value, "source": s.origin.kind, "from": s.origin.description])
                })
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        case .text:
            let keyWidth = max(7, shown.map(\.key.rawValue.count).max() ?? 0)
            // A long value (the folders searched) runs past the column rather than push every source off an
            // 80-column screen.
            let valueWidth = max(5, shown.map(\.value.count).filter { $0 <= 40 }.max() ?? 0)
            func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
            var out = pad("setting", keyWidth) + "  " + pad("value", valueWidth) + "  source\n"
            for s in shown {
                out += pad(s.key.rawValue, keyWidth) + "  " + pad(s.value, valueWidth) + "  \(s.origin)\n"
            }
            return out
        }
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
