import Synchronization

/// One request the simulated server received (headers are never kept: they may hold secrets).
public struct RequestRecord: Sendable, Hashable {
    public var method: String
    /// The path and query as sent (still percent-encoded).
    public var target: String
    /// The status answered; 0 when the connection was dropped without an answer.
    public var status: Int
    /// The fault applied, if any (`status 503`, `dropped connection`, ...).
    public var fault: String?
}

/// A thread-safe log of the requests a simulator served, so tests can count what a client did.
public final class RequestLog: Sendable {
    private let records = Mutex<[RequestRecord]>([])

    /// Every request since the last reset, oldest first.
    public var all: [RequestRecord] { records.withLock { $0 } }
    public var count: Int { records.withLock { $0.count } }

    /// How many logged requests have a path (target up to `?`) starting with `prefix`.
    public func count(pathPrefix prefix: String) -> Int {
        records.withLock { $0.filter { $0.target.hasPrefix(prefix) }.count }
    }

    public func reset() { records.withLock { $0.removeAll() } }

    func append(_ r: RequestRecord) { records.withLock { $0.append(r) } }
}
