import AppTrailModel
import Testing

@Suite struct InstantTests {
    @Test(arguments: [
        ("2024-11-21T16:31:27Z", "2024-11-21T16:31:27.000000Z"),
        ("2024-11-21T16:31:27.9Z", "2024-11-21T16:31:27.900000Z"),
        ("2024-11-21T16:31:27.943Z", "2024-11-21T16:31:27.943000Z"),
        ("2024-11-21T16:31:27.943162Z", "2024-11-21T16:31:27.943162Z"),
        ("2024-11-21T16:31:27.943162175Z", "2024-11-21T16:31:27.943162Z"),
        ("2024-11-21T23:59:59.999999999Z", "2024-11-21T23:59:59.999999Z"),
        ("2024-11-21T17:31:27.5+01:00", "2024-11-21T16:31:27.500000Z"),
        ("2024-11-21T10:01:27-06:30", "2024-11-21T16:31:27.000000Z"),
        ("2024-11-21", "2024-11-21T00:00:00.000000Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000000Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z"),
    ])
    func parsesAndNormalises(input: String, expected: String) {
        #expect(Instant(iso: input)?.iso == expected)
    }

    @Test(arguments: [
        "", "2024-11-21T16:31:27", "2024-13-01", "2023-02-29", "2024-11-21T25:00:00Z", "yesterday",
        "2024-11-21T16:31:27.Z", "2024-11-21T16:31:27Zjunk", "2024-11-21T16:31:27+1",
    ])
    func refusesWhatIsNotAnInstant(input: String) {
        #expect(Instant(iso: input) == nil)
    }

    @Test func truncatesNeverRounds() {
        let late = Instant(iso: "2026-11-22T23:59:59.999999999Z")!
        #expect(late.isoDate == "2026-11-22")
        #expect(late.isoMillis == "2026-11-22T23:59:59.999Z")
    }

    @Test func subtractsToSeconds() {
        let a = Instant(iso: "2026-11-16T00:00:00Z")!
        let b = Instant(iso: "2026-11-16T00:00:02.531Z")!
        #expect(b - a == 2.531)
    }

    @Test func civilRoundTripOverCenturies() {
        for day in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, m, d) = Instant.civilFromDays(day)
            #expect(Instant.daysFromCivil(y, m, d) == day)
        }
    }
}

@Suite struct ISODurationTests {
    @Test(arguments: [
        ("PT2.5S", 2.5), ("PT1M3.042S", 63.042), ("PT49H", 176_400.0), ("P30D", 2_592_000.0), ("PT30D", 2_592_000.0),
        ("PT55.277341239S", 55.277341), ("P1W", 604_800.0), ("PT0S", 0.0), ("-PT1S", -1.0), ("P1DT1H", 90_000.0),
    ])
    func parses(text: String, seconds: Double) {
        #expect(ISODuration.seconds(text) == seconds)
    }

    @Test(arguments: ["", "P", "PT", "30D", "PTS", "P1H", "PT1X", "P1.5"])
    func refuses(text: String) {
        #expect(ISODuration.seconds(text) == nil)
    }
}
