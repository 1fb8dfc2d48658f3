import AppTrailModel

/// One search of executions, independent of the API generation that will carry it.
public struct ExecutionSearch: Sendable, Hashable {
    /// A label that must be present with this value (the app filter).
    public var label: Label?
    /// Executions whose start date is at or after this instant.
    public var startFrom: Instant?
    /// Executions whose end date (or, for a paused one, pause date) is at or after this instant: those that
    /// ended or paused since. Not available with legacy parameters.
    public var endFrom: Instant?
    /// Which states; every state when nil.
    public var states: StateFilter?
    /// The latest first (`apptrail doctor`'s sample); the sync reads oldest first, as its paging needs.
    public var newestFirst = false

    /// The state filters sync uses to re-read what may still change.
    public enum StateFilter: Sendable, Hashable {
        /// Not terminal (unknown future states included).
        case open
        /// Not terminal and not PAUSED: the executions that move on their own.
        case openExceptPaused

        var excluded: [StateType] {
            let terminal = StateType.terminal.sorted { $0.rawValue < $1.rawValue }
            return self == .open ? terminal : terminal + [.paused]
        }
    }

    public init(label: Label? = nil, startFrom: Instant? = nil, endFrom: Instant? = nil, states: StateFilter? = nil) {
        self.label = label
        self.startFrom = startFrom
        self.endFrom = endFrom
        self.states = states
    }

    /// The query string of this search for a generation, in a stable order
    /// (`sort=state.startDate:asc&sort=id:asc`, or `desc` for `newestFirst`), without a leading `?`.
    public func queryString(generation: APIGeneration, page: Int, size: Int) -> String {
        var params: [(String, String)] = []
        switch generation {
        case .v0_22:
            if let label { params.append(("labels", "\(label.key):\(label.value)")) }
            // 0.2x reads a legacy startDate as >=, which is what windows need.
            if let startFrom { params.append(("startDate", startFrom.iso)) }
            // Legacy `state` is an include list: name every open state apptrail knows.
            if let states {
                for state in StateType.known where !states.excluded.contains(state) {
                    params.append(("state", state.rawValue))
                }
            }
        case .v1, .v2:
            if let label { params.append(("filters[labels][EQUALS][\(label.key)]", label.value)) }
            if let startFrom { params.append(("filters[startDate][GREATER_THAN_OR_EQUAL_TO]", startFrom.iso)) }
            if let endFrom { params.append(("filters[endDate][GREATER_THAN_OR_EQUAL_TO]", endFrom.iso)) }
            // NOT_IN also finds states newer than this apptrail.
            if let states {
                params.append(("filters[state][NOT_IN]", states.excluded.map(\.rawValue).joined(separator: ",")))
            }
        }
        let direction = newestFirst ? "desc" : "asc"
        params.append(("sort", "state.startDate:\(direction)"))
        params.append(("sort", "id:\(direction)"))
        params.append(("page", String(page)))
        params.append(("size", String(size)))
        return params.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
    }
}

/// Percent-encoding of query components and path segments: everything but RFC 3986's unreserved characters.
public enum PercentEncoding {
    public static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(c)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
