/// A Kestra state type, known or not.
///
/// Kestra adds state types over time; an unknown one is stored as it came and counts as non-terminal.
public struct StateType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let created = StateType("CREATED")
    public static let running = StateType("RUNNING")
    public static let paused = StateType("PAUSED")
    public static let restarted = StateType("RESTARTED")
    public static let killing = StateType("KILLING")
    public static let success = StateType("SUCCESS")
    public static let warning = StateType("WARNING")
    public static let failed = StateType("FAILED")
    public static let killed = StateType("KILLED")
    public static let cancelled = StateType("CANCELLED")
    public static let queued = StateType("QUEUED")
    public static let retrying = StateType("RETRYING")
    public static let retried = StateType("RETRIED")
    public static let skipped = StateType("SKIPPED")
    public static let submitted = StateType("SUBMITTED")
    public static let breakpoint = StateType("BREAKPOINT")
    public static let resubmitted = StateType("RESUBMITTED")

    /// Every state type this version of apptrail knows.
    public static let known: [StateType] = [
        .created, .running, .paused, .restarted, .killing, .success, .warning, .failed, .killed, .cancelled,
        .queued, .retrying, .retried, .skipped, .submitted, .breakpoint, .resubmitted,
    ]

    /// The terminal states of docs/metrics.md; everything else (unknown types included) is still moving.
    public static let terminal: Set<StateType> = [
        .success, .warning, .failed, .killed, .cancelled, .retried, .skipped, .resubmitted,
    ]

    public var isTerminal: Bool { StateType.terminal.contains(self) }

    /// Non-terminal states, for searches that re-read executions that may still change.
    public static var nonTerminal: [StateType] { known.filter { !$0.isTerminal } }
}

/// One entry of an execution's state history.
public struct StateEntry: Hashable, Sendable {
    public var state: StateType
    public var date: Instant
    public init(_ state: StateType, _ date: Instant) {
        self.state = state
        self.date = date
    }
}
