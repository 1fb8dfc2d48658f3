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

/// A progress event of a sync, for the command line to print.
public enum SyncEvent: Sendable {
    case connected(server: String, generation: String, edition: String?, version: String?)
    case plan(scopes: Int, description: String)
    /// A crawl starts: the `index`-th (from 1) of `count` in its phase, reading what `description` says.
    case crawl(phase: CrawlPhase, index: Int, count: Int, description: String)
    /// A page committed; `total` is the server's count for the whole crawl, on its first page only, and
    /// `executions` counts those the crawl had not read yet (a page starts again at the last start date read).
    case page(scope: String, page: Int, executions: Int, total: Int?, counts: UpsertCounts)
    /// Executions about to be read one by one.
    case rereads(count: Int)
    /// A batch of those read and committed.
    case reread(count: Int)
    case purged(id: String)
    case retry(message: String)
    /// Something the operator should know that does not stop the sync.
    case warning(message: String)
}

/// The two kinds of crawl a sync runs, in this order.
public enum CrawlPhase: Sendable {
    /// New executions of a scope, from its watermark.
    case new
    /// The executions a scope's app holds open in the warehouse, checked again.
    case openCheck
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
