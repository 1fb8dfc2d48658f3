/// Text from a hostile file made fit for a one-line error message.
public enum OneLine {
    /// `text` cut to `limit` characters with an ellipsis, with line breaks, other controls, line and
    /// paragraph separators (U+0085, U+2028, U+2029) and invisible format characters (bidi overrides
    /// reorder what a terminal shows) escaped, so that a message stays one short line whatever the file
    /// holds.
    public static func excerpt(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for ch in text.unicodeScalars {
            if count == limit { return out + "…" }
            out += escaped(ch)
            count += 1
        }
        return out
    }

    /// `text` for a terminal: every control and invisible character escaped as in `excerpt` but the line
    /// breaks and tabs a message means to have, so that an app id holding ESC cannot drive the terminal.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && escaped($0).unicodeScalars.count > 1 })
        else { return text }
        var out = ""
        for ch in text.unicodeScalars { out += ch == "\n" || ch == "\t" ? String(ch) : escaped(ch) }
        return out
    }

    /// One character as a message shows it: itself, or escaped when a terminal would act on it or hide it.
    private static func escaped(_ ch: Unicode.Scalar) -> String {
        switch ch {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            switch ch.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format:
                return "\\u{\(String(ch.value, radix: 16))}"
            default:
                return String(ch)
            }
        }
    }
}
