/// Spans of time as people type and read them on a command line: `90s`, `15m`, `2h`, `7d`, `2w`, `1h30m`.
///
/// ISO-8601 durations (`PT2H`, `P7D`) are read too, since app definitions use them.
public enum SpanText {
    /// The span in microseconds, or nil when `text` is neither form (or is zero or negative).
    public static func micros(_ text: String) -> Int64? {
        let trimmed = text
        if trimmed.first == "P" || trimmed.first == "p" {
            return ISODuration.micros(trimmed).flatMap { $0 > 0 ? $0 : nil }
        }
        var total: Int64 = 0
        var number: Int64?
        for c in trimmed.unicodeScalars {
            if let digit = Int64(String(c)), c.isASCII {
                number = (number ?? 0) * 10 + digit
                guard number! < 1_000_000_000 else { return nil }
                continue
            }
            guard let n = number else { return nil }
            let unit: Int64
            switch c {
            case "s": unit = 1_000_000
            case "m": unit = 60_000_000
            case "h": unit = 3_600_000_000
            case "d": unit = 86_400_000_000
            case "w": unit = 7 * 86_400_000_000
            default: return nil
            }
            total += n * unit
            number = nil
        }
        guard number == nil, total > 0 else { return nil }
        return total
    }

    /// A span in its largest unit and the next one, rounded down: `3h 5m`, `2d`, `45s`, `0s`.
    public static func format(micros: Int64) -> String {
        let seconds = max(0, micros / 1_000_000)
        let units: [(Int64, String)] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")]
        guard let k = units.firstIndex(where: { seconds >= $0.0 }) else { return "0s" }
        let first = "\(seconds / units[k].0)\(units[k].1)"
        guard k + 1 < units.count else { return first }
        let next = seconds % units[k].0 / units[k + 1].0
        return next == 0 ? first : first + " \(next)\(units[k + 1].1)"
    }

    /// A duration in seconds as a table shows it: `2d 3h`, `3h 5m`, `4m 10s`, `12s`, `4.2s`, `0.35s`; a
    /// negative one with a minus.
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite else { return "" }
        if seconds < 0 { return "-" + format(seconds: -seconds) }
        if seconds < 1 { return String(format: "%.2fs", seconds) }
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        return format(micros: Int64(seconds * 1_000_000))
    }
}
