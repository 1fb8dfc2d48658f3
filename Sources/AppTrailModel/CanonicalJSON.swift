/// Compact canonical JSON as docs/exports.md fixes it: keys sorted by code point, no spaces, raw UTF-8,
/// `/` not escaped, integers without `.0`.
public enum CanonicalJSON {
    /// Appends `s` as a JSON string literal (quotes included).
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        appendString(utf8: s.utf8, to: &out)
    }

    /// Appends UTF-8 text as a JSON string literal: only `"`, `\` and control characters are escaped (short
    /// forms where JSON has them, else `\u00XX` in lower-case hex); `/` and non-ASCII stay raw.
    @inlinable
    public static func appendString<Text: Sequence>(utf8 text: Text, to out: inout [UInt8])
    where Text.Element == UInt8 {
        out.append(UInt8(ascii: "\""))
        for c in text {
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case 0x0A:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "n"))
            case 0x0D:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "r"))
            case 0x09:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "t"))
            case 0x08:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "b"))
            case 0x0C:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex.utf8Start[Int(c >> 4)])
                out.append(hex.utf8Start[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON object of string values with keys sorted by code point (the last value of a repeated key wins).
    public static func object(_ pairs: [(String, String)]) -> String {
        var map: [String: String] = [:]
        for (k, v) in pairs { map[k] = v }
        let keys = map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, k) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(map[k]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The labels of an execution as a canonical JSON object.
    public static func labels(_ labels: [Label]) -> String {
        object(labels.map { ($0.key, $0.value) })
    }

    /// A state history as the warehouse keeps it: `[{"date":"...","state":"..."},...]`, oldest first.
    public static func history(_ entries: [StateEntry]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(entries.count * 56)
        for (i, e) in entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array("{\"date\":\"".utf8))
            e.date.appendISO(to: &out)
            out.append(contentsOf: Array("\",\"state\":".utf8))
            appendString(e.state.rawValue, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The auditors' form of a state history (docs/exports.md): `STATE@timestamp` entries, oldest first, joined with
    /// `|`, timestamps to the millisecond (truncated). Not JSON, but kept beside `history`, its JSON twin.
    public static func historyTrail(_ entries: [StateEntry]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 40)
        for (i, e) in entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "|")) }
            out.append(contentsOf: e.state.rawValue.utf8)
            out.append(UInt8(ascii: "@"))
            e.date.appendISO(to: &out, fractionDigits: 3)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
