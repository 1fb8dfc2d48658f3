/// Masks credentials in text bound for a terminal, a log or the warehouse, whole or cut short.
///
/// A server that echoes the request (a debug proxy, an error page) can put a token into a message that
/// apptrail shortens, such as a 40-character excerpt in a decode error: so a run of at least 8 characters
/// that starts a secret is masked as well as the whole secret.
public struct SecretMask: Sendable {
    public private(set) var secrets: [[Unicode.Scalar]] = []

    /// What stands in for a secret wherever apptrail would show one: messages, logs, `config show`, URLs.
    public static let placeholder = "***"

    /// The shortest secret masked: shorter ones would mask ordinary words.
    static let minimumLength = 3
    /// How many leading characters of a secret make a match.
    static let headLength = 8

    public init(_ secrets: [String] = []) { add(secrets) }

    /// Adds secrets to mask; empty, short and repeated ones are left out.
    public mutating func add(_ more: [String]) {
        for s in more {
            let scalars = Array(s.unicodeScalars)
            if scalars.count >= SecretMask.minimumLength, !secrets.contains(scalars) { secrets.append(scalars) }
        }
        // Longer first, so that a secret containing another is masked whole.
        secrets.sort { $0.count > $1.count }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret, and every cut-short start of one, replaced by `***`.
    public func mask(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var chars = Array(text.unicodeScalars)
        var changed = false
        for secret in secrets {
            let head = min(secret.count, SecretMask.headLength)
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(chars.count)
            var i = 0
            while i < chars.count {
                var n = 0
                while n < secret.count, i + n < chars.count, chars[i + n] == secret[n] { n += 1 }
                if n >= head {
                    out += Array(SecretMask.placeholder.unicodeScalars)
                    i += n
                    changed = true
                } else {
                    out.append(chars[i])
                    i += 1
                }
            }
            chars = out
        }
        guard changed else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: chars)
        return String(result)
    }
}
