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

@Suite struct PercentileTests {
    /// Hand-computed `PERCENTILE.INC` values: (values, p, expected).
    static let cases: [([Double], Double, Double?)] = [
        ([], 0.5, nil), ([1], 0, 1), ([1], 0.5, 1), ([1], 1, 1),
        ([1, 2], 0.5, 1.5), ([1, 2], 0.9, 1.9), ([3, 1, 2, 5, 4], 0, 1), ([3, 1, 2, 5, 4], 0.5, 3),
        ([3, 1, 2, 5, 4], 0.9, 4.6), ([3, 1, 2, 5, 4], 1, 5), ([2, 2, 2, 7], 0.9, 5.5), ([2, 2, 2, 7], 0.5, 2),
    ]

    @Test func matchesExcelPercentileInc() {
        for (values, p, expected) in PercentileTests.cases {
            let got = Percentile.inc(values, p)
            if let expected {
                #expect(got.map { abs($0 - expected) < 1e-9 } == true, "\(values) p=\(p): got \(String(describing: got))")
            } else {
                #expect(got == nil)
            }
        }
    }

    /// Selection must give exactly what interpolating over a sorted copy gives, ties and sorted or reversed input
    /// included (the inputs that break naive quickselect pivots).
    @Test func selectionAgreesWithSorting() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<300 {
            let n = 1 + next(round < 200 ? 40 : 5000)
            let distinct = [2, 10, 1_000_000][round % 3]
            var values = (0..<n).map { _ in Double(next(distinct)) / 8 }
            if round % 7 == 0 { values.sort() }
            if round % 7 == 1 { values.sort(by: >) }
            let sorted = values.sorted()
            for p in [0, 0.1, 0.5, 0.9, 0.99, 1] {
                let h = Double(n - 1) * p
                let k = Int(h.rounded(.down))
                let expected = k + 1 < n ? sorted[k] + (h - Double(k)) * (sorted[k + 1] - sorted[k]) : sorted[k]
                #expect(Percentile.inc(values, p) == expected, "n=\(n) p=\(p) round \(round)")
            }
        }
    }

    @Test func refusesPOutsideTheUnitInterval() {
        #expect(Percentile.inc([1, 2], -0.1) == nil)
        #expect(Percentile.inc([1, 2], 1.1) == nil)
    }
}

@Suite struct MonthPeriodTests {
    @Test func calendarMonthsAndTheirNames() {
        let nov = Period.calendarMonth(year: 2026, month: 11)!
        #expect(nov.from == Instant(iso: "2026-11-01T00:00:00Z")! && nov.to == Instant(iso: "2026-12-01T00:00:00Z")!)
        let dec = Period.calendarMonth(year: 2026, month: 12)!
        #expect(dec.to == Instant(iso: "2027-01-01T00:00:00Z")!)
        #expect(Period.calendarMonth(year: 2024, month: 2)!.to == Instant(iso: "2024-03-01T00:00:00Z")!)
        #expect(Period.calendarMonth(year: 2026, month: 13) == nil)
        #expect(nov.monthName == "2026-11" && nov.fileLabel == "2026-11")
        #expect(Period.lastCompleteMonth(before: Instant(iso: "2026-11-25T12:00:00Z")!) == Period.calendarMonth(year: 2026, month: 10))
        #expect(Period.lastCompleteMonth(before: Instant(iso: "2026-12-01T00:00:00Z")!) == nov)
        #expect(Period.lastCompleteMonth(before: Instant(iso: "2027-01-01T00:00:00Z")!) == dec)
    }

    @Test func fileLabelsOfWeeksAndFreePeriods() {
        #expect(Period.isoWeek("2026-W47")!.fileLabel == "2026-W47")
        let days = Period(from: Instant(iso: "2026-11-01")!, to: Instant(iso: "2026-11-15")!)
        #expect(days.monthName == nil && days.fileLabel == "2026-11-01_2026-11-15")
        let timed = Period(from: Instant(iso: "2026-11-01T12:30:00Z")!, to: Instant(iso: "2026-11-02")!)
        #expect(timed.fileLabel == "2026-11-01T123000Z_2026-11-02")
    }
}
