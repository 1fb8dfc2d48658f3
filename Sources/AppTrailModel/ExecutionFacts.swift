/// The approval decision of an execution that paused (docs/metrics.md, "What is known about one execution").
public enum Decision: String, Hashable, Sendable {
    case approved, rejected, pending
}

/// The per-execution facts of docs/metrics.md, computed once at ingest and stored with the execution.
///
/// This is the one implementation of the decision rules: the warehouse stores its results and every
/// query reads them.
public struct ExecutionFacts: Hashable, Sendable {
    public var appId: String?
    /// The label key the app id came from (`system.app` or `system_app`).
    public var appLabelKey: String?
    public var submittedAt: Instant
    public var endedAt: Instant?
    public var durationS: Double?
    public var pausedS: Double
    public var decision: Decision?
    public var decidedAt: Instant?
    public var decisionS: Double?
    /// The first and last PAUSED entries: pending ages are computed from the last one at query time.
    public var firstPausedAt: Instant?
    public var lastPausedAt: Instant?
    public var decidedBy: String?
    public var submittedBy: String?
    public var isTerminal: Bool

    /// The label that names who started an execution.
    public static let usernameLabel = "system.username"
    /// The default app label keys, in order of precedence.
    public static let defaultLabelKeys = ["system.app", "system_app"]

    /// Computes the facts of `record`, or nil when it has neither a history nor a start date.
    public init?(_ record: ExecutionRecord, labelKeys: [String] = ExecutionFacts.defaultLabelKeys) {
        let h = record.histories
        guard let submitted = h.first?.date ?? record.startDate else { return nil }
        let app = record.app(labelKeys: labelKeys)
        appId = app?.id
        appLabelKey = app?.key
        submittedAt = submitted
        isTerminal = record.state.isTerminal
        if isTerminal, let last = h.last {
            endedAt = last.date
            durationS = last.date - submitted
        } else {
            endedAt = nil
            durationS = nil
        }

        // Summed as a Double: each gap fits in Int64 (years 0000-9999), but a hostile history of many
        // PAUSED entries spanning millennia would overflow an Int64 sum and trap. Sums of normal gaps
        // stay below 2^53 microseconds, where a Double is exact, so stored values do not change.
        var paused: Double = 0
        var firstPaused: Int?
        var lastPaused: Int?
        for i in h.indices where h[i].state == .paused {
            if firstPaused == nil { firstPaused = i }
            lastPaused = i
            if i + 1 < h.count { paused += Double(h[i + 1].date.micros - h[i].date.micros) }
        }
        pausedS = paused / 1_000_000
        firstPausedAt = firstPaused.map { h[$0].date }
        lastPausedAt = lastPaused.map { h[$0].date }

        decision = nil
        decidedAt = nil
        decisionS = nil
        if let last = lastPaused, let first = firstPaused {
            var found: Decision = .pending
            for entry in h[(last + 1)...] {
                switch entry.state {
                case .running, .success, .warning: found = .approved
                case .killing, .killed, .cancelled, .failed: found = .rejected
                default: continue
                }
                break
            }
            decision = found
            if found != .pending {
                let at = h[last + 1].date
                decidedAt = at
                decisionS = at - h[first].date
            }
        }
        if decision == .approved || decision == .rejected {
            decidedBy = record.pauseTaskRun?.resumedBy
        } else {
            decidedBy = nil
        }
        submittedBy = record.label(ExecutionFacts.usernameLabel)
    }

    /// Seconds an execution has been waiting for a decision as of `asOf`; nil unless it is pending.
    public func pendingAge(asOf: Instant) -> Double? {
        guard decision == .pending, let at = lastPausedAt else { return nil }
        return asOf - at
    }
}
