import AppTrailModel

extension Settings {
    /// The period of `--week` or `--from/--to`, or the last complete ISO week before now by default.
    public func period(week: String?, from: String?, to: String?) throws(Problem) -> Period {
        if let week {
            guard from == nil, to == nil else { throw Problem(.usage, "--week and --from/--to exclude each other") }
            guard let p = Period.isoWeek(week) else { throw Problem(.usage, "--week is not an ISO week such as 2026-W47: \(week)") }
            return p
        }
        switch (from, to) {
        case (nil, nil):
            return Period.lastCompleteISOWeek(before: clock.now())
        case (let f?, let t?):
            guard let start = Instant(iso: f) else { throw Problem(.usage, "--from is not a date (YYYY-MM-DD) or an ISO-8601 instant: \(f)") }
            guard let end = Instant(iso: t) else { throw Problem(.usage, "--to is not a date (YYYY-MM-DD) or an ISO-8601 instant: \(t)") }
            guard start < end else { throw Problem(.usage, "--from must be before --to") }
            return Period(from: start, to: end)
        default:
            throw Problem(.usage, "--from and --to go together")
        }
    }
}
