/// Text written as YAML scalars that every YAML 1.1 or 1.2 reader (PyYAML, which Datasette uses) reads back as the
/// same string: written by hand, so that the order of keys and the bytes are apptrail's own and never a library's.
enum YAMLScalar {
    /// A mapping key or list item: plain when it is a name no reader could take for something else, quoted
    /// otherwise (`on`, `no` and `null` are booleans and null to YAML 1.1, `2024` a number).
    static func key(_ text: String) -> String {
        let plain =
            text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            && !reserved.contains(text.lowercased())
        return plain ? text : quoted(text)
    }

    /// Plain words that YAML 1.1 reads as booleans or null.
    private static let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]

    /// A double-quoted scalar: backslash and quote escaped, and every character a reader might fold, drop or
    /// refuse (controls, YAML's line and paragraph separators, the byte-order mark) as an escape.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if needsEscape(scalar) {
                    out +=
                        scalar.value <= 0xFF
                        ? "\\x" + hex(scalar.value, digits: 2) : "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `text` as the lines of a literal block (`|-`) indented by `indent` spaces, or nil when a literal block
    /// could not hold it exactly (a character that must be escaped, a first line that starts with a space).
    static func literalBlock(_ text: String, indent: Int) -> [String]? {
        guard let first = text.unicodeScalars.first, first != " ", first != "\t", text.last != "\n",
            !text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && needsEscape($0) })
        else { return nil }
        let margin = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : margin + $0 }
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
