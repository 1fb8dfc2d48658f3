import AppTrailModel
import Foundation

/// Shows how far a long command has got: a bar redrawn in place on a terminal, a plain line at a steady pace
/// elsewhere (cron mail, the journal, a CI log), a JSON line with `--log-format json`, nothing with `--quiet`.
///
/// A meter counts units of work (executions, rows, sheets) against a total that may grow as the work is
/// planned (an export learns each app's count before writing it). Work whose size is only learnt step by
/// step runs in stages instead (a sync's crawls, each with the total its first page gives): a stage is shown
/// beside its own bar, so a bar never reaches 100% and falls back. The meter draws through its reporter,
/// which clears the bar before any other line, so messages and the bar never overwrite each other; on a
/// terminal the bar is fitted to the terminal's width at each draw.
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
    private var stage: Stage?
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

    /// Sets what is being worked on (`app expenseApproval`), shown after the counts; control characters are
    /// dropped, since it may come from the server.
    public func describe(_ text: String) {
        let clean = TerminalText.printable(text)
        lock.withLock { detail = clean }
    }

    /// Starts a stage (`scope 3 of 17`): the bar counts from zero against `total`, which stays as given for
    /// the whole stage (a stage whose total is not known yet is begun again once it is). The overall count
    /// goes on.
    public func begin(stage label: String, detail text: String, total: Int? = nil) {
        let clean = TerminalText.printable(text)
        lock.withLock {
            stage = Stage(label: label, total: total.map { max(0, $0) })
            detail = clean
        }
        draw(force: reporter.terminal)
    }

    /// Counts `n` more units done.
    public func advance(by n: Int) {
        lock.withLock {
            done += n
            stage?.done += n
        }
        draw(force: false)
    }

    /// Ends the meter: the bar is replaced by a last line with the count, the rate and the time taken.
    public func finish() {
        let (last, already) = lock.withLock { () -> (Snapshot, Bool) in
            defer { finished = true }
            return (self.snapshot(now: ProgressMeter.seconds()), finished)
        }
        guard !already else { return }
        reporter.progressEnded(last.finalLine, fields: last.finalFields)
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
        reporter.progress(bar: current.bar(width:), line: current.line, fields: current.fields)
    }

    private func snapshot(now: Double) -> Snapshot {
        Snapshot(
            task: task, unit: unit, done: done, total: total.map { max($0, done) }, detail: detail,
            elapsed: now - started,
            stage: stage)
    }

    /// A part of the work with its own bar: its label, its count and the total it was given.
    struct Stage {
        var label: String
        var done = 0
        var total: Int?
    }

    /// The meter at one moment, and how it reads.
    struct Snapshot {
        var task: String
        var unit: String
        var done: Int
        var total: Int?
        var detail: String
        var elapsed: Double
        var stage: Stage?

        var rate: Double { elapsed > 0.05 ? Double(done) / elapsed : 0 }

        /// What the bar counts: the stage's units, or the whole task's.
        private var counted: Int { stage?.done ?? done }
        /// What the bar counts against. A stage's total stays as given: more done than it said shows 100%.
        private var goal: Int? {
            guard let stage else { return total }
            return stage.total
        }
        private var percent: Int? { goal.flatMap { $0 > 0 ? min(100, counted * 100 / $0) : nil } }

        /// Seconds left at the rate so far (of the stage, in stages); nil without a total or a rate.
        var secondsLeft: Double? {
            guard let goal, rate > 0 else { return nil }
            return Double(max(0, goal - counted)) / rate
        }

        private func counts(unit: Bool) -> String {
            let text = goal.map { "\(Self.grouped(counted))/\(Self.grouped($0))" } ?? Self.grouped(counted)
            return unit ? "\(text) \(self.unit)" : text
        }

        private var rateText: String { "\(Self.grouped(Int(rate.rounded())))/s" }

        private var left: String {
            secondsLeft.map { "\(SpanText.format(micros: Int64($0 * 1_000_000))) left" } ?? ""
        }

        /// What may be left out of a bar too wide for the terminal, in the order it goes.
        private struct Fit {
            var left = true
            var rate = true
            var graphic = 24
            var unit = true
            var counts = true
            var shortStage = false
        }

        private func head(_ fit: Fit) -> String {
            var parts = [task]
            if let stage { parts.append(fit.shortStage ? Self.short(stage.label) : stage.label) }
            if let goal, goal > 0, let percent {
                if fit.graphic > 0 {
                    let filled = min(fit.graphic, counted * fit.graphic / goal)
                    parts.append(
                        "[" + String(repeating: "#", count: filled)
                            + String(repeating: ".", count: fit.graphic - filled) + "]")
                }
                parts.append(String(format: "%3d%%", percent))
            }
            if fit.counts { parts.append(counts(unit: fit.unit)) }
            if fit.rate { parts.append(rateText) }
            if fit.left && !left.isEmpty { parts.append(left) }
            return parts.joined(separator: "  ")
        }

        /// `scope 3 of 17` as `3/17`, for the narrowest terminals.
        private static func short(_ label: String) -> String {
            let words = label.split(separator: " ")
            guard words.count == 4, words[2] == "of" else { return label }
            return "\(words[1])/\(words[3])"
        }

        /// The terminal form, at most `width - 1` columns (the last column would wrap on some terminals):
        /// `sync  scope 1 of 17  [#######.................]   35%  12,000/34,000 executions  4,100/s  5s left  discovery scan`.
        ///
        /// What does not fit goes in this order: the detail is cut with `…` (to 12 columns), then the time left
        /// and the rate are dropped, the graphic shrinks and goes, the counts lose their unit and go, and the
        /// stage shortens to `1/17`; the detail is dropped last.
        func bar(width: Int) -> String {
            let limit = max(1, width - 1)
            let steps: [(inout Fit) -> Void] = [
                { $0.left = false }, { $0.rate = false }, { $0.graphic = 16 }, { $0.graphic = 8 }, { $0.graphic = 0 },
                { $0.unit = false }, { $0.counts = false }, { $0.shortStage = true },
            ]
            var fit = Fit()
            let detailWidth = TerminalText.width(detail)
            for step in [nil] + steps {
                step?(&fit)
                let text = head(fit)
                let room = limit - TerminalText.width(text) - 2
                if detail.isEmpty {
                    if room + 2 >= 0 { return text }
                } else if room >= min(12, detailWidth) {
                    return text + "  " + TerminalText.truncate(detail, to: room)
                }
            }
            return TerminalText.truncate(head(fit), to: limit)
        }

        /// The plain form: `sync: scope 1 of 17, 12,000 of 34,000 executions (35%), 4,100/s, 5s left (app x)`.
        var line: String {
            var text = "\(task): "
            if let stage { text += "\(stage.label), " }
            if let goal, let percent {
                text += "\(Self.grouped(counted)) of \(Self.grouped(goal)) \(unit) (\(percent)%)"
            } else {
                text += "\(Self.grouped(counted)) \(unit)"
            }
            text += ", \(rateText)"
            if !left.isEmpty { text += ", " + left }
            if !detail.isEmpty { text += " (\(detail))" }
            return text
        }

        var finalLine: String {
            // A rate over a few milliseconds says nothing.
            "\(task): \(Self.grouped(done)) \(unit) in \(String(format: "%.1f", elapsed)) s"
                + (elapsed >= 0.1 ? " (\(rateText))" : "")
        }

        var fields: [(String, Any)] {
            var out: [(String, Any)] = [
                ("task", task), ("done", done), ("unit", unit), ("rate_per_s", (rate * 10).rounded() / 10),
            ]
            if let stage {
                out += [("stage", stage.label), ("stage_done", stage.done)]
                if let t = stage.total { out.append(("stage_total", t)) }
                if !detail.isEmpty { out.append(("detail", detail)) }
            } else if let total {
                out.append(("total", total))
            }
            if let secondsLeft { out.append(("seconds_left", (secondsLeft * 10).rounded() / 10)) }
            return out
        }

        /// The last line's fields: the whole task's; a stage's are over by then.
        var finalFields: [(String, Any)] {
            guard stage != nil else { return fields }
            return [("task", task), ("done", done), ("unit", unit), ("rate_per_s", (rate * 10).rounded() / 10)]
        }

        /// `12,345`: thousands grouped with commas, whatever the locale.
        static func grouped(_ n: Int) -> String { NumberText.grouped(n) }
    }
}
