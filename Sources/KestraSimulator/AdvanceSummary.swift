import AppTrailModel

/// What one `advance` did to the dataset.
public struct AdvanceSummary: Sendable, Hashable {
    public var from: Instant
    public var to: Instant
    /// Executions that started after `from`.
    public var arrived: [String]
    /// Older executions whose state changed (decided, finished, started running).
    public var changed: [String]
    /// The execution purged by this advance (search no longer finds it; GET answers 404).
    public var purged: [String]
}
