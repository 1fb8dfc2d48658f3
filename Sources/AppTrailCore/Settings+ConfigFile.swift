import AppTrailModel
import Foundation
import KestraClient
import YAMLReader
import Yams

extension Settings {
    /// The keys `apptrail.yaml` may hold; any other key is an error, so a typo never goes unnoticed.
    public static let configKeys = ["db", "server", "tenant", "token_file", "label_keys", "api_version", "ca_bundle",
                                    "connect_timeout", "request_timeout"]

    /// Applies a YAML config file. Secrets do not belong in it: point `token_file` at a file of mode 0600.
    ///
    /// With `toShow`, a token file that cannot be read is recorded in `unusable` instead of ending the read,
    /// so that `config show` can print every other setting.
    public mutating func apply(configFile path: String, toShow: Bool = false) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Problem(.config, "cannot read the config file \(path)")
        }
        let node: Node?
        do throws(YAMLReader.Failure) {
            node = try YAMLReader.document(text)
        } catch {
            throw Problem(.config, "\(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
        }
        guard let node else { return }
        guard let map = node.mapping else { throw Problem(.config, "\(path): the config must be a mapping of settings") }
        for (keyNode, value) in map {
            let key = keyNode.string ?? ""
            let line = (keyNode.mark?.line).map { ":\($0)" } ?? ""
            let origin = SettingOrigin.file(path: path, line: keyNode.mark?.line)
            // A key that fails below is reported before anything reads this.
            origins[key == "token_file" ? "credentials" : key] = origin
            func text() throws(Problem) -> String {
                guard let s = value.scalar?.string else { throw Problem(.config, "\(path)\(line): '\(key)' must be text") }
                return s
            }
            switch key {
            case "db": databasePath = try text()
            case "server": serverURL = try text()
            case "tenant": tenant = try text()
            case "token_file":
                do {
                    try readToken(file: try text(), origin: origin)
                } catch where toShow {
                    unusable["credentials"] = Problem(.config, "\(error.message) (token_file, \(origin))")
                }
            case "label_keys":
                guard let list = value.sequence?.compactMap({ $0.string }), !list.isEmpty else {
                    throw Problem(.config, "\(path)\(line): 'label_keys' must be a list of label keys")
                }
                labelKeys = list
            case "api_version":
                guard let v = APIVersionChoice(try text()) else {
                    throw Problem(.config, "\(path)\(line): 'api_version' must be one of auto, 0.22, 1, 2")
                }
                apiVersion = v
            case "ca_bundle": transport.caBundle = try text()
            case "connect_timeout", "request_timeout":
                guard let seconds = Double(try text()), seconds > 0 else {
                    throw Problem(.config, "\(path)\(line): '\(key)' must be a number of seconds")
                }
                if key == "connect_timeout" { transport.connectTimeout = seconds } else { transport.requestTimeout = seconds }
            default:
                throw Problem(.config, "\(path)\(line): unknown setting '\(key)'; known: \(Settings.configKeys.joined(separator: ", "))")
            }
        }
    }
}
