/// A failure the simulated server injects into matching requests.
///
/// A fault applies to requests whose path matches `path` (a glob where `*` matches anything, `/`
/// included; a pattern with `?` is matched against `path?query`), optionally only for one method. The first
/// `skip` matching requests pass untouched, the next `count` get the fault, then it is spent.
public struct Fault: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Answer with this status and a JSON message (500, 502, 503, or 404, 401, ...).
        case status(Int)
        /// 429 with `Retry-After: N` (seconds).
        case rateLimited(retryAfter: Int)
        /// Wait this many seconds before answering normally.
        case slow(seconds: Double)
        /// Send the headers and half the body with the full `Content-Length`, then close.
        case truncatedBody
        /// Close the connection without answering.
        case dropConnection
        /// Answer normally but add this to the `total` of a search response.
        case lyingTotal(Int)
        /// Answer 200 with this body instead of the real one: a broken proxy, a wrong server.
        case malformedBody(String)
        /// Move the clock this many seconds before answering: executions arrive, end, get decided and purged
        /// between two pages of a crawl (page drift).
        case advance(seconds: Double)
        /// Stop the server as this request arrives (it gets no answer), refuse connections for `downtime`
        /// seconds, then start again on the same port: a restart in the middle of a sync.
        case restart(downtime: Double)
    }

    public var kind: Kind
    public var path: String
    public var method: String?
    public var count: Int
    public var skip: Int

    public init(_ kind: Kind, path: String = "/api/*", method: String? = nil, count: Int = 1, skip: Int = 0) {
        self.kind = kind
        self.path = path
        self.method = method
        self.count = count
        self.skip = skip
    }

    /// Whether `path` (and `query`) match this fault's pattern.
    func matches(method m: String, path p: String, query: String) -> Bool {
        if let method, method.uppercased() != m.uppercased() { return false }
        let subject = path.contains("?") ? (query.isEmpty ? p : p + "?" + query) : p
        return Fault.glob(Array(path.utf8)[...], Array(subject.utf8)[...])
    }

    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star = -1
        var mark = 0
        while t < text.endIndex {
            if p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = t
                p += 1
            } else if p < pattern.endIndex && pattern[p] == text[t] {
                p += 1
                t += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    var label: String {
        switch kind {
        case .status(let s): "status \(s)"
        case .rateLimited(let n): "429 retry-after \(n)"
        case .slow(let s): "slow \(s)s"
        case .truncatedBody: "truncated body"
        case .malformedBody: "malformed body"
        case .dropConnection: "dropped connection"
        case .lyingTotal(let d): "lying total \(d >= 0 ? "+" : "")\(d)"
        case .advance(let s): "clock advanced \(s)s"
        case .restart(let d): "restart, down \(d)s"
        }
    }
}
