import AppTrailModel
import Warehouse

/// What one `apptrail sync` should read.
public struct SyncOptions: Sendable {
    /// Only these apps (`--app`); every app found when empty.
    public var apps: [String] = []
    /// Scan every execution by start date instead of reading per app (`--discover`).
    public var discover = false
    /// The earliest start date of a first read (`--since`).
    public var since: Instant?
    /// Ignore watermarks and read everything again (`--full`).
    public var full = false
    /// Report what a real run would do (`--dry-run`): the engine then runs on a copy of the warehouse.
    public var dryRun = false
    /// Executions per request; Kestra caps it at 1000.
    public var pageSize = 1000
    /// App label keys in order of precedence.
    public var labelKeys = ExecutionFacts.defaultLabelKeys
    /// How far before a watermark an incremental read starts again, for executions that became visible late.
    public var overlapMicros: Int64 = 5 * 60 * 1_000_000
    /// How long the check of open executions may rely on end dates before every open execution is read
    /// again (which also finds paused executions purged on the server).
    public var sweepIntervalMicros: Int64 = 24 * 3600 * 1_000_000
    /// How far before the last check an end-date search starts: clock skew between apptrail and the server,
    /// and executions that became visible late.
    public var endDateMarginMicros: Int64 = 3600 * 1_000_000

    public init() {}
}

/// What a sync did.
public struct SyncSummary: Sendable, Equatable {
    public var runId: Int64?
    public var requests = 0
    public var pages = 0
    public var counts = UpsertCounts()
    public var rereads = 0
    public var purged = 0
    public var scopes = 0
    public var dryRun = false
}
