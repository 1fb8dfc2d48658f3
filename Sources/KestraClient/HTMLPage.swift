import AppTrailModel

/// An HTML page where Kestra's JSON was expected: a login proxy's form, the UI's page, a portal.
///
/// Kestra's API answers JSON only, and JSON never opens with `<`; so a `text/html` content type or a body
/// whose first non-blank byte is `<` is a page, named to the user by its `<title>`.
public struct HTMLPage: Sendable, Equatable {
    /// The `<title>` on one line, entities decoded, hostile characters escaped; nil when the page has none.
    public var title: String?

    /// The page in `response`, or nil when it is not one.
    public init?(_ response: HTTPResponse) {
        let type = response.header("content-type")?.lowercased() ?? ""
        let opensWithTag = response.body.first(where: { !HTMLPage.isBlank($0) }) == UInt8(ascii: "<")
        guard type.hasPrefix("text/html") || type.hasPrefix("application/xhtml") || opensWithTag else { return nil }
        title = HTMLPage.title(of: response.body)
    }

    /// How a message names it: `an HTML page ('Please log in')`.
    public var described: String { title.map { "an HTML page ('\($0)')" } ?? "an HTML page (without a title)" }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }

    /// The text of the first `<title>` element in the page's first 64 KiB.
    static func title(of body: [UInt8]) -> String? {
        let head = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        let lower = head.lowercased()
        // `lowercased()` can change lengths outside ASCII; search the lowered copy only while it lines up.
        guard lower.utf8.count == head.utf8.count, let open = lower.range(of: "<title"),
            let close = lower[open.upperBound...].firstIndex(of: ">"),
            let end = lower.range(of: "</title", range: close..<lower.endIndex)
        else { return nil }
        let offset = { (i: String.Index) in lower.utf8.distance(from: lower.startIndex, to: i) }
        let bytes = Array(head.utf8)
        let raw = String(decoding: bytes[(offset(close) + 1)..<offset(end.lowerBound)], as: UTF8.self)
        let text = decodeEntities(raw).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return text.isEmpty ? nil : OneLine.excerpt(text, limit: 80)
    }

    /// The character references a title commonly holds: the five named ones and numeric ones.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semi]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
            if let value = named[String(name)] {
                out += value
            } else if name.hasPrefix("#"), let scalar = numericReference(name.dropFirst()) {
                out.unicodeScalars.append(scalar)
            } else {
                out += rest[...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    private static func numericReference(_ digits: Substring) -> Unicode.Scalar? {
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return value.flatMap(Unicode.Scalar.init)
    }
}
