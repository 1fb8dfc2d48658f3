import AppTrailModel
import Foundation
import KestraClient
import YAMLReader
import Yams

extension Settings {
    /// Applies a YAML config file. Secrets do not belong in it: point `token_file` at a file of mode 0600.
    ///
    /// With `toShow`, a token file that cannot be read is recorded in `unusable` instead of ending the read,
    /// so that `config show` can print every other setting.
    public mutating func apply(configFile path: String, toShow: Bool = false) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Problem(.config, "cannot read the config file \(path)")
        }
        let node: Node?
        do throws(YAMLReader.Failure) {
            node = try YAMLReader.document(text)
        } catch {
            throw Problem(.config, "\(path)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
        }
        guard let node else { return }
        guard let map = node.mapping else {
            throw Problem(.config, "\(path): the config must be a mapping of settings")
        }
        for (keyNode, value) in map {
            let key = keyNode.string ?? ""
            let line = (keyNode.mark?.line).map { ":\($0)" } ?? ""
            let origin = SettingOrigin.file(path: path, line: keyNode.mark?.line)
            guard let fileKey = SettingKey.FileKey(rawValue: key) else {
                let known = SettingKey.FileKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem(.config, "\(path)\(line): unknown setting '\(key)'; known: \(known)")
            }
            // A key that fails below is reported before anything reads this.
            origins[fileKey.setting] = origin
            func text() throws(Problem) -> String {
                guard let s = value.scalar?.string else {
                    throw Problem(.config, "\(path)\(line): '\(key)' must be text")
                }
                return s
            }
            switch fileKey {
            case .db: databasePath = try text()
            case .server: serverURL = try text()
            case .tenant: tenant = try text()
            case .tokenFile:
                do {
                    try readToken(file: try text(), origin: origin)
                } catch  where toShow {
                    unusable[.credentials] = Problem(.config, "\(error.message) (\(key), \(origin))")
                }
            case .labelKeys:
                guard let list = value.sequence?.compactMap({ $0.string }), !list.isEmpty else {
                    throw Problem(.config, "\(path)\(line): '\(key)' must be a list of label keys")
                }
                labelKeys = list
            case .apiVersion:
                guard let v = APIVersionChoice(try text()) else {
                    throw Problem(.config, "\(path)\(line): '\(key)' must be one of auto, 0.22, 1, 2")
                }
                apiVersion = v
            case .caBundle: transport.caBundle = try text()
            case .connectTimeout, .requestTimeout:
                guard let seconds = Double(try text()), seconds > 0 else {
                    throw Problem(.config, "\(path)\(line): '\(key)' must be a number of seconds")
                }
                if fileKey == .connectTimeout {
                    transport.connectTimeout = seconds
                } else {
                    transport.requestTimeout = seconds
                }
            }
        }
    }
}
