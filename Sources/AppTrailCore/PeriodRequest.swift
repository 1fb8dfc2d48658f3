import AppTrailModel

/// The period a command is asked for, as typed: `--week`, or `--from` and `--to`. Every rule about these
/// flags and their dates is here, for `query`, `report`, `export` and `sync --since`.
public struct PeriodRequest: Sendable, Equatable {
    public var week: String?
    public var from: String?
    public var to: String?

    public init(week: String? = nil, from: String? = nil, to: String? = nil) {
        self.week = week
        self.from = from
        self.to = to
    }

    /// Whether any of the three was given.
    public var isGiven: Bool { week != nil || from != nil || to != nil }

    /// The flags that exclude each other or go together, checked as the command line is read (before the
    /// settings, whose problems come after).
    public func checkFlags() throws(Problem) {
        if week != nil, from != nil || to != nil { throw Problem(.usage, "--week and --from/--to exclude each other") }
        if (from == nil) != (to == nil) { throw Problem(.usage, "--from and --to go together") }
    }

    /// The period asked for, or `byDefault` when none was.
    public func period(byDefault: () -> Period) throws(Problem) -> Period {
        if let week {
            guard from == nil, to == nil else { throw Problem(.usage, "--week and --from/--to exclude each other") }
            guard let p = Period.isoWeek(week) else {
                throw Problem(.usage, "--week is not an ISO week such as 2026-W47: \(week)")
            }
            return p
        }
        guard from != nil || to != nil else { return byDefault() }
        guard from != nil, to != nil else { throw Problem(.usage, "--from and --to go together") }
        let bounds = try Self.bounds(from: from, to: to)
        return Period(from: bounds.from!, to: bounds.to!)
    }

    /// The period asked for, by default the last complete ISO week before `now`.
    public func period(now: Instant) throws(Problem) -> Period {
        try period { Period.lastCompleteISOWeek(before: now) }
    }

    /// The values of a query's period parameters (`from`, `to`, `as_of`: the period's end, or `now` when
    /// earlier). A period given fills them; by default, the last complete ISO week does, unless `parameters`
    /// (given one by one) hold `from` or `to`.
    public func queryParameters(now: Instant, given parameters: [String: String]) throws(Problem) -> [String: String] {
        let chosen = try period(now: now)
        if !isGiven, parameters["from"] != nil || parameters["to"] != nil { return [:] }
        return ["from": chosen.from.iso, "to": chosen.to.iso, "as_of": chosen.asOf(now: now).iso]
    }

    /// `--from` and `--to` where either may come alone (`export`): each a date or an instant, the first before
    /// the second.
    public static func bounds(from: String?, to: String?) throws(Problem) -> (from: Instant?, to: Instant?) {
        var start: Instant?
        var end: Instant?
        if let from { start = try instant(from, flag: "--from") }
        if let to { end = try instant(to, flag: "--to") }
        if let start, let end, start >= end { throw Problem(.usage, "--from must be before --to") }
        return (start, end)
    }

    /// The instant of a flag's value: a date (YYYY-MM-DD, its midnight UTC) or an ISO-8601 instant.
    public static func instant(_ text: String, flag: String) throws(Problem) -> Instant {
        guard let instant = Instant(iso: text) else {
            throw Problem(.usage, "\(flag) is not a date (YYYY-MM-DD) or an ISO-8601 instant: \(text)")
        }
        return instant
    }
}
