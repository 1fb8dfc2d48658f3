import AppTrailModel
import Testing

@Suite struct PeriodTests {
    func instant(_ s: String) -> Instant { Instant(iso: s)! }

    @Test(arguments: [
        ("2026-W47", "2026-11-16T00:00:00.000000Z", "2026-11-23T00:00:00.000000Z"),
        ("2026-W53", "2026-12-28T00:00:00.000000Z", "2027-01-04T00:00:00.000000Z"),
        ("2020-W53", "2020-12-28T00:00:00.000000Z", "2021-01-04T00:00:00.000000Z"),
        ("2027-W01", "2027-01-04T00:00:00.000000Z", "2027-01-11T00:00:00.000000Z"),
        ("2026-W01", "2025-12-29T00:00:00.000000Z", "2026-01-05T00:00:00.000000Z"),
        ("2015-W53", "2015-12-28T00:00:00.000000Z", "2016-01-04T00:00:00.000000Z"),
    ])
    func isoWeeks(text: String, from: String, to: String) throws {
        let p = try #require(Period.isoWeek(text))
        #expect(p.from.iso == from && p.to.iso == to)
        #expect(p.isoWeekName == text)
    }

    @Test(arguments: ["2025-W53", "2026-W00", "2026-W54", "2026-47", "26-W47", "2026-W4", "2026-X47", ""])
    func refusesWeeksThatDoNotExist(text: String) {
        #expect(Period.isoWeek(text) == nil)
    }

    @Test func weekOfAnInstantAcrossYearEnds() {
        #expect(Period.isoWeek(of: instant("2021-01-01T12:00:00Z")) == (2020, 53))
        #expect(Period.isoWeek(of: instant("2025-12-29T00:00:00Z")) == (2026, 1))
        #expect(Period.isoWeek(of: instant("2026-11-25T12:00:00Z")) == (2026, 48))
        #expect(Period.isoWeek(of: instant("1969-12-29T00:00:00Z")) == (1970, 1))
        #expect(Period.isoWeeks(in: 2026) == 53 && Period.isoWeeks(in: 2025) == 52 && Period.isoWeeks(in: 2020) == 53)
    }

    @Test func lastCompleteWeekAndBoundaries() {
        #expect(Period.lastCompleteISOWeek(before: instant("2026-11-25T12:00:00Z")).isoWeekName == "2026-W47")
        #expect(Period.lastCompleteISOWeek(before: instant("2026-11-23T00:00:00Z")).isoWeekName == "2026-W47")
        #expect(Period.lastCompleteISOWeek(before: instant("2026-11-22T23:59:59.999999999Z")).isoWeekName == "2026-W46")
        #expect(Period.lastCompleteISOWeek(before: instant("2027-01-05T00:00:00Z")).isoWeekName == "2026-W53")
        let w47 = Period.isoWeek("2026-W47")!
        #expect(w47.contains(w47.from))
        #expect(!w47.contains(w47.to))
        #expect(w47.contains(instant("2026-11-22T23:59:59.999999999Z")))
        #expect(w47.previous.isoWeekName == "2026-W46")
        #expect(w47.asOf(now: instant("2026-11-25T00:00:00Z")) == w47.to)
        #expect(w47.asOf(now: instant("2026-11-20T00:00:00Z")).iso == "2026-11-20T00:00:00.000000Z")
        let custom = Period(from: instant("2026-11-01"), to: instant("2026-11-11"))
        #expect(custom.isoWeekName == nil)
        #expect(custom.previous == Period(from: instant("2026-10-22"), to: instant("2026-11-01")))
    }
}
