/// Numbers as people read them, whatever the locale.
public enum NumberText {
    /// `12,345`: thousands grouped with commas.
    public static func grouped<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `1 sheet`, `2 sheets`: a count and its noun, plural unless the count is one (`plural` for irregular nouns).
    public static func counted(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
