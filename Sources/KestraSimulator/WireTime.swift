import AppTrailModel

/// Nanosecond timestamps as the simulator keeps and prints them.
///
/// Kestra sends 0 to 9 fraction digits, so the simulator keeps nanoseconds (an `Int64` since the epoch,
/// good until 2262) and derives the client's microsecond `Instant` by truncation, exactly as a correct
/// client must.
enum WireTime {
    static let nanosPerSecond: Int64 = 1_000_000_000

    /// The instant a correct client stores: truncated, never rounded, to the microsecond.
    static func instant(_ nanos: Int64) -> Instant {
        Instant(micros: nanos >= 0 ? nanos / 1000 : (nanos - 999) / 1000)
    }

    static func nanos(_ instant: Instant) -> Int64 { instant.micros &* 1000 }

    /// Appends `2026-11-16T08:30:12.5Z`: the fraction with trailing zeros dropped (0 to 9 digits), as
    /// Jackson writes an `Instant` whose value has that precision.
    static func appendISO(_ nanos: Int64, to out: inout [UInt8], zone: Bool = true) {
        let (secs, frac) = split(nanos)
        appendCivil(secs, to: &out, dropZeroSeconds: false)
        appendFraction(frac, to: &out, groupsOfThree: false)
        if zone { out.append(UInt8(ascii: "Z")) }
    }

    /// Appends Java's `LocalDateTime.toString()`: no zone, seconds left out when they and the fraction are
    /// zero, the fraction in groups of 3 digits. Kestra writes `outputs.resumed.on` this way.
    static func appendLocalDateTime(_ nanos: Int64, to out: inout [UInt8]) {
        let (secs, frac) = split(nanos)
        appendCivil(secs, to: &out, dropZeroSeconds: frac == 0)
        appendFraction(frac, to: &out, groupsOfThree: true)
    }

    static func iso(_ nanos: Int64) -> String {
        var out = [UInt8]()
        appendISO(nanos, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func split(_ nanos: Int64) -> (Int64, Int64) {
        var secs = nanos / nanosPerSecond
        var frac = nanos % nanosPerSecond
        if frac < 0 {
            frac += nanosPerSecond
            secs -= 1
        }
        return (secs, frac)
    }

    /// The day since 1970-01-01 and the second within it, both counted forward for instants before 1970 too.
    private static func dayAndSecond(_ secs: Int64) -> (day: Int64, second: Int64) {
        let rest = secs % 86_400
        return rest < 0 ? (secs / 86_400 - 1, rest + 86_400) : (secs / 86_400, rest)
    }

    private static func appendCivil(_ secs: Int64, to out: inout [UInt8], dropZeroSeconds: Bool) {
        let (days, rest) = dayAndSecond(secs)
        let (y, m, d) = Instant.civilFromDays(Int(days))
        appendDigits(y, 4, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(m, 2, &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(d, 2, &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(Int(rest / 3600), 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(rest / 60 % 60), 2, &out)
        if !(dropZeroSeconds && rest % 60 == 0) {
            out.append(UInt8(ascii: ":"))
            appendDigits(Int(rest % 60), 2, &out)
        }
    }

    private static func appendFraction(_ frac: Int64, to out: inout [UInt8], groupsOfThree: Bool) {
        guard frac > 0 else { return }
        var digits = 9
        var v = frac
        if groupsOfThree {
            while digits > 3, v % 1000 == 0 {
                v /= 1000
                digits -= 3
            }
        } else {
            while v % 10 == 0 {
                v /= 10
                digits -= 1
            }
        }
        out.append(UInt8(ascii: "."))
        appendDigits(Int(v), digits, &out)
    }

    @inline(__always)
    static func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var buf: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            48, 48, 48, 48, 48, 48, 48, 48, 48, 48
        )
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &buf) { p in
            var i = 9
            repeat {
                p[i] = UInt8(48 + v % 10)
                v /= 10
                i -= 1
                n += 1
            } while v > 0 && i >= 0
            let start = min(10 - n, 10 - width)
            out.append(contentsOf: p[max(start, 0)..<10])
        }
    }

    /// Appends a non-negative integer in decimal.
    @inline(__always)
    static func appendInt(_ value: Int, _ out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendDigits(-value, 1, &out)
        } else {
            appendDigits(value, 1, &out)
        }
    }

    /// Parses an ISO-8601 instant to nanoseconds, keeping the digits `Instant` drops. Returns nil for
    /// anything `Instant(iso:)` rejects.
    static func parseNanos(_ text: String) -> Int64? {
        guard let base = Instant(iso: text) else { return nil }
        var extra: Int64 = 0
        let bytes = Array(text.utf8)
        if let dot = bytes.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }), dot > 16 {
            var i = dot + 1
            var count = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                count += 1
                if count >= 7 && count <= 9 { extra = extra * 10 + Int64(bytes[i] - 48) }
                i += 1
            }
            if count >= 7 { for _ in min(count, 9)..<9 { extra *= 10 } }
        }
        return base.micros &* 1000 &+ extra
    }

    /// The RFC 7231 IMF-fixdate of `nanos`, the fraction dropped: `Sun, 06 Dec 2026 08:49:37 GMT`.
    ///
    /// Written by hand, not with a `DateFormatter`, so the names are English whatever the locale.
    static func httpDate(_ nanos: Int64) -> String {
        let (secs, _) = split(nanos)
        let (days, rest) = dayAndSecond(secs)
        let (y, m, d) = Instant.civilFromDays(Int(days))
        // 1970-01-01, day 0, was a Thursday.
        let weekday = ((Int(days) + 4) % 7 + 7) % 7
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out = Array("\(weekdays[weekday]), ".utf8)
        appendDigits(d, 2, &out)
        out += Array(" \(months[m - 1]) ".utf8)
        appendDigits(y, 4, &out)
        out.append(UInt8(ascii: " "))
        appendDigits(Int(rest / 3600), 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(rest / 60 % 60), 2, &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(rest % 60), 2, &out)
        out += Array(" GMT".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
