import AppTrailModel
import Testing

@Suite struct SpanTextTests {
    @Test(arguments: [
        ("90s", Int64(90_000_000)), ("15m", 900_000_000), ("2h", 7_200_000_000), ("7d", 604_800_000_000),
        ("2w", 1_209_600_000_000), ("1h30m", 5_400_000_000), ("PT2H", 7_200_000_000), ("P7D", 604_800_000_000),
    ])
    func readsShortAndISOForms(text: String, micros: Int64) {
        #expect(SpanText.micros(text) == micros)
    }

    @Test(arguments: ["", "soon", "5", "h", "1x", "-2h", "0m", "PT0S", "1.5h", "2 h"])
    func refusesAnythingElse(text: String) {
        #expect(SpanText.micros(text) == nil)
    }

    @Test func formatsTheTwoLargestUnits() {
        #expect(SpanText.format(micros: 0) == "0s")
        #expect(SpanText.format(micros: 45_000_000) == "45s")
        #expect(SpanText.format(micros: 11_100_000_000) == "3h 5m")
        #expect(SpanText.format(micros: 10_805_000_000) == "3h")
        #expect(SpanText.format(micros: 2 * 86_400_000_000 + 3_600_000_000 * 3 + 59_000_000) == "2d 3h")
        #expect(SpanText.format(micros: -5) == "0s")
    }

    @Test(arguments: [
        (0.0, "0.00s"), (0.354, "0.35s"), (4.25, "4.2s"), (12.9, "12s"), (250.0, "4m 10s"), (183_900.0, "2d 3h"),
        (-90.0, "-1m 30s"),
    ])
    func formatsSecondsForATable(seconds: Double, text: String) {
        #expect(SpanText.format(seconds: seconds) == text)
    }
}
