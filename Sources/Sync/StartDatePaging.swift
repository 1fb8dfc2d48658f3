import AppTrailModel

/// Offset paging that restarts at the last start date seen, so that executions added or purged during
/// the crawl never shift a page over an unread one, and `page * size` stays far below the 10,000 result
/// window of some backends.
struct StartDatePaging {
    let size: Int
    private(set) var lowerBound: Instant?
    private(set) var page = 1
    private(set) var done = false

    init(size: Int, from: Instant?) {
        self.size = size
        lowerBound = from
    }

    /// Moves past a page of `count` results whose last start date is `lastStart`.
    mutating func advance(count: Int, lastStart: Instant?) {
        guard count >= size, let lastStart else {
            done = true
            return
        }
        if let lower = lowerBound, lastStart <= lower {
            // A whole page on one start date: only the offset can move on.
            page += 1
        } else {
            lowerBound = lastStart
            page = 1
        }
    }
}
