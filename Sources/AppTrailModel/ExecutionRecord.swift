/// One Kestra execution as apptrail keeps it: the fields the warehouse stores, decoded from any API
/// generation or from an imported file.
public struct ExecutionRecord: Hashable, Sendable {
    public var id: String
    /// The execution's `tenantId`; nil when the server sent none (the configured tenant applies).
    public var tenant: String?
    public var namespace: String
    public var flowId: String
    public var flowRevision: Int?
    /// `NORMAL`, `TEST`, `PLAYGROUND`, `LOOP`, ...; nil when absent (a normal execution).
    public var kind: String?
    /// Labels in the order the server sent them (a label map is turned into this list).
    public var labels: [Label]
    /// The inputs as compact canonical JSON (see `CanonicalJSON`); `{}` when there are none.
    public var inputsJSON: String
    /// `state.current`.
    public var state: StateType
    /// `state.histories`, oldest first.
    public var histories: [StateEntry]
    /// `state.startDate`, used when the history is empty.
    public var startDate: Instant?
    /// What the task runs say about the last Pause task run; nil when the payload carried no task
    /// runs (2.0 search items, or an execution whose tasks have not started).
    public var pauseTaskRun: PauseTaskRun?
    /// Whether the payload carried a `taskRunList` at all.
    public var hasTaskRuns: Bool

    public init(
        id: String, tenant: String? = nil, namespace: String, flowId: String, flowRevision: Int? = nil,
        kind: String? = nil, labels: [Label] = [], inputsJSON: String = "{}", state: StateType,
        histories: [StateEntry], startDate: Instant? = nil, pauseTaskRun: PauseTaskRun? = nil, hasTaskRuns: Bool = false
    ) {
        self.id = id
        self.tenant = tenant
        self.namespace = namespace
        self.flowId = flowId
        self.flowRevision = flowRevision
        self.kind = kind
        self.labels = labels
        self.inputsJSON = inputsJSON
        self.state = state
        self.histories = histories
        self.startDate = startDate
        self.pauseTaskRun = pauseTaskRun
        self.hasTaskRuns = hasTaskRuns
    }

    /// The value of the first label with this key.
    public func label(_ key: String) -> String? {
        labels.first(where: { $0.key == key })?.value
    }

    /// The app this execution belongs to: the value of the first of `labelKeys` it carries.
    public func app(labelKeys: [String]) -> (id: String, key: String)? {
        for key in labelKeys {
            if let value = label(key) { return (value, key) }
        }
        return nil
    }

    /// Whether this is a TEST or PLAYGROUND execution, stored but left out of metrics and exports.
    public var isTestKind: Bool { kind == "TEST" || kind == "PLAYGROUND" }
}

/// A `{key, value}` execution label.
public struct Label: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// The facts read from the last Pause task run of an execution.
public struct PauseTaskRun: Hashable, Sendable {
    public var taskRunId: String?
    /// `outputs.resumed.by` when present and not null.
    public var resumedBy: String?
    public init(taskRunId: String? = nil, resumedBy: String?) {
        self.taskRunId = taskRunId
        self.resumedBy = resumedBy
    }
}
