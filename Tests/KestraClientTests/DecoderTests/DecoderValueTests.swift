import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Dates, strings and the canonical form of inputs.
@Suite struct DecoderValueTests {
    private func startDate(_ text: String) throws -> Instant? {
        try T.execution(T.minimal(state: #"{"current":"CREATED","startDate":"\#(text)"}"#)).startDate
    }

    @Test(arguments: 0...9)
    func fractionDigits(count: Int) throws {
        let digits = String("123456789".prefix(count))
        let text = "2024-11-21T16:31:27" + (count == 0 ? "" : "." + digits) + "Z"
        let micro = Int((digits + "000000").prefix(6)) ?? 0
        #expect(
            try startDate(text)
                == Instant(year: 2024, month: 11, day: 21, hour: 16, minute: 31, second: 27, micro: micro))
    }

    @Test func extraDigitsAreTruncatedNotRounded() throws {
        #expect(
            try startDate("2024-12-31T23:59:59.999999999Z")
                == Instant(year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 59, micro: 999_999))
        #expect(try startDate("2024-12-31T23:59:59.9999999Z")?.isoDate == "2024-12-31")
    }

    @Test func offsets() throws {
        #expect(try startDate("2024-01-01T05:30:00+05:30") == T.instant("2024-01-01T00:00:00Z"))
        #expect(try startDate("2023-12-31T16:00:00.5-08:00") == T.instant("2024-01-01T00:00:00.5Z"))
        #expect(try startDate("2024-01-01T00:00:00.123456789+00:00") == T.instant("2024-01-01T00:00:00.123456Z"))
    }

    @Test func escapedDate() throws {
        #expect(try startDate(#"2024-01-01T00:00:00\u005A"#) == T.instant("2024-01-01T00:00:00Z"))
    }

    @Test func stringEscapesDecodeToSwiftStrings() throws {
        let r = try T.execution(
            T.minimal(extra: #","labels":[{"key":"k","value":"a\nb\"c\\d\/e\u00e9\ud83d\ude00\t\u0001"}]"#))
        #expect(r.labels[0].value == "a\nb\"c\\d/eé😀\t\u{1}")
    }

    @Test func rawUnicodeIsKept() throws {
        let r = try T.execution(T.minimal(extra: #","labels":[{"key":"ключ","value":"値 ✓ 😀"}]"#))
        #expect(r.labels == [Label("ключ", "値 ✓ 😀")])
    }

    // MARK: Canonical inputs

    private func inputs(_ json: String) throws -> String {
        try T.execution(T.minimal(extra: #","inputs":\#(json)"#)).inputsJSON
    }

    @Test func inputsAreSortedByCodePointAtEveryLevel() throws {
        #expect(
            try inputs(#"{"b":1,"a":{"z":[{"y":1,"x":2}],"Z":true,"é":null,"e":"s"},"B":[3,1,2]}"#)
                == #"{"B":[3,1,2],"a":{"Z":true,"e":"s","z":[{"x":2,"y":1}],"é":null},"b":1}"#)
        // Code point order, not UTF-16 order: U+FF5E sorts before U+1F600.
        #expect(try inputs(#"{"😀":1,"～":2}"#) == #"{"～":2,"😀":1}"#)
        // Keys compare on their text, not on their escaped form: `"` (0x22) sorts before `#` (0x23).
        #expect(try inputs(#"{"a#":1,"a\"":2}"#) == #"{"a\"":2,"a#":1}"#)
    }

    @Test func emptyAndAbsentInputs() throws {
        #expect(try inputs("{}") == "{}")
        #expect(try inputs(" { } ") == "{}")
        #expect(try T.execution(T.minimal()).inputsJSON == "{}")
    }

    @Test func inputStringsAreReescapedMinimally() throws {
        #expect(
            try inputs(#"{"s":"J\u00fcrgen \/ Ops, \"q\"\nline\ttab\u0001\u007f \ud83d\ude00"}"#)
                == "{\"s\":\"Jürgen / Ops, \\\"q\\\"\\nline\\ttab\\u0001\u{7f} 😀\"}")
        #expect(try inputs(#"{"comma,key":"a,b","quote\"key":"x"}"#) == #"{"comma,key":"a,b","quote\"key":"x"}"#)
    }

    @Test func inputStringsMatchCanonicalJSONAppendString() throws {
        var scalars = (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) }
        scalars += ["é", "ü", "/", "😀", "\u{2028}", "\u{FEFF}"]
        for s in scalars {
            var expected: [UInt8] = Array("{\"v\":".utf8)
            CanonicalJSON.appendString(s, to: &expected)
            expected.append(UInt8(ascii: "}"))
            // Feed the character both escaped as \uXXXX and raw (when JSON allows it raw).
            let escaped = s.utf16.map {
                "\\u" + String(repeating: "0", count: 4 - String($0, radix: 16).count) + String($0, radix: 16)
            }.joined()
            #expect(try inputs(#"{"v":"\#(escaped)"}"#) == String(decoding: expected, as: UTF8.self))
            if s.unicodeScalars.first.map({ $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }) == true {
                #expect(try inputs(#"{"v":"\#(s)"}"#) == String(decoding: expected, as: UTF8.self))
            }
        }
    }

    @Test func inputNumbers() throws {
        #expect(
            try inputs(#"{"a":2.0,"b":-0.0,"c":1e3,"d":2.50,"e":-12,"f":0.5,"g":1.0E+2,"h":100.000,"i":-3.00,"j":0}"#)
                == #"{"a":2,"b":0,"c":1e3,"d":2.50,"e":-12,"f":0.5,"g":1.0E+2,"h":100,"i":-3,"j":0}"#)
    }

    @Test func repeatedInputKeysKeepTheLastValue() throws {
        #expect(try inputs(#"{"a":1,"b":2,"a":3}"#) == #"{"a":3,"b":2}"#)
    }

    @Test func inputsWithWhitespaceAndNesting() throws {
        #expect(
            try inputs("{\n  \"list\" : [ 1 , [ ] , { } , \"x\" ] ,\n  \"t\" : true , \"f\" : false , \"n\" : null\n}")
                == #"{"f":false,"list":[1,[],{},"x"],"n":null,"t":true}"#)
    }
}
