import AppTrailModel

/// The warehouse row of one execution: the record's fields and its facts, in column form.
public struct ExecutionRow: Sendable, Hashable {
    public var id: String
    public var tenant: String
    public var namespace: String
    public var flowId: String
    public var flowRevision: Int?
    public var appId: String
    public var appLabelKey: String
    public var kind: String
    public var state: String
    public var isTerminal: Bool
    public var submittedAt: String
    public var endedAt: String?
    public var durationS: Double?
    public var pausedS: Double
    public var decision: String?
    public var decidedAt: String?
    public var decisionS: Double?
    public var firstPausedAt: String?
    public var lastPausedAt: String?
    public var decidedBy: String?
    public var submittedBy: String?
    public var inputsJSON: String
    public var labelsJSON: String
    public var stateHistoryJSON: String
    /// The same history as auditors read it: `STATE@timestamp|...`.
    public var stateHistory: String
    /// Whether the source carried task runs, so that an empty `decidedBy` is known rather than unread.
    public var decidedByKnown: Bool
    /// How new this copy is: its last state's date to the millisecond (empty without a history), then the
    /// number of states. Not a column: the warehouse compares it with the stored history's.
    public var freshness: CopyFreshness

    /// The row of `record`, or nil when it carries no app label or has no start date.
    public init?(_ record: ExecutionRecord, labelKeys: [String], defaultTenant: String) {
        guard let facts = ExecutionFacts(record, labelKeys: labelKeys), let appId = facts.appId,
            let key = facts.appLabelKey
        else { return nil }
        id = record.id
        tenant = record.tenant ?? defaultTenant
        namespace = record.namespace
        flowId = record.flowId
        flowRevision = record.flowRevision
        self.appId = appId
        appLabelKey = key
        kind = record.kind ?? "NORMAL"
        state = record.state.rawValue
        isTerminal = facts.isTerminal
        submittedAt = facts.submittedAt.iso
        endedAt = facts.endedAt?.iso
        durationS = facts.durationS
        pausedS = facts.pausedS
        decision = facts.decision?.rawValue
        decidedAt = facts.decidedAt?.iso
        decisionS = facts.decisionS
        firstPausedAt = facts.firstPausedAt?.iso
        lastPausedAt = facts.lastPausedAt?.iso
        decidedBy = facts.decidedBy
        submittedBy = facts.submittedBy
        inputsJSON = record.inputsJSON
        labelsJSON = CanonicalJSON.labels(record.labels)
        stateHistoryJSON = CanonicalJSON.history(record.histories)
        stateHistory = CanonicalJSON.historyTrail(record.histories)
        decidedByKnown = record.hasTaskRuns || record.pauseTaskRun != nil
        freshness = CopyFreshness(record.histories)
    }
}

/// How new a copy of an execution is, judged from its state history alone: a history only grows, so a
/// copy whose last state is later, or as late with more states, is the newer one.
///
/// Dates count to the millisecond: Kestra's answer to a creation carries nanoseconds, its later reads
/// milliseconds, and both name the same instant.
public struct CopyFreshness: Sendable, Hashable, Comparable {
    /// The last state's date as `YYYY-MM-DDTHH:MM:SS.mmm`, empty without a history.
    public var lastStateAt: String
    public var states: Int

    public init(_ histories: [StateEntry]) {
        lastStateAt = histories.last.map { String($0.date.iso.prefix(23)) } ?? ""
        states = histories.count
    }

    public static func < (a: CopyFreshness, b: CopyFreshness) -> Bool {
        (a.lastStateAt, a.states) < (b.lastStateAt, b.states)
    }
}

extension ExecutionRow {
    /// The rows of `records`, and how many were left out (no app label, or no date at all).
    public static func rows(of records: [ExecutionRecord], labelKeys: [String], defaultTenant: String) -> (
        rows: [ExecutionRow], skipped: Int
    ) {
        var rows: [ExecutionRow] = []
        rows.reserveCapacity(records.count)
        for r in records {
            if let row = ExecutionRow(r, labelKeys: labelKeys, defaultTenant: defaultTenant) { rows.append(row) }
        }
        return (rows, records.count - rows.count)
    }

    /// The `executions` columns a row fills, in the order of `values`.
    public static let columns = [
        "id", "tenant", "namespace", "flow_id", "flow_revision", "app_id", "app_label_key", "kind", "state",
        "is_terminal",
        "submitted_at", "ended_at", "duration_s", "paused_s", "decision", "decided_at", "decision_s", "first_paused_at",
        "last_paused_at", "decided_by", "submitted_by", "inputs_json", "labels_json", "state_history_json",
        "state_history",
    ]

    /// The row's values in the order of `columns`, as SQLite stores them (a Bool as 0 or 1).
    public var values: [(any Sendable)?] {
        [
            id, tenant, namespace, flowId, flowRevision, appId, appLabelKey, kind, state, isTerminal ? 1 : 0,
            submittedAt, endedAt,
            durationS, pausedS, decision, decidedAt, decisionS, firstPausedAt, lastPausedAt, decidedBy, submittedBy,
            inputsJSON,
            labelsJSON, stateHistoryJSON, stateHistory,
        ]
    }
}
