/// A validating pull parser over the bytes of a JSON document.
///
/// The decoder drives it value by value: it never builds a tree, so fields apptrail does not keep are
/// skipped (validated, not materialised). Every malformed input ends in a `DecodeError`, never a trap:
/// positions are checked against `count` before each read, and nesting is capped at `maxDepth` so a
/// hostile `[[[[...` cannot overflow the stack of the recursive skipper.
struct JSONScanner {
    /// Deepest nesting of arrays/objects accepted; Kestra payloads stay far below it.
    static let maxDepth = 256

    let bytes: UnsafeRawBufferPointer
    let count: Int
    /// Added to positions in errors, so a chunk of a larger file reports offsets in that file.
    let offsetBase: Int
    /// The next byte to read.
    var pos: Int
    /// Arrays/objects currently open.
    var depth: Int = 0

    init(_ bytes: UnsafeRawBufferPointer, offsetBase: Int = 0) {
        self.bytes = bytes
        self.count = bytes.count
        self.offsetBase = offsetBase
        self.pos = 0
    }

    // MARK: Bytes and whitespace

    /// The byte at `pos`, or nil at the end of input.
    @inline(__always)
    var peek: UInt8? { pos < count ? bytes[pos] : nil }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let c = bytes[pos]
            // ' ' is 0x20; '\t' '\n' '\r' are the only other JSON whitespace bytes.
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    /// Skips whitespace and returns the next byte, throwing at the end of input.
    @inline(__always)
    mutating func nextNonWhitespace() throws(DecodeError) -> UInt8 {
        skipWhitespace()
        guard pos < count else { throw truncated(at: pos) }
        return bytes[pos]
    }

    // MARK: Containers

    /// Consumes `{` and opens an object.
    @inline(__always)
    mutating func enterObject() throws(DecodeError) {
        guard pos < count else { throw truncated(at: pos) }
        guard bytes[pos] == UInt8(ascii: "{") else { throw unexpected("'{'") }
        pos += 1
        depth += 1
        if depth > JSONScanner.maxDepth { throw tooDeep() }
    }

    /// Consumes `[` and opens an array.
    @inline(__always)
    mutating func enterArray() throws(DecodeError) {
        guard pos < count else { throw truncated(at: pos) }
        guard bytes[pos] == UInt8(ascii: "[") else { throw unexpected("'['") }
        pos += 1
        depth += 1
        if depth > JSONScanner.maxDepth { throw tooDeep() }
    }

