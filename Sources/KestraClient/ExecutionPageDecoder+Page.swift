import AppTrailModel

/// One page of an execution search: `{"results": [...], "total": n}`.
public struct ExecutionPage: Sendable, Equatable {
    /// The executions in the order the server sent them, each id once (the decoder refuses a page that
    /// repeats one); offset paging can still repeat an execution across pages, which is the caller's job.
    public var results: [ExecutionRecord]
    /// `total` as the server sent it; nil when absent. SQL backends answer 0 past the last page.
    public var total: Int64?

    public init(results: [ExecutionRecord], total: Int64?) {
        self.results = results
        self.total = total
    }
}
