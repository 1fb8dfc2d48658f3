/// Java's `Duration.toString()`, the form Kestra writes `state.duration` in.
enum JavaDuration {
    /// `PT0S`, `PT2.5S`, `PT1M3.042S`, `PT49H`: hours never become days; the fraction keeps up to 9
    /// digits with trailing zeros dropped.
    static func append(nanos: Int64, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "P"))
        out.append(UInt8(ascii: "T"))
        if nanos == 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "S"))
            return
        }
        let negative = nanos < 0
        let total = negative ? -nanos : nanos
        let seconds = total / 1_000_000_000
        let frac = total % 1_000_000_000
        let hours = seconds / 3600
        let minutes = seconds / 60 % 60
        let secs = seconds % 60
        if hours != 0 {
            if negative { out.append(UInt8(ascii: "-")) }
            WireTime.appendInt(Int(hours), &out)
            out.append(UInt8(ascii: "H"))
        }
        if minutes != 0 {
            if negative { out.append(UInt8(ascii: "-")) }
            WireTime.appendInt(Int(minutes), &out)
            out.append(UInt8(ascii: "M"))
        }
        if secs == 0 && frac == 0 { return }
        if negative { out.append(UInt8(ascii: "-")) }
        WireTime.appendInt(Int(secs), &out)
        if frac > 0 {
            var v = frac
            var digits = 9
            while v % 10 == 0 {
                v /= 10
                digits -= 1
            }
            out.append(UInt8(ascii: "."))
            WireTime.appendDigits(Int(v), digits, &out)
        }
        out.append(UInt8(ascii: "S"))
    }

    static func string(nanos: Int64) -> String {
        var out = [UInt8]()
        append(nanos: nanos, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
