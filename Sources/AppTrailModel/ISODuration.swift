/// Parses ISO-8601 durations as Kestra and app definitions write them.
///
/// Java's `Duration.toString()` gives `PT2.5S`, `PT1M3.042S`, `PT49H` (never days); app TTLs are
/// written `P30D` or, loosely, `PT30D`, which is read as 30 days. Foundation has no such parser.
public enum ISODuration {
    /// The duration in microseconds, or nil when the text is not an ISO-8601 duration.
    public static func micros(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var sign: Int64 = 1
        if bytes[0] == UInt8(ascii: "-") {
            sign = -1
            bytes.removeFirst()
        }
        guard bytes.first == UInt8(ascii: "P") || bytes.first == UInt8(ascii: "p"), bytes.count > 1 else { return nil }
        var total: Int64 = 0
        var inTime = false
        var i = 1
        var sawUnit = false
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "T") || c == UInt8(ascii: "t") {
                inTime = true
                i += 1
                continue
            }
            var whole: Int64 = 0
            var frac: Int64 = 0
            var fracDigits = 0
            var neg: Int64 = 1
            if c == UInt8(ascii: "-") {
                neg = -1
                i += 1
            } else if c == UInt8(ascii: "+") {
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                whole = whole * 10 + Int64(bytes[i] - 48)
                i += 1
                if whole > 1_000_000_000_000 { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                i += 1
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    if fracDigits < 6 { frac = frac * 10 + Int64(bytes[i] - 48) }
                    fracDigits += 1
                    i += 1
                }
                for _ in min(fracDigits, 6)..<6 { frac *= 10 }
            }
            guard i > start, i < bytes.count else { return nil }
            let unit: Int64
            switch bytes[i] {
            case UInt8(ascii: "W"), UInt8(ascii: "w"):
                guard !inTime else { return nil }
                unit = 7 * 86_400_000_000
            case UInt8(ascii: "D"), UInt8(ascii: "d"): unit = 86_400_000_000
            case UInt8(ascii: "H"), UInt8(ascii: "h"):
                guard inTime else { return nil }
                unit = 3_600_000_000
            case UInt8(ascii: "M"), UInt8(ascii: "m"):
                guard inTime else { return nil }
                unit = 60_000_000
            case UInt8(ascii: "S"), UInt8(ascii: "s"):
                guard inTime else { return nil }
                unit = 1_000_000
            default: return nil
            }
            total += neg * (whole * unit + frac * unit / 1_000_000)
            sawUnit = true
            i += 1
        }
        return sawUnit ? sign * total : nil
    }

    /// The duration in seconds, or nil when the text is not an ISO-8601 duration.
    public static func seconds(_ text: String) -> Double? {
        micros(text).map { Double($0) / 1_000_000 }
    }
}
