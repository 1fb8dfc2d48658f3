/// A UTC instant with microsecond precision, the unit the warehouse stores.
///
/// Kestra sends 0 to 9 fraction digits; `Date` (a Double) cannot hold nanoseconds and Foundation's
/// parsers are slow on Linux, so instants are parsed from bytes and kept as integer microseconds.
/// Extra digits are truncated, never rounded: `...59.999999999Z` stays in the earlier second.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public init(seconds: Double) { self.micros = Int64((seconds * 1_000_000).rounded(.down)) }

    public static func < (a: Instant, b: Instant) -> Bool { a.micros < b.micros }

    public var description: String { iso }

    /// Seconds between two instants, as stored in the warehouse's REAL duration columns.
    public static func - (a: Instant, b: Instant) -> Double { Double(a.micros - b.micros) / 1_000_000 }

    public static func + (a: Instant, micros: Int64) -> Instant { Instant(micros: a.micros + micros) }
    public static func - (a: Instant, micros: Int64) -> Instant { Instant(micros: a.micros - micros) }

    /// Builds an instant from a civil UTC date and time.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, micro: Int = 0) {
        let days = Instant.daysFromCivil(year, month, day)
        micros = ((Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1_000_000) + Int64(micro)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whole days since 1970-01-01 (floor), the UTC calendar day of this instant.
    public var dayNumber: Int {
        let s = micros >= 0 ? micros / 86_400_000_000 : (micros - 86_399_999_999) / 86_400_000_000
        return Int(s)
    }

    /// The broken-down UTC fields of this instant.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int) {
        let day = dayNumber
        let (y, m, d) = Instant.civilFromDays(day)
        let rest = micros - Int64(day) * 86_400_000_000
        let secs = Int(rest / 1_000_000)
        return (y, m, d, secs / 3600, secs / 60 % 60, secs % 60, Int(rest % 1_000_000))
    }

    /// `2026-11-16T08:30:00.123456Z`: the warehouse form, which sorts as text and SQLite's date
    /// functions read.
    public var iso: String { format(fractionDigits: 6) }

    /// `2026-11-16T08:30:00.123Z`: the export form (truncated to milliseconds).
    public var isoMillis: String { format(fractionDigits: 3) }

    /// `2026-11-16`: the UTC calendar date.
    public var isoDate: String {
        let c = components
        var out = [UInt8]()
        out.reserveCapacity(10)
        Instant.appendDigits(&out, c.year, 4)
        out.append(UInt8(ascii: "-"))
        Instant.appendDigits(&out, c.month, 2)
        out.append(UInt8(ascii: "-"))
        Instant.appendDigits(&out, c.day, 2)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO form with the given number of fraction digits (0, 3 or 6) to a byte buffer.
    public func appendISO(to out: inout [UInt8], fractionDigits: Int = 6) {
        let c = components
        Instant.appendDigits(&out, c.year, 4)
        out.append(UInt8(ascii: "-"))
        Instant.appendDigits(&out, c.month, 2)
        out.append(UInt8(ascii: "-"))
        Instant.appendDigits(&out, c.day, 2)
        out.append(UInt8(ascii: "T"))
        Instant.appendDigits(&out, c.hour, 2)
        out.append(UInt8(ascii: ":"))
        Instant.appendDigits(&out, c.minute, 2)
        out.append(UInt8(ascii: ":"))
        Instant.appendDigits(&out, c.second, 2)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            var frac = c.micro
            for _ in fractionDigits..<6 { frac /= 10 }
            Instant.appendDigits(&out, frac, fractionDigits)
        }
        out.append(UInt8(ascii: "Z"))
    }

    public func format(fractionDigits: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(27)
        appendISO(to: &out, fractionDigits: fractionDigits)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func appendDigits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        var v = value
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            v = -v
        }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        // A year past 9999 keeps its extra digits rather than being cut.
        while v / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            divisor /= 10
        }
    }
}

extension Instant {
    /// Parses an ISO-8601 instant: `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]]` followed by `Z` or `±HH:MM`, or a bare
    /// `YYYY-MM-DD` (00:00:00Z). Returns nil for anything else.
    public init?(iso text: String) {
        var copy = text
        guard let value = copy.withUTF8({ Instant.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Parses the bytes of an ISO-8601 instant (see `init?(iso:)`).
    public static func parse(_ b: UnsafeRawBufferPointer) -> Instant? {
        let n = b.count
        guard n >= 10 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = b[i]
            return c >= 48 && c <= 57 ? Int(c - 48) : nil
        }
        @inline(__always) func number(_ i: Int, _ len: Int) -> Int? {
            var v = 0
            for k in i..<(i + len) {
                guard let d = digit(k) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2),
            b[7] == UInt8(ascii: "-"), let day = number(8, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        if n == 10 { return Instant(year: year, month: month, day: day) }
        guard n >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t"),
            let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            hour < 24, minute < 60
        else { return nil }
        var i = 16
        var second = 0
        var micro = 0
        if i < n, b[i] == UInt8(ascii: ":") {
            guard i + 3 <= n, let s = number(i + 1, 2), s < 61 else { return nil }
            second = min(s, 59)
            i += 3
            if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var digits = 0
                while i < n, let d = digit(i) {
                    if digits < 6 { micro = micro * 10 + d }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 6)..<6 { micro *= 10 }
            }
        }
        var offsetSeconds = 0
        guard i < n else { return nil }
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard i + 2 <= n, let oh = number(i, 2) else { return nil }
            i += 2
            var om = 0
            if i < n, b[i] == UInt8(ascii: ":") { i += 1 }
            if i + 2 <= n, let m = number(i, 2) {
                om = m
                i += 2
            }
            guard oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard i == n else { return nil }
        let local = Instant(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, micro: micro)
        return Instant(micros: local.micros - Int64(offsetSeconds) * 1_000_000)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
