/// The cheap, string-free facts of one execution, stored for every execution of a dataset.
struct ExecutionProfile: Sendable, Hashable {
    /// Index into `SimulatorWorld.flows`: an app's flow or a scheduled flow.
    var flow: Int16
    var scenario: Scenario
    /// 0 normal, 1 TEST, 2 PLAYGROUND.
    var kind: UInt8
    var role: InFlightRole
    var special: SpecialShape
}

/// One flow of the simulated server: an app's flow or a scheduled flow without app.
struct SimFlow: Sendable {
    var namespace: String
    var flowId: String
    /// The app behind it, if any.
    var app: Int?
    var tasks: [String]
    var pauseTasks: Set<String>
    var baseRevision: Int
    var revisionPeriod: Int64
}

/// A resume of a paused execution through the API: it replaces the pending decision.
struct ResumeOverride: Sendable, Hashable {
    var at: Int64
    var by: String?
    var inputs: [String: String]
}

/// One entry of a state history, in nanoseconds.
struct HistoryEntry: Sendable, Hashable {
    var state: UInt8
    var at: Int64
}

/// A task run as planned for the whole life of an execution; what is visible depends on the clock.
struct PlannedTaskRun: Sendable {
    var taskId: String
    var slot: Int
    var history: [HistoryEntry]
    var outputs: JSONValue?
    /// When the outputs become visible (the end of the task run, or the resume of a pause).
    var outputsAt: Int64
    var parentSlot: Int?
    var value: String?
    var isPause: Bool
    var hasAttempt: Bool
    var resumedBy: String?
}

/// The whole planned life of an execution.
struct Timeline: Sendable {
    var history: [HistoryEntry] = []
    var tasks: [PlannedTaskRun] = []
}
