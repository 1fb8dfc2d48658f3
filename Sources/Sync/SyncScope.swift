import AppTrailModel
import KestraClient

/// One stream of executions read with its own watermark: an app under one label key, or the discovery scan.
public struct SyncScope: Sendable, Hashable, CustomStringConvertible {
    /// The app filter; nil for the discovery scan of every execution.
    public var label: Label?
    public var tenant: String

    /// The discovery scan of a tenant: every execution by start date.
    public static func discovery(tenant: String) -> SyncScope { SyncScope(label: nil, tenant: tenant) }

    /// The cursor key in the warehouse.
    public var key: String {
        if let label { return "\(tenant)/app/\(label.key)/\(label.value)" }
        return "\(tenant)/discover"
    }

    /// Whether executions stored under this app and label key are read by this scope.
    public func covers(app: String, key: String) -> Bool {
        guard let label else { return true }
        return label.value == app && label.key == key
    }

    public var description: String {
        if let label { return "app \(label.value) (\(label.key))" }
        return "all executions"
    }
}

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
        guard count >= size, let lastStart else { done = true; return }
        if let lower = lowerBound, lastStart <= lower {
            // A whole page on one start date: only the offset can move on.
            page += 1
        } else {
            lowerBound = lastStart
            page = 1
        }
    }
}
