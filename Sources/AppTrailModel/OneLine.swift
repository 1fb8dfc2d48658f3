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
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                switch ch.properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator, .format:
                    out += "\\u{\(String(ch.value, radix: 16))}"
                default:
                    out.unicodeScalars.append(ch)
                }
            }
            count += 1
        }
        return out
    }
}
