/// A half-open UTC interval `[from, to)` of submissions: the unit of every report (docs/metrics.md, "Periods").
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public var from: Instant
    public var to: Instant

    public init(from: Instant, to: Instant) {
        self.from = from
        self.to = to
    }

    public var description: String { isoWeekName ?? "\(from.iso)/\(to.iso)" }

    /// Whether an execution submitted at `t` belongs here: a boundary belongs to the later period.
    public func contains(_ t: Instant) -> Bool { t >= from && t < to }

    /// The period of equal length just before.
    public var previous: Period { Period(from: from - (to.micros - from.micros), to: from) }

    /// Pending ages and expirations are evaluated at the period's end, or now when that is earlier.
    public func asOf(now: Instant) -> Instant { min(to, now) }

    static let dayMicros: Int64 = 86_400_000_000

    /// ISO weekday of a day number: Monday 1 ... Sunday 7 (1970-01-01 was a Thursday).
    static func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 + 1 }

    /// The day number of the Monday of ISO week 1 of `year` (the week holding January 4).
    static func mondayOfWeekOne(_ year: Int) -> Int {
        let jan4 = Instant.daysFromCivil(year, 1, 4)
        return jan4 - (weekday(jan4) - 1)
    }

    /// How many ISO weeks `year` has (52 or 53).
    public static func isoWeeks(in year: Int) -> Int {
        (mondayOfWeekOne(year + 1) - mondayOfWeekOne(year)) / 7
    }

    /// ISO week `week` of `year`, Monday 00:00:00Z to the next Monday; nil when the year has no such week.
    public static func isoWeek(year: Int, week: Int) -> Period? {
        guard week >= 1, week <= isoWeeks(in: year) else { return nil }
        let monday = mondayOfWeekOne(year) + (week - 1) * 7
        let from = Instant(micros: Int64(monday) * dayMicros)
        return Period(from: from, to: from + 7 * dayMicros)
    }

    /// Parses `2026-W47` (the `--week` form).
    public static func isoWeek(_ text: String) -> Period? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 3,
            parts[1].first == "W" || parts[1].first == "w", let week = Int(parts[1].dropFirst())
        else { return nil }
        return isoWeek(year: year, week: week)
    }

    /// The ISO week holding `t`, as year and week number.
    public static func isoWeek(of t: Instant) -> (year: Int, week: Int) {
        let day = t.dayNumber
        let thursday = day - (weekday(day) - 1) + 3
        let year = Instant.civilFromDays(thursday).year
        return (year, (thursday - mondayOfWeekOne(year)) / 7 + 1)
    }

    /// The last complete ISO week before `now`: the default week of `report weekly`.
    public static func lastCompleteISOWeek(before now: Instant) -> Period {
        let (year, week) = isoWeek(of: now)
        let current = isoWeek(year: year, week: week)!
        return current.previous
    }

    /// `2026-W47` when this period is exactly an ISO week, else nil.
    public var isoWeekName: String? {
        let (year, week) = Period.isoWeek(of: from)
        guard let exact = Period.isoWeek(year: year, week: week), exact == self else { return nil }
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// Calendar month `month` of `year`, from its first day 00:00:00Z to the next month's.
    public static func calendarMonth(year: Int, month: Int) -> Period? {
        guard (1...12).contains(month) else { return nil }
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return Period(
            from: Instant(micros: Int64(Instant.daysFromCivil(year, month, 1)) * dayMicros),
            to: Instant(micros: Int64(Instant.daysFromCivil(next.0, next.1, 1)) * dayMicros))
    }

    /// The last complete calendar month before `now`: the default period of `report monthly`.
    public static func lastCompleteMonth(before now: Instant) -> Period {
        let today = Instant.civilFromDays(now.dayNumber)
        let previous = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
        return calendarMonth(year: previous.0, month: previous.1)!
    }

    /// `2026-11` when this period is exactly a calendar month, else nil.
    public var monthName: String? {
        let first = Instant.civilFromDays(from.dayNumber)
        guard let exact = Period.calendarMonth(year: first.year, month: first.month), exact == self else { return nil }
        return "\(first.year)-\(first.month < 10 ? "0" : "")\(first.month)"
    }

    /// The period as a reader wants it named: `2026-W46 (2026-11-09 to 2026-11-15)`, `2026-11 (2026-11-01 to
    /// 2026-11-30)`, or for another range its first and last day, `2026-11-03 to 2026-11-12` (with times when a
    /// bound is not midnight).
    public var readableLabel: String {
        let range = "\(Period.readable(from)) to \(Period.readable(to, last: true))"
        if let name = isoWeekName ?? monthName { return "\(name) (\(range))" }
        return range
    }

    /// A short name of this period for "against ..." lines: `2026-W45`, `2026-10`, or `the 10 days before`.
    public var shortName: String {
        if let name = isoWeekName ?? monthName { return name }
        let seconds = to - from
        if seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "the \(Int(seconds / 86_400)) days before" }
        return "the period before"
    }

    /// A bound as a day (the day before for an exclusive end at midnight) or, off midnight, a minute.
    static func readable(_ t: Instant, last: Bool = false) -> String {
        if t.micros % dayMicros == 0 { return (last ? t - dayMicros : t).isoDate }
        return String(t.iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// A name for files of this period: `2026-W47`, `2026-11`, or `2026-11-01_2026-11-15` (the `to` day
    /// exclusive, as given), with times (`2026-11-01T120000Z`) when a bound is not midnight.
    public var fileLabel: String {
        if let week = isoWeekName { return week }
        if let month = monthName { return month }
        func name(_ t: Instant) -> String {
            let iso = t.iso
            if t.micros % Period.dayMicros == 0 { return String(iso.prefix(10)) }
            return String(iso.prefix(19).filter { $0 != ":" }) + "Z"
        }
        return "\(name(from))_\(name(to))"
    }
}
