/// The names a mistyped one may have meant, for a `did you mean 'sync'?` after an unknown command, flag,
/// query, report or app.
///
/// A name is close when it has the same letters in another case, or is at most two edits away (one for a name
/// of four letters or fewer, so that `aps` finds `apps` but `foo` does not find `bar`).
public enum Suggestions {
    /// The closest candidates, nearest first, at most `limit`.
    public static func near(_ name: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let lowered = Array(name.lowercased())
        guard !lowered.isEmpty else { return [] }
        var scored: [(String, Int)] = []
        for candidate in Set(candidates) where candidate != name {
            let other = Array(candidate.lowercased())
            let allowed = min(other.count, lowered.count) <= 4 ? 1 : 2
            guard min(other.count, lowered.count) >= 3 || other == lowered else { continue }
            let d = distance(other, lowered, atMost: allowed)
            if d <= allowed { scored.append((candidate, d)) }
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// `did you mean 'sync'?` (or `'a' or 'b'`), nil when no candidate is close.
    public static func phrase(for name: String, in candidates: some Sequence<String>) -> String? {
        phrase(near(name, in: candidates))
    }

    /// The one line for a name that names nothing: `unknown query 'sumary'; did you mean 'summary'?` when
    /// one is close, else every name after `listed` (`unknown query 'x'; available: apps, audit, ...`).
    public static func unknown(_ kind: String, _ name: String, among names: [String], listed: String = "available")
        -> String
    {
        let hint =
            phrase(for: name, in: names) ?? "\(listed): \(names.isEmpty ? "none" : names.joined(separator: ", "))"
        return "unknown \(kind) '\(name)'; \(hint)"
    }

    /// `did you mean 'a' or 'b'?`, nil for no suggestion.
    public static func phrase(_ suggestions: [String]) -> String? {
        suggestions.isEmpty ? nil : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
    }

    /// The edit distance of `a` and `b` (a swap of two neighbours counts as one edit), or `atMost + 1` as soon
    /// as it is known to be larger.
    static func distance(_ a: [Character], _ b: [Character], atMost: Int) -> Int {
        if abs(a.count - b.count) > atMost { return atMost + 1 }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (ca == cb ? 0 : 1))
                if i > 0, j > 0, ca == b[j - 1], a[i - 1] == cb {
                    row[j + 1] = min(row[j + 1], beforePrevious[j - 1] + 1)
                }
            }
            if row.min()! > atMost { return atMost + 1 }
            beforePrevious = previous
            previous = row
        }
        return previous[b.count]
    }
}
