import Foundation
import KestraClient

/// Writes progress and diagnostics to stderr: plain lines, JSON lines for log collectors, or nothing but
/// errors. Data never goes here; it goes to stdout.
public final class Reporter: @unchecked Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public let format: Format
    public let quiet: Bool
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    /// Strings that must never be printed (credentials); masked wherever they appear.
    private var secrets: SecretMask

    public init(format: Format = .text, quiet: Bool = false, secrets: [String] = [],
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.format = format; self.quiet = quiet; self.write = write
        self.secrets = SecretMask(secrets)
    }

    /// Adds secrets to mask from now on, such as a token read from a file once the settings are known.
    public func protect(_ more: [String]) {
        lock.lock()
        defer { lock.unlock() }
        secrets.add(more)
    }

    public func info(_ message: String, _ fields: [(String, Any)] = []) {
        guard !quiet else { return }
        emit("info", message, fields)
    }

    public func warning(_ message: String, _ fields: [(String, Any)] = []) {
        guard !quiet else { return }
        emit("warning", message, fields)
    }

    public func error(_ message: String, _ fields: [(String, Any)] = []) {
        emit("error", message, fields)
    }

    private func emit(_ level: String, _ message: String, _ fields: [(String, Any)]) {
        let line: String
        switch format {
        case .text:
            line = (level == "info" ? "" : "\(level): ") + message + "\n"
        case .json:
            // Masked before encoding, since JSON escapes could hide a secret from the mask of the line.
            var object: [String: Any] = ["level": level, "msg": mask(message)]
            for (k, v) in fields { object[k] = (v as? String).map(mask) ?? v }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self) + "\n"
        }
        let masked = mask(line)
        lock.lock()
        defer { lock.unlock() }
        write(masked)
    }

    public func mask(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        return secrets.mask(text)
    }
}
