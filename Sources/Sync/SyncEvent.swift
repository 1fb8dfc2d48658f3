import Warehouse

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
