import AppTrailModel

/// One page of an execution search: `{"results": [...], "total": n}`.
public struct ExecutionPage: Sendable, Equatable {
    /// The executions in the order the server sent them (duplicates included: de-duplicating by id
    /// is the caller's job, as offset paging can repeat an execution across pages).
    public var results: [ExecutionRecord]
    /// `total` as the server sent it; nil when absent. SQL backends answer 0 past the last page.
    public var total: Int64?

    public init(results: [ExecutionRecord], total: Int64?) {
        self.results = results
        self.total = total
    }
}