    /// Moves to the next member of the open object: returns its key and leaves `pos` on the first
    /// byte of its value, or consumes the closing `}` and returns nil.
    @inline(__always)
    mutating func nextKey(_ first: inout Bool) throws(DecodeError) -> JSONString? {
        var c = try nextNonWhitespace()
        if first {
            first = false
            if c == UInt8(ascii: "}") {
                pos += 1
                depth -= 1
                return nil
            }
        } else if c == UInt8(ascii: ",") {
            pos += 1
            c = try nextNonWhitespace()
        } else if c == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return nil
        } else {
            throw unexpected("',' or '}'")
        }
        guard c == UInt8(ascii: "\"") else { throw unexpected("a string key") }
        let key = try readString()
        if try nextNonWhitespace() != UInt8(ascii: ":") { throw unexpected("':'") }
        pos += 1
        _ = try nextNonWhitespace()
        return key
    }

    /// Moves to the next element of the open array, leaving `pos` on its first byte, or consumes the
    /// closing `]` and returns false.
    @inline(__always)
    mutating func nextElement(_ first: inout Bool) throws(DecodeError) -> Bool {
        let c = try nextNonWhitespace()
        if first {
            first = false
            if c == UInt8(ascii: "]") {
                pos += 1
                depth -= 1
                return false
            }
            return true
        }
        if c == UInt8(ascii: ",") {
            pos += 1
            _ = try nextNonWhitespace()
            return true
        }
        if c == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return false
        }
        throw unexpected("',' or ']'")
    }

    // MARK: Scalars

    /// Consumes `null` when it is next (after whitespace); the decoder treats null as absent.
    @inline(__always)
    mutating func consumeNull() throws(DecodeError) -> Bool {
        guard pos < count, bytes[pos] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Consumes the literal `word` (`true`, `false`, `null`) at `pos`.
    mutating func literal(_ word: StaticString) throws(DecodeError) {
        let n = word.utf8CodeUnitCount
        let p = word.utf8Start
        for k in 0..<n {
            guard pos + k < count else { throw truncated(at: pos + k) }
            guard bytes[pos + k] == p[k] else {
                pos += k
                throw unexpected("'\(word)'")
            }
        }
        pos += n
    }

    /// Reads the number at `pos` (JSON grammar exactly: no `+`, no leading zeros, no `.5`, no NaN).
    mutating func readNumber() throws(DecodeError) -> JSONNumber {
        let start = pos
        var i = pos
        @inline(__always) func digitAt(_ k: Int) -> Bool { k < count && bytes[k] &- 0x30 < 10 }
        if i < count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < count else {
            pos = i
            throw truncated(at: i)
        }
        let lead = bytes[i]
        if lead == UInt8(ascii: "0") {
            i += 1
        } else if lead &- 0x31 < 9 {
            i += 1
            while digitAt(i) { i += 1 }
        } else {
            pos = i
            if lead == UInt8(ascii: "I") || lead == UInt8(ascii: "N") { throw nonFinite() }
            throw unexpected("a digit")
        }
        var isInteger = true
        var fractionIsZero = false
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digitAt(i) else {
                pos = i
                throw i < count ? unexpected("a digit after '.'") : truncated(at: i)
            }
            isInteger = false
            fractionIsZero = true
            while digitAt(i) {
                if bytes[i] != UInt8(ascii: "0") { fractionIsZero = false }
                i += 1
            }
        }
        if i < count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digitAt(i) else {
                pos = i
                throw i < count ? unexpected("a digit in the exponent") : truncated(at: i)
            }
            while digitAt(i) { i += 1 }
            isInteger = false
            fractionIsZero = false
        }
        pos = i
        return JSONNumber(start: start, end: i, isInteger: isInteger, fractionIsZero: fractionIsZero)
    }

    /// The value of an integer number, nil when it is not an integer or does not fit in 64 bits.
    func int64(_ number: JSONNumber) -> Int64? {
        guard number.isInteger else { return nil }
        var i = number.start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: Int64 = 0
        while i < number.end {
            let d = Int64(bytes[i] &- 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    // MARK: Skipping

    /// Validates and steps over the value at `pos` without building it.
    mutating func skipValue() throws(DecodeError) {
        guard pos < count else { throw truncated(at: pos) }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "{"):
            try enterObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try enterArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try readNumber()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw nonFinite()
        default:
            throw unexpected("a value")
        }
    }

    /// The kind of the value at `pos`, for type-mismatch messages.
    func valueKindName() -> String {
        guard pos < count else { return "nothing" }
        switch bytes[pos] {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "a number"
        }
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(DecodeError) {
        skipWhitespace()
        if pos < count {
            throw DecodeError(.syntax, "unexpected data after the JSON value", byteOffset: offsetBase + pos)
        }
    }

    // MARK: Errors (kept out of line: they are cold)

    @inline(never)
    func truncated(at i: Int) -> DecodeError {
        DecodeError(.truncated, "unexpected end of input", byteOffset: offsetBase + i)
    }

    /// "expected X, found Y" at `pos`, or a truncation at the end of input.
    @inline(never)
    func unexpected(_ expected: String) -> DecodeError {
        guard pos < count else { return truncated(at: pos) }
        // A byte-order mark is invisible in editors: name it rather than its first byte.
        if bytes[pos] == 0xEF, pos + 2 < count, bytes[pos + 1] == 0xBB, bytes[pos + 2] == 0xBF {
            return DecodeError(
                .syntax, "expected \(expected), found a UTF-8 byte-order mark", byteOffset: offsetBase + pos)
        }
        return DecodeError(
            .syntax, "expected \(expected), found \(JSONScanner.describe(bytes[pos]))", byteOffset: offsetBase + pos)
    }

    @inline(never)
    func tooDeep() -> DecodeError {
        DecodeError(.tooDeep, "nesting deeper than \(JSONScanner.maxDepth) levels", byteOffset: offsetBase + pos - 1)
    }

    @inline(never)
    func nonFinite() -> DecodeError {
        DecodeError(.syntax, "NaN and Infinity are not valid JSON numbers", byteOffset: offsetBase + pos)
    }

    /// A value error (wrong type, missing or malformed field) located at `pos`.
    @inline(never)
    func invalid(_ message: String, at i: Int? = nil) -> DecodeError {
        DecodeError(.invalidValue, message, byteOffset: offsetBase + (i ?? pos))
    }

    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        let hex = String(c, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
