import AppTrailModel

extension JSONScanner {
    /// Re-serialises the value at `pos` as compact canonical JSON (docs/exports.md, "Compact JSON inside a
    /// cell"): object keys sorted by code point at every level (the last of repeated keys wins), arrays
    /// in order, no spaces, strings escaped as `CanonicalJSON.appendString` does (raw UTF-8, `/` raw),
    /// numbers as written except that a zero fraction makes an integer (`2.0` -> `2`, `-0.0` -> `0`).
    mutating func appendCanonical(to out: inout [UInt8]) throws(DecodeError) {
        guard pos < count else { throw truncated(at: pos) }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            let s = try readString()
            appendCanonicalString(s, to: &out)
        case UInt8(ascii: "{"):
            try appendCanonicalObject(to: &out)
        case UInt8(ascii: "["):
            try enterArray()
            out.append(UInt8(ascii: "["))
            var first = true
            var index = 0
            while try nextElement(&first) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                do throws(DecodeError) { try appendCanonical(to: &out) } catch { throw error.under(.index(index)) }
                index += 1
            }
            out.append(UInt8(ascii: "]"))
        case UInt8(ascii: "t"):
            try literal("true")
            out.append(contentsOf: "true".utf8)
        case UInt8(ascii: "f"):
            try literal("false")
            out.append(contentsOf: "false".utf8)
        case UInt8(ascii: "n"):
            try literal("null")
            out.append(contentsOf: "null".utf8)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            appendCanonicalNumber(try readNumber(), to: &out)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw nonFinite()
        default:
            throw unexpected("a value")
        }
    }

    private mutating func appendCanonicalObject(to out: inout [UInt8]) throws(DecodeError) {
        try enterObject()
        // Each member is written to `out` as it comes (`"key":value`), then the object's span of `out`
        // is rewritten in key order: one copy per object instead of re-scanning the input.
        let objectStart = out.count
        var keys: [UInt8] = []
        var members: [(keyStart: Int, keyEnd: Int, start: Int, end: Int, order: Int)] = []
        var first = true
        while let key = try nextKey(&first) {
            let keyStart = keys.count
            appendUnescaped(key, to: &keys)
            let memberStart = out.count
            appendCanonicalString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            do throws(DecodeError) { try appendCanonical(to: &out) } catch {
                throw error.under(.key(String(decoding: keys[keyStart...], as: UTF8.self)))
            }
            members.append((keyStart, keys.count, memberStart, out.count, members.count))
        }
        let written = Array(out[objectStart...])
        out.removeSubrange(objectStart...)
        members.sort { a, b in
            let order = JSONScanner.compare(keys[a.keyStart..<a.keyEnd], keys[b.keyStart..<b.keyEnd])
            return order != 0 ? order < 0 : a.order < b.order
        }
        out.append(UInt8(ascii: "{"))
        var wroteMember = false
        for (k, m) in members.enumerated() {
            if k + 1 < members.count {
                let next = members[k + 1]
                if JSONScanner.compare(keys[m.keyStart..<m.keyEnd], keys[next.keyStart..<next.keyEnd]) == 0 { continue }
            }
            if wroteMember { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: written[(m.start - objectStart)..<(m.end - objectStart)])
            wroteMember = true
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Byte-wise order of UTF-8 text, which is code point order.
    static func compare(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex && j < b.endIndex {
            if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        return (a.endIndex - i) - (b.endIndex - j)
    }

    /// Writes a string token the way `CanonicalJSON.appendString` writes the same text.
    func appendCanonicalString(_ s: JSONString, to out: inout [UInt8]) {
        if !s.hasEscapes {
            // Validated tokens without escapes hold no `"`, `\` or control characters: copy as is.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[s.start..<s.end]))
            out.append(UInt8(ascii: "\""))
            return
        }
        var text: [UInt8] = []
        text.reserveCapacity(s.length)
        appendUnescaped(s, to: &text)
        CanonicalJSON.appendString(utf8: text, to: &out)
    }

    /// A number's source text, except that a zero fraction without exponent is dropped, and the sign of
    /// a zero with it: `2.0` -> `2`, `-0.0` -> `0`.
    func appendCanonicalNumber(_ n: JSONNumber, to out: inout [UInt8]) {
        guard n.fractionIsZero else {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[n.start..<n.end]))
            return
        }
        var intEnd = n.start
        while intEnd < n.end, bytes[intEnd] != UInt8(ascii: ".") { intEnd += 1 }
        let negativeZero =
            bytes[n.start] == UInt8(ascii: "-") && intEnd == n.start + 2 && bytes[n.start + 1] == UInt8(ascii: "0")
        let start = negativeZero ? n.start + 1 : n.start
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<intEnd]))
    }
}
