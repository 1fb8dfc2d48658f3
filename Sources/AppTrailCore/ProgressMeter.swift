import AppTrailModel
import Foundation

/// Shows how far a long command has got: a bar redrawn in place on a terminal, a plain line at a steady pace
/// elsewhere (cron mail, the journal, a CI log), a JSON line with `--log-format json`, nothing with `--quiet`.
///
/// A meter counts units of work (executions, rows, sheets) against a total that may grow as the work is
/// discovered (a sync learns each app's count from its first page). It draws through its reporter, which
/// clears the bar before any other line, so messages and the bar never overwrite each other.
public final class ProgressMeter: @unchecked Sendable {
    /// What the command is doing, first on every line: `sync`, `import`, `export`, `report`.
    public let task: String
    /// What is counted, plural: `executions`, `rows`, `sheets`.
    public let unit: String
    private let reporter: Reporter
    private let lock = NSLock()
    private let started: Double
    private var done = 0
    private var total: Int?
    private var detail = ""
    private var lastDrawn = -Double.infinity
    private var finished = false

    init(reporter: Reporter, task: String, unit: String, total: Int? = nil) {
        self.reporter = reporter
        self.task = task
        self.unit = unit
        self.total = total
        started = ProgressMeter.seconds()
        // A bar shows at once; a log gets its first line after one interval, or only the last line.
        if reporter.terminal { draw(force: true) } else { lastDrawn = started }
    }

    /// Seconds on a monotonic clock.
    static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Adds work whose size is now known (an app's executions, a file's bytes).
    public func addToTotal(_ n: Int) {
        lock.withLock { total = (total ?? 0) + max(0, n) }
        draw(force: false)
    }

    /// Sets what is being worked on (`app expenseApproval`), shown after the counts.
    public func describe(_ text: String) {
        lock.withLock { detail = text }
    }

    /// Counts `n` more units done.
    public func advance(by n: Int) {
        lock.withLock { done += n }
        draw(force: false)
    }

    /// Ends the meter: the bar is replaced by a last line with the count, the rate and the time taken.
    public func finish() {
        let (last, already) = lock.withLock { () -> (Snapshot, Bool) in
            defer { finished = true }
            return (self.snapshot(now: ProgressMeter.seconds()), finished)
        }
        guard !already else { return }
        reporter.progressEnded(last.finalLine, fields: last.fields)
    }

    /// Ends the meter without a last line, as a failed command does: its one line is the error.
    public func abandon() {
        let already = lock.withLock { () -> Bool in
            defer { finished = true }
            return finished
        }
        guard !already else { return }
        reporter.progressCleared()
    }

    private func draw(force: Bool) {
        let now = ProgressMeter.seconds()
        let current: Snapshot? = lock.withLock {
            guard !finished, force || now - lastDrawn >= reporter.progressInterval else { return nil }
            lastDrawn = now
            return self.snapshot(now: now)
        }
        guard let current else { return }
        reporter.progress(bar: current.bar, line: current.line, fields: current.fields)
    }

    private func snapshot(now: Double) -> Snapshot {
        Snapshot(task: task, unit: unit, done: done, total: total.map { max($0, done) }, detail: detail, elapsed: now - started)
    }

    /// The meter at one moment, and how it reads.
    struct Snapshot {
        var task: String
        var unit: String
        var done: Int
        var total: Int?
        var detail: String
        var elapsed: Double

        var rate: Double { elapsed > 0.05 ? Double(done) / elapsed : 0 }

        /// Seconds left at the rate so far; nil without a total or a rate.
        var secondsLeft: Double? {
            guard let total, rate > 0 else { return nil }
            return Double(total - done) / rate
        }

        private var counts: String {
            total.map { "\(Self.grouped(done))/\(Self.grouped($0)) \(unit)" } ?? "\(Self.grouped(done)) \(unit)"
        }

        private var rateText: String { "\(Self.grouped(Int(rate.rounded())))/s" }

        private var left: String {
            secondsLeft.map { "\(SpanText.format(micros: Int64($0 * 1_000_000))) left" } ?? ""
        }

        /// The terminal form: `sync [#######.............]  35% 12,000/34,000 executions  4,100/s  5s left  app x`.
        var bar: String {
            var parts = [task]
            if let total, total > 0 {
                let width = 24
                let filled = min(width, done * width / total)
                parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
                parts.append(String(format: "%3d%%", min(100, done * 100 / total)))
            }
            parts += [counts, rateText]
            if !left.isEmpty { parts.append(left) }
            if !detail.isEmpty { parts.append(detail) }
            return parts.joined(separator: "  ")
        }

        /// The plain form: `sync: 12,000 of 34,000 executions (35%), 4,100/s, 5s left (app x)`.
        var line: String {
            var text = "\(task): "
            if let total, total > 0 {
                text += "\(Self.grouped(done)) of \(Self.grouped(total)) \(unit) (\(min(100, done * 100 / total))%)"
            } else {
                text += "\(Self.grouped(done)) \(unit)"
            }
            text += ", \(rateText)"
            if !left.isEmpty { text += ", " + left }
            if !detail.isEmpty { text += " (\(detail))" }
            return text
        }

        var finalLine: String {
            // A rate over a few milliseconds says nothing.
            "\(task): \(Self.grouped(done)) \(unit) in \(String(format: "%.1f", elapsed)) s" + (elapsed >= 0.1 ? " (\(rateText))" : "")
        }

        var fields: [(String, Any)] {
            var out: [(String, Any)] = [("task", task), ("done", done), ("unit", unit), ("rate_per_s", (rate * 10).rounded() / 10)]
            if let total { out.append(("total", total)) }
            if let secondsLeft { out.append(("seconds_left", (secondsLeft * 10).rounded() / 10)) }
            return out
        }

        /// `12,345`: thousands grouped with commas, whatever the locale.
        static func grouped(_ n: Int) -> String { NumberText.grouped(n) }
    }
}
