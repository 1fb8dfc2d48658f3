/// The known app ids a mistyped one may have meant: the same letters in another case, or at most two edits
/// away, so that `sync --app expenseapproval` can point at `expenseApproval`.
enum AppNameSuggestions {
    static func near(_ name: String, in known: Set<String>, limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let close = known.filter { id in
            id.lowercased() == lowered || (min(id.count, name.count) >= 4 && distance(Array(id.lowercased()), Array(lowered), atMost: 2) <= 2)
        }
        return Array(close.sorted().prefix(limit))
    }

    /// The Levenshtein distance of `a` and `b`, or `atMost + 1` as soon as it is known to be larger.
    static func distance(_ a: [Character], _ b: [Character], atMost: Int) -> Int {
        if abs(a.count - b.count) > atMost { return atMost + 1 }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            if row.min()! > atMost { return atMost + 1 }
            previous = row
        }
        return previous[b.count]
    }
}
