/// Strips credentials from URLs before they reach a message, a log line or the warehouse.
public enum URLRedactor {
    /// Query parameters whose values are masked.
    static let secretNames: Set<String> = [
        "token", "access_token", "api_key", "apikey", "key", "password", "passwd", "secret", "auth", "signature", "sig",
        "client_secret", "refresh_token", "id_token",
    ]

    /// `https://user:pw@host/p?token=x&page=2` -> `https://host/p?token=***&page=2`.
    public static func redact(_ url: String) -> String {
        var rest = Substring(url)
        var out = ""
        if let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        out += authority
        rest = rest[authorityEnd...]
        guard let q = rest.firstIndex(of: "?") else { return out + rest }
        out += rest[...q]
        let query = rest[rest.index(after: q)...]
        var fragment: Substring = ""
        var params = query
        if let hash = query.firstIndex(of: "#") {
            params = query[..<hash]
            fragment = query[hash...]
        }
        let masked = params.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<eq].lowercased()
            return secretNames.contains(name) ? "\(pair[..<eq])=\(SecretMask.placeholder)" : String(pair)
        }
        return out + masked.joined(separator: "&") + fragment
    }
}
