import AppTrailModel

extension ExecutionPageDecoder {
    /// The state of one decode: the scanner over the input plus caches shared by all its executions.
    struct Reader {
        var json: JSONScanner
        var strings = StringInterner()
        /// Reused output buffer for canonical inputs.
        var canonical: [UInt8] = []
        /// Progress through a page, array or NDJSON document.
        var cursor = Cursor()

        init(_ bytes: UnsafeRawBufferPointer, offsetBase: Int = 0) {
            json = JSONScanner(bytes, offsetBase: offsetBase)
            canonical.reserveCapacity(256)
        }

        // MARK: Typed values

        /// The string token at `pos`; a value of another type is an error.
        @inline(__always)
        mutating func stringToken() throws(DecodeError) -> JSONString {
            guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "\"") else { throw mismatch("a string") }
            return try json.readString()
        }

        /// The string token at `pos` of a value apptrail keeps as text (an id, a name, a label).
        @inline(__always)
        mutating func keptText() throws(DecodeError) -> JSONString {
            let token = try stringToken()
            if token.hasEscapes { try refuseNUL(token) }
            return token
        }

        /// Refuses a `\u0000` in a kept string: SQLite stores it, but every reader of a TEXT column
        /// (GRDB, the sqlite3 shell, C strings) stops at it, so two ids that differ after it would read
        /// back as one. Raw NUL bytes never get here: the scanner refuses control characters.
        @inline(never)
        func refuseNUL(_ token: JSONString) throws(DecodeError) {
            var text: [UInt8] = []
            json.appendUnescaped(token, to: &text)
            if text.contains(0) { throw json.invalid("holds a NUL character (\\u0000)", at: token.start - 1) }
        }

        /// Opens the object at `pos`; a value of another type is an error.
        @inline(__always)
        mutating func enterObject() throws(DecodeError) {
            guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "{") else { throw mismatch("an object") }
            try json.enterObject()
        }

        /// Opens the array at `pos`; a value of another type is an error.
        @inline(__always)
        mutating func enterArray() throws(DecodeError) {
            guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "[") else { throw mismatch("an array") }
            try json.enterArray()
        }

        /// The integer at `pos`.
        mutating func integer() throws(DecodeError) -> Int64 {
            guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "-") || json.bytes[json.pos] &- 0x30 < 10
            else {
                if json.pos < json.count,
                    json.bytes[json.pos] == UInt8(ascii: "N") || json.bytes[json.pos] == UInt8(ascii: "I")
                {
                    throw json.nonFinite()
                }
                throw mismatch("an integer")
            }
            let start = json.pos
            let number = try json.readNumber()
            guard let value = json.int64(number) else {
                let text = String(
                    decoding: UnsafeRawBufferPointer(rebasing: json.bytes[number.start..<number.end]), as: UTF8.self)
                let what = number.isInteger ? "is out of range" : "is not an integer"
                throw json.invalid("\(what): \(DecodeError.excerpt(text, limit: 40))", at: start)
            }
            return value
        }

        /// The instant a date string holds.
        mutating func instant() throws(DecodeError) -> Instant {
            let start = json.pos
            let token = try stringToken()
            let parsed: Instant?
            if token.hasEscapes {
                var text: [UInt8] = []
                json.appendUnescaped(token, to: &text)
                parsed = text.withUnsafeBytes { Instant.parse($0) }
            } else {
                parsed = Instant.parse(UnsafeRawBufferPointer(rebasing: json.bytes[token.start..<token.end]))
            }
            guard let parsed else {
                throw json.invalid("is not an ISO-8601 instant: \(json.excerpt(token))", at: start)
            }
            return parsed
        }

        /// "must be X, not Y" for the value at `pos`.
        @inline(never)
        func mismatch(_ expected: String) -> DecodeError {
            guard json.pos < json.count else { return json.truncated(at: json.pos) }
            switch json.bytes[json.pos] {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return json.invalid("must be \(expected), not \(json.valueKindName())")
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                return json.nonFinite()
            default:
                return json.unexpected("a value")
            }
        }
    }
}
