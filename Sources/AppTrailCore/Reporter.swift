import AppTrailModel
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

    /// Whether progress is drawn as a bar redrawn in place: stderr is a terminal that understands it.
    public let terminal: Bool
    /// Seconds between two progress updates: a tenth of a second on a terminal, else a steady pace for logs
    /// (10 s, or `APPTRAIL_PROGRESS_INTERVAL`).
    public let progressInterval: Double
    /// The bar on screen, redrawn after any line printed over it.
    private var bar: String?
    /// `COLUMNS`, for a terminal that does not tell its width.
    private let columns: Int?

    /// A reporter on stderr, or on `write` (then never a terminal).
    public init(
        format: Format = .text, quiet: Bool = false, secrets: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        write: (@Sendable (String) -> Void)? = nil
    ) {
        self.format = format
        self.quiet = quiet
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
        self.secrets = SecretMask(secrets)
        terminal = write == nil && format == .text && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
        columns = TerminalWidth.environmentColumns(environment)
        progressInterval = terminal ? 0.1 : (environment["APPTRAIL_PROGRESS_INTERVAL"].flatMap(Double.init) ?? 10)
    }

    /// A progress meter for a long task, drawn by this reporter.
    public func meter(_ task: String, unit: String, total: Int? = nil) -> ProgressMeter {
        ProgressMeter(reporter: self, task: task, unit: unit, total: total)
    }

    /// Runs `body` with a meter that ends with its last line when `body` returns, and without one when it
    /// throws: a failed command's one line is its error.
    public func metered<T>(_ task: String, unit: String, total: Int? = nil, _ body: (ProgressMeter) throws -> T)
        rethrows -> T
    {
        let meter = meter(task, unit: unit, total: total)
        do {
            let result = try body(meter)
            meter.finish()
            return result
        } catch {
            meter.abandon()
            throw error
        }
    }

    /// Columns of the terminal on stderr, asked at each draw so that a resized window is followed: the
    /// terminal's own answer, else `COLUMNS`, else 80.
    public var terminalWidth: Int { TerminalWidth.columns(of: STDERR_FILENO, environment: columns) }

    /// Draws a meter's state: the bar in place on a terminal, made for its width, else a line (JSON: an `info`
    /// line with fields).
    func progress(bar render: (Int) -> String, line: String, fields: [(String, Any)]) {
        guard !quiet else { return }
        guard terminal else { return emit("info", line, fields) }
        let width = terminalWidth
        // A wider line would wrap, and the next `\r` would only go back to the start of its last row.
        let masked = TerminalText.truncate(mask(render(width)), to: max(1, width - 1))
        lock.lock()
        defer { lock.unlock() }
        bar = masked
        write("\r\u{1B}[K" + masked)
    }

    /// Takes a meter's bar off the screen.
    func progressCleared() {
        lock.lock()
        defer { lock.unlock() }
        if bar != nil { write("\r\u{1B}[K") }
        bar = nil
    }

    /// Replaces a meter's bar with its last line.
    func progressEnded(_ line: String, fields: [(String, Any)]) {
        progressCleared()
        info(line, fields)
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

    /// The one line of a command stopped on request (Ctrl-C, SIGTERM): it says what was kept and how to go
    /// on, so it is printed with `--quiet` too. Text has no level prefix; JSON has level `warning`.
    public func stopped(_ message: String, _ fields: [(String, Any)] = []) {
        emit("warning", message, fields, prefixed: false)
    }

    private func emit(_ level: String, _ message: String, _ fields: [(String, Any)], prefixed: Bool = true) {
        let line: String
        switch format {
        case .text:
            // A message may quote what a server or a user sent (an app id): it must not drive the terminal.
            line = (level == "info" || !prefixed ? "" : "\(level): ") + OneLine.printable(message) + "\n"
        case .json:
            // Masked before encoding, since JSON escapes could hide a secret from the mask of the line.
            var object: [String: Any] = ["level": level, "msg": mask(message)]
            for (k, v) in fields { object[k] = (v as? String).map(mask) ?? v }
            let data =
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data()
            line = String(decoding: data, as: UTF8.self) + "\n"
        }
        let masked = mask(line)
        lock.lock()
        defer { lock.unlock() }
        // A line over the bar: clear it, print the line, draw the bar again below.
        if let bar { write("\r\u{1B}[K" + masked + bar) } else { write(masked) }
    }

    public func mask(_ text: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        return secrets.mask(text)
    }
}
