extension XLSXWorkbook {
    /// Whether a sheet of this workbook has `name`, ignoring case as Excel does.
    func hasSheet(named name: String) -> Bool { takenNames.contains(name.lowercased()) }

    /// Excel's rule for sheet names applied to `requested`; `taken` holds the lowercased names in use.
    ///
    /// At most 31 UTF-16 units (cut between characters), none of `[]:*?/\` or control characters (each
    /// becomes `_`), no apostrophe first or last (dropped), never empty ("Sheet"), and unique ignoring
    /// case: " (2)", " (3)"... are appended, cutting the name further to stay within 31.
    public static func validSheetName(_ requested: String, taken: Set<String>) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in requested.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\", "\u{0}"..."\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}":
                scalars.append("_")
            default:
                scalars.append(scalar)
            }
        }
        func trimmingApostrophes(_ name: String) -> String {
            var name = Substring(name)
            while name.first == "'" { name.removeFirst() }
            while name.last == "'" { name.removeLast() }
            return String(name)
        }
        var base = trimmingApostrophes(prefix(of: trimmingApostrophes(String(scalars)), utf16Units: 31))
        if base.isEmpty { base = "Sheet" }
        if !taken.contains(base.lowercased()) { return base }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let candidate = prefix(of: base, utf16Units: 31 - suffix.utf16.count) + suffix
            if !taken.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }

    /// The longest start of `text` within `limit` UTF-16 units, cut between characters when one fits.
    static func prefix(of text: String, utf16Units limit: Int) -> String {
        if text.utf16.count <= limit { return text }
        var result = ""
        var used = 0
        for character in text {
            let units = character.utf16.count
            if used + units > limit { break }
            result.append(character)
            used += units
        }
        if !result.isEmpty { return result }
        // One character longer than the limit (a long combining sequence): cut between its scalars.
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            used += scalar.utf16.count
            if used > limit { break }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
