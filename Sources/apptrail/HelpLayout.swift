/// The help text laid out for the width it is read at.
///
/// swift-argument-parser keeps the line breaks of a command's discussion and then wraps again, so a
/// paragraph written at 100 columns reads ragged at 80 and worse at 40. apptrail asks it for the text
/// unwrapped and lays it out here: a paragraph is refilled to the width, an indented line (an example, a
/// crontab entry) is kept whole so that it can be copied, and an option's help hangs under its column.
enum HelpLayout {
    /// The column at which argument-parser starts an option's help.
    static let helpColumn = 26
    /// Below this many columns for its text, an option's help goes under the option instead of beside it.
    static let narrowestHelp = 30

    /// `text` (help produced without wrapping) laid out to `width` columns.
    static func layout(_ text: String, width: Int) -> String {
        let width = max(20, width)
        var out: [String] = []
        var paragraph: [String] = []
        var inOverview = true
        func flush() {
            guard !paragraph.isEmpty else { return }
            out += wrap(paragraph.joined(separator: " "), width: width, indent: 0)
            paragraph = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("USAGE: ") {
                flush()
                inOverview = false
                out += wrap(line, width: width, indent: 2, tokens: usageTokens(line))
            } else if line.isEmpty {
                flush()
                out.append("")
            } else if inOverview {
                // A discussion: lines at the margin are one paragraph, indented lines are kept as written.
                if line.first == " " {
                    flush()
                    out.append(line)
                } else {
                    paragraph.append(line)
                }
            } else if line.first != " " {
                out += wrap(line, width: width, indent: 0)
            } else {
                out += entry(line, width: width)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// An option, argument or subcommand line: the label, then its help hanging at the help column (or under
    /// the label, indented, on a narrow terminal).
    static func entry(_ line: String, width: Int) -> [String] {
        let indent = line.prefix { $0 == " " }.count
        let hanging = width - helpColumn >= narrowestHelp ? helpColumn : 6
        if indent >= helpColumn {
            // The help of an option too long to share its line.
            return wrap(
                String(line.dropFirst(indent)), width: width, indent: hanging,
                first: String(repeating: " ", count: hanging))
        }
        let chars = Array(line)
        guard chars.count > helpColumn, chars[helpColumn - 1] == " ", chars[helpColumn] != " " else {
            // A label alone (its help follows on the next line), or a sentence such as "See 'apptrail help'".
            return wrap(line, width: width, indent: indent)
        }
        let head = String(chars[..<helpColumn]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        let help = String(chars[helpColumn...])
        if head.count + 2 > hanging {
            return [head] + wrap(help, width: width, indent: hanging, first: String(repeating: " ", count: hanging))
        }
        return wrap(
            help, width: width, indent: hanging, first: head + String(repeating: " ", count: hanging - head.count))
    }

    /// The usage line's words, an optional group such as `[--param <name=value> ...]` being one word.
    static func usageTokens(_ line: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for c in line {
            if c == " " && depth == 0 {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                continue
            }
            if c == "[" || c == "<" { depth += 1 }
            if c == "]" || c == ">" { depth = max(0, depth - 1) }
            current.append(c)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// `text` broken at spaces into lines of at most `width` columns, the first starting with `first` (by
    /// default the text's own indentation), later ones indented by `indent`; a word longer than a line stands
    /// alone on its line.
    static func wrap(_ text: String, width: Int, indent: Int, first: String? = nil, tokens: [String]? = nil) -> [String]
    {
        let leading = first ?? String(text.prefix { $0 == " " })
        let words = tokens ?? text.split(separator: " ").map(String.init)
        var lines: [String] = []
        var line = leading
        var lineHasWord = false
        for word in words {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
            } else {
                line += (lineHasWord ? " " : "") + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
