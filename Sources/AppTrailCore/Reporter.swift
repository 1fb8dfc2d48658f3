import Foundation

/// Writes progress and diagnostics to stderr: plain lines, JSON lines for log collectors, or nothing but
/// errors. Data never goes here; it goes to stdout.
public final class Reporter: @unchecked Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public let format: Format
    public let quiet: Bool
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    /// Strings that must never be printed (credentials); masked wherever they appear.
    private let secrets: [String]

    public init(format: Format = .text, quiet: Bool = false, secrets: [String] = [],
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.format = format; self.quiet = quiet; self.write = write
        self.secrets = secrets.filter { $0.count >= 3 }
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
            var object: [String: Any] = ["level": level, "msg": message]
            for (k, v) in fields { object[k] = v }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self) + "\n"
        }
        lock.lock()
        defer { lock.unlock() }
        write(mask(line))
    }

    public func mask(_ text: String) -> String {
        var out = text
        for s in secrets where out.contains(s) { out = out.replacingOccurrences(of: s, with: "***") }
        return out
    }
}
