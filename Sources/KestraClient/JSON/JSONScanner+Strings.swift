extension JSONScanner {
    /// Reads the string token at `pos` (which is `"`), validating escapes, UTF-8 and the absence of raw
    /// control characters, so that later decoding of the token cannot fail.
    @inline(__always)
    mutating func readString() throws(DecodeError) -> JSONString {
        let start = pos + 1
        var i = start
        var escaped = false
        let n = count
        while true {
            // Eight bytes at a time while none of them is `"`, `\`, a control character or non-ASCII:
            // most of a Kestra payload is plain ASCII string content.
            while i &+ 8 <= n {
                let m = JSONScanner.specialMask(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if m != 0 {
                    i &+= m.trailingZeroBitCount >> 3
                    break
                }
                i &+= 8
            }
            guard i < n else { throw truncated(at: i) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                pos = i + 1
                return JSONString(start: start, end: i, hasEscapes: escaped)
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                i = try validateEscape(at: i)
            } else if c >= 0x80 {
                i = try validateUTF8Sequence(at: i)
            } else if c < 0x20 {
                pos = i
                throw DecodeError(
                    .syntax, "raw control character \(JSONScanner.describe(c)) inside a string",
                    byteOffset: offsetBase + i)
            } else {
                i += 1
            }
        }
    }

    /// High bit set in each byte lane holding `"`, `\`, a byte < 0x20 or a byte >= 0x80. Lanes above
    /// a hit may be false positives (borrows), but the lowest set lane is always a real hit.
    @inline(__always)
    static func specialMask(_ v: UInt64) -> UInt64 {
        let lo: UInt64 = 0x0101_0101_0101_0101
        let hi: UInt64 = 0x8080_8080_8080_8080
        let q = v ^ (lo &* 0x22)
        let b = v ^ (lo &* 0x5C)
        let quote = (q &- lo) & ~q
        let backslash = (b &- lo) & ~b
        let control = (v &- lo &* 0x20) & ~v
        return (quote | backslash | control | v) & hi
    }

    /// Validates the escape at `i` (a `\`) and returns the index after it; a `\u` high surrogate must
    /// be followed by a `\u` low surrogate.
    mutating func validateEscape(at i: Int) throws(DecodeError) -> Int {
        guard i + 1 < count else { throw truncated(at: i + 1) }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: i + 2)
            switch unit {
            case 0xD800...0xDBFF:
                guard i + 7 < count else { throw truncated(at: count) }
                guard bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u") else {
                    throw loneSurrogate(unit, at: i)
                }
                let low = try hex4(at: i + 8)
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: i) }
                return i + 12
            case 0xDC00...0xDFFF:
                throw loneSurrogate(unit, at: i)
            default:
                return i + 6
            }
        default:
            pos = i + 1
            throw DecodeError(
                .syntax,
                "invalid escape '\\\(JSONScanner.describe(bytes[i + 1]).dropFirst().dropLast())' inside a string",
                byteOffset: offsetBase + i)
        }
    }

    /// The four hex digits at `i` of a `\u` escape.
    @inline(__always)
    func hex4(at i: Int) throws(DecodeError) -> UInt32 {
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            guard k < count else { throw truncated(at: k) }
            guard let d = JSONScanner.hexValue(bytes[k]) else {
                throw DecodeError(
                    .syntax, "invalid \\u escape: \(JSONScanner.describe(bytes[k])) is not a hex digit",
                    byteOffset: offsetBase + k)
            }
            v = v << 4 | d
        }
        return v
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }

    @inline(never)
    func loneSurrogate(_ unit: UInt32, at i: Int) -> DecodeError {
        let hex = String(unit, radix: 16, uppercase: true)
        return DecodeError(.invalidUTF8, "lone surrogate \\u\(hex) inside a string", byteOffset: offsetBase + i)
    }

    /// Validates the multi-byte UTF-8 sequence starting at `i` (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF) and returns the index after it.
    @inline(__always)
    func validateUTF8Sequence(at i: Int) throws(DecodeError) -> Int {
        let c0 = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c0 {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw invalidUTF8(at: i)
        }
        guard i + 1 < count else { throw truncated(at: i + 1) }
        let c1 = bytes[i + 1]
        guard c1 >= low, c1 <= high else { throw invalidUTF8(at: i) }
        for k in 2..<length {
            guard i + k < count else { throw truncated(at: i + k) }
            guard bytes[i + k] & 0xC0 == 0x80 else { throw invalidUTF8(at: i) }
        }
        return i + length
    }

    @inline(never)
    func invalidUTF8(at i: Int) -> DecodeError {
        DecodeError(
            .invalidUTF8, "invalid UTF-8 (\(JSONScanner.describe(bytes[i]))) inside a string",
            byteOffset: offsetBase + i)
    }

    // MARK: Decoding validated strings

    /// The Swift string of a token read by `readString`.
    @inline(__always)
    func string(_ s: JSONString) -> String {
        if !s.hasEscapes {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[s.start..<s.end]), as: UTF8.self)
        }
        return unescapedString(s)
    }

    @inline(never)
    func unescapedString(_ s: JSONString) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(s.length)
        appendUnescaped(s, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes a validated string token stands for.
    func appendUnescaped(_ s: JSONString, to out: inout [UInt8]) {
        if !s.hasEscapes {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[s.start..<s.end]))
            return
        }
        var i = s.start
        var run = i
        while i < s.end {
            guard bytes[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            if run < i { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<i])) }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexUnchecked(at: i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // Validation guaranteed the low surrogate escape follows.
                    let lowUnit = hexUnchecked(at: i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (lowUnit - 0xDC00)
                }
                JSONScanner.appendUTF8(scalar, to: &out)
            default: out.append(e) // `"`, `\` and `/` stand for themselves
            }
            run = i
        }
        if run < s.end { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<s.end])) }
    }

    @inline(__always)
    private func hexUnchecked(at i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in i..<(i + 4) { v = v << 4 | (JSONScanner.hexValue(bytes[k]) ?? 0) }
        return v
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Comparing

    /// Whether a validated string token (escaped or not) spells exactly `literal`.
    @inline(__always)
    func equals(_ s: JSONString, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        if s.hasEscapes { return unescapedEquals(s, literal) }
        guard s.length == n else { return false }
        let p = literal.utf8Start
        var k = 0
        while k < n {
            if bytes[s.start &+ k] != p[k] { return false }
            k &+= 1
        }
        return true
    }

    @inline(never)
    func unescapedEquals(_ s: JSONString, _ literal: StaticString) -> Bool {
        var buffer: [UInt8] = []
        appendUnescaped(s, to: &buffer)
        return buffer.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// A short quoted excerpt of a string token for error messages.
    func excerpt(_ s: JSONString) -> String {
        let text =
            s.length > 200
            ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[s.start..<(s.start + 200)]), as: UTF8.self)
            : string(s)
        return "\"" + DecodeError.excerpt(text, limit: 40) + "\""
    }
}
