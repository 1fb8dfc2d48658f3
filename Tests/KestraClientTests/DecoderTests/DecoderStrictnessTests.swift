import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Where data would be wrong, the decoder fails with a one-line message saying what and where.
@Suite struct DecoderStrictnessTests {
    @Test func requiredFields() {
        let state = #""state":{"current":"SUCCESS","startDate":"2024-01-01T00:00:00Z"}"#
        #expect(T.executionError(#"{"namespace":"ns","flowId":"f",\#(state)}"#) == "'id' is missing (byte 0)")
        #expect(T.executionError(#"{"id":"e1","flowId":"f",\#(state)}"#) == "id e1: 'namespace' is missing (byte 0)")
        #expect(T.executionError(#"{"id":"e1","namespace":"ns",\#(state)}"#) == "id e1: 'flowId' is missing (byte 0)")
        #expect(T.executionError(#"{"id":"e1","namespace":"ns","flowId":"f"}"#) == "id e1: 'state' is missing (byte 0)")
        #expect(
            T.executionError(#"{"id":"e1","namespace":"ns","flowId":"f","state":null}"#)
                == "id e1: 'state' is missing (byte 0)")
        #expect(T.executionError(#"{"id":null,"namespace":"ns","flowId":"f",\#(state)}"#) == "'id' is missing (byte 0)")
        let noCurrent = T.minimal(state: #"{"startDate":"2024-01-01T00:00:00Z"}"#)
        #expect(T.executionError(noCurrent) == "id e1: 'state.current' is missing (byte 0)")
    }

    @Test func historyEntriesNeedStateAndDate() {
        let noDate = T.minimal(
            state:
                #"{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z"},{"state":"SUCCESS"}]}"#
        )
        #expect(
            T.executionError(noDate)
                == "id e1: 'state.histories[1].date' is missing (byte \(T.offset(of: #"{"state":"SUCCESS"}"#, in: noDate)))"
        )
        let noState = T.minimal(state: #"{"current":"SUCCESS","histories":[{"date":"2024-01-01T00:00:00Z"}]}"#)
        #expect(
            T.executionError(noState)
                == "id e1: 'state.histories[0].state' is missing (byte \(T.offset(of: #"{"date""#, in: noState)))")
        let nullDate = T.minimal(state: #"{"current":"SUCCESS","histories":[{"state":"CREATED","date":null}]}"#)
        #expect(
            T.executionError(nullDate)
                == "id e1: 'state.histories[0].date' is missing (byte \(T.offset(of: #"{"state":"CREATED""#, in: nullDate)))"
        )
    }

    @Test func noHistoryAndNoStartDate() {
        let json = T.minimal(state: #"{"current":"CREATED","histories":[]}"#)
        #expect(
            T.executionError(json)
                == "id e1: 'state' has neither histories nor a startDate (byte \(T.offset(of: #"{"current""#, in: json)))"
        )
        #expect(T.executionError(T.minimal(state: #"{"current":"CREATED"}"#)) != nil)
    }

    @Test func datesMustBeISOInstants() {
        let json = T.minimal(
            state:
                #"{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z"},{"state":"RUNNING","date":"2024-01-01T00:00:01Z"},{"state":"SUCCESS","date":"yesterday"}]}"#
        )
        #expect(
            T.executionError(json)
                == #"id e1: 'state.histories[2].date' is not an ISO-8601 instant: "yesterday" (byte \#(T.offset(of: #""yesterday""#, in: json)))"#
        )
        let startDate = T.minimal(state: #"{"current":"SUCCESS","startDate":"2024-02-30T00:00:00Z"}"#)
        #expect(
            T.executionError(startDate)
                == #"id e1: 'state.startDate' is not an ISO-8601 instant: "2024-02-30T00:00:00Z" (byte \#(T.offset(of: #""2024-02-30"#, in: startDate)))"#
        )
        let number = T.minimal(state: #"{"current":"SUCCESS","startDate":1700000000}"#)
        #expect(
            T.executionError(number)
                == "id e1: 'state.startDate' must be a string, not a number (byte \(T.offset(of: "1700000000", in: number)))"
        )
    }

    @Test func aNumberWhereAStringIsRequired() {
        let json =
            #"{"id":"e1","namespace":42,"flowId":"f","state":{"current":"SUCCESS","startDate":"2024-01-01T00:00:00Z"}}"#
        #expect(T.executionError(json) == "id e1: 'namespace' must be a string, not a number (byte 23)")
        #expect(T.executionError(#"{"id":5}"#) == "'id' must be a string, not a number (byte 6)")
        let current = T.minimal(state: #"{"current":true,"startDate":"2024-01-01T00:00:00Z"}"#)
        #expect(
            T.executionError(current)
                == "id e1: 'state.current' must be a string, not a boolean (byte \(T.offset(of: "true", in: current)))")
        let labelKey = T.minimal(extra: #","labels":[{"key":1,"value":"v"}]"#)
        #expect(
            T.executionError(labelKey)
                == "id e1: 'labels[0].key' must be a string, not a number (byte \(T.offset(of: #"1,"value""#, in: labelKey)))"
        )
        let labelValue = T.minimal(extra: #","labels":[{"key":"k","value":{"x":1}}]"#)
        #expect(
            T.executionError(labelValue)
                == "id e1: 'labels[0].value' must be a string, a number or a boolean, not an object (byte \(T.offset(of: #"{"x""#, in: labelValue)))"
        )
        let noKey = T.minimal(extra: #","labels":[{"value":"v"}]"#)
        #expect(
            T.executionError(noKey)
                == "id e1: 'labels[0].key' is missing (byte \(T.offset(of: #"{"value""#, in: noKey)))")
        let labels = T.minimal(extra: #","labels":"a:b""#)
        #expect(
            T.executionError(labels)
                == "id e1: 'labels' must be a list or a map of labels, not a string (byte \(T.offset(of: #""a:b""#, in: labels)))"
        )
        let inputs = T.minimal(extra: #","inputs":[1]"#)
        #expect(
            T.executionError(inputs)
                == "id e1: 'inputs' must be an object, not an array (byte \(T.offset(of: "[1]", in: inputs)))")
        #expect(T.executionError("[]") == "an execution must be an object, not an array (byte 0)")
    }

    @Test func flowRevisionMustBeAnInteger() {
        let frac = T.minimal(extra: #","flowRevision":1.5"#)
        #expect(
            T.executionError(frac)
                == "id e1: 'flowRevision' is not an integer: 1.5 (byte \(T.offset(of: "1.5", in: frac)))")
        let huge = T.minimal(extra: #","flowRevision":99999999999999999999"#)
        #expect(
            T.executionError(huge)
                == "id e1: 'flowRevision' is out of range: 99999999999999999999 (byte \(T.offset(of: "9999", in: huge)))"
        )
    }

    @Test func invalidJSON() {
        #expect(T.executionError(#"{"id":"e1" "namespace":"ns"}"#) == "id e1: byte 11: expected ',' or '}', found '\"'")
        #expect(T.executionError(#"{"id":"e1",}"#) == "id e1: byte 11: expected a string key, found '}'")
        #expect(T.executionError(#"{"id" "e1"}"#) == "byte 6: expected ':', found '\"'")
        #expect(T.executionError(#"{id:"e1"}"#) == "byte 1: expected a string key, found 'i'")
        #expect(
            T.executionError(T.minimal(extra: #","x":[1,]"#)).map { $0.hasSuffix("expected a value, found ']'") }
                == true)
        #expect(
            T.executionError(T.minimal(extra: #","x":01"#)).map { $0.hasSuffix("expected ',' or '}', found '1'") }
                == true)
        #expect(
            T.executionError(T.minimal(extra: #","x":.5"#)).map { $0.hasSuffix("expected a value, found '.'") } == true)
        #expect(
            T.executionError(T.minimal(extra: #","x":1."#)).map {
                $0.hasSuffix("expected a digit after '.', found '}'")
            } == true)
        #expect(
            T.executionError(T.minimal(extra: #","x":tru"#)).map { $0.hasSuffix("expected 'true', found '}'") } == true)
        #expect(
            T.executionError(T.minimal(extra: #","x":'a'"#)).map { $0.hasSuffix("expected a value, found '''") } == true
        )
        #expect(T.executionError(#"{"id":"\x"}"#) == #"byte 7 in 'id': invalid escape '\x' inside a string"#)
        #expect(T.executionError(#"{"id":"\u12G4"}"#) == #"byte 11 in 'id': invalid \u escape: 'G' is not a hex digit"#)
    }

    @Test func trailingData() {
        let json = T.minimal() + " x"
        #expect(T.executionError(json) == "byte \(json.utf8.count - 1): unexpected data after the JSON value")
        #expect(
            T.executionError(T.minimal() + T.minimal())
                == "byte \(T.minimal().utf8.count): unexpected data after the JSON value")
    }

    @Test func truncatedInput() {
        let full = Array(T.minimal(extra: #","inputs":{"a":[1,{"b":"c"}]}"#).utf8)
        for length in 0..<full.count {
            let message = T.executionError(bytes: Array(full[0..<length]))
            #expect(message?.hasSuffix("unexpected end of input") == true, "cut at \(length): \(message ?? "decoded")")
        }
    }

    @Test(arguments: ["NaN", "Infinity", "-Infinity"])
    func nonFiniteNumbers(word: String) {
        let inRevision = T.minimal(extra: #","flowRevision":\#(word)"#)
        let at = T.offset(of: word == "-Infinity" ? "Infinity" : word, in: inRevision)
        #expect(
            T.executionError(inRevision)
                == "id e1: byte \(at) in 'flowRevision': NaN and Infinity are not valid JSON numbers")
        let inInputs = T.minimal(extra: #","inputs":{"x":\#(word)}"#)
        #expect(
            T.executionError(inInputs)?.hasSuffix("in 'inputs.x': NaN and Infinity are not valid JSON numbers") == true)
        let skipped = T.minimal(extra: #","other":[\#(word)]"#)
        #expect(T.executionError(skipped)?.hasSuffix("in 'other': NaN and Infinity are not valid JSON numbers") == true)
    }

    @Test func invalidUTF8() {
        for bad: [UInt8] in [
            [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x28, 0xA1], [0x80],
        ] {
            let bytes = Array(#"{"id":"a"#.utf8) + bad + Array(#"b","namespace":"ns"}"#.utf8)
            let hex = String(bad[0], radix: 16, uppercase: true)
            #expect(T.executionError(bytes: bytes) == "byte 8 in 'id': invalid UTF-8 (byte 0x\(hex)) inside a string")
        }
        // In a skipped field and in inputs too.
        let skipped = Array(T.minimal(extra: #","other":""#).utf8) + [0xFE] + Array(#""}"#.utf8)
        #expect(
            T.executionError(bytes: skipped)?.hasSuffix("in 'other': invalid UTF-8 (byte 0xFE) inside a string") == true
        )
        // Truncated sequence at the end of input.
        #expect(
            T.executionError(bytes: Array(#"{"id":"a"#.utf8) + [0xE2, 0x82])
                == "byte 10 in 'id': unexpected end of input")
    }

    @Test func loneSurrogatesInEscapes() {
        #expect(T.executionError(#"{"id":"\uD800"}"#) == #"byte 7 in 'id': lone surrogate \uD800 inside a string"#)
        #expect(T.executionError(#"{"id":"\udc00x"}"#) == #"byte 7 in 'id': lone surrogate \uDC00 inside a string"#)
        #expect(
            T.executionError(#"{"id":"\uD83D\u0041"}"#) == #"byte 7 in 'id': lone surrogate \uD83D inside a string"#)
        #expect(T.executionError(#"{"id":"\uD83Dx"}"#) == #"byte 7 in 'id': lone surrogate \uD83D inside a string"#)
    }

    @Test func rawControlCharactersInStrings() {
        #expect(
            T.executionError("{\"id\":\"a\nb\"}") == "byte 8 in 'id': raw control character byte 0x0A inside a string")
        #expect(
            T.executionError("{\"id\":\"a\tb\"}") == "byte 8 in 'id': raw control character byte 0x09 inside a string")
        #expect(
            T.executionError(bytes: Array("{\"id\":\"ab\u{0}\"}".utf8))
                == "byte 9 in 'id': raw control character byte 0x00 inside a string")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(
            T.executionError(T.minimal(extra: #","other":\#(deep)"#))?.hasSuffix(
                "in 'other': nesting deeper than 256 levels") == true)
        #expect(
            T.executionError(T.minimal(extra: #","inputs":{"a":\#(deep)"#))?.hasSuffix("nesting deeper than 256 levels")
                == true)
        #expect(T.failure { try T.page(deep) } == "a page must be an object, not an array (byte 0)")
        #expect(T.failure { try T.outputs(deep) } == "'[0]' must be an object, not an array (byte 1)")
        #expect(
            T.failure { try T.outputs("[{\"value\":" + deep) }
                == "byte 264 in '[0].value': nesting deeper than 256 levels")
        #expect(T.failure { try T.document(deep) } == "[0]: an execution must be an object, not an array (byte 1)")
        #expect(
            T.failure { try T.document(T.minimal(extra: #","other":\#(deep)"#)) }?.hasPrefix("line 1 (id e1): byte ")
                == true)
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(
            T.executionError(T.minimal(extra: #","other":\#(objects)"#))?.hasSuffix("nesting deeper than 256 levels")
                == true)
        // 255 levels inside an execution (itself one level) are fine.
        let ok = String(repeating: "[", count: 255) + String(repeating: "]", count: 255)
        #expect(T.executionError(T.minimal(extra: #","other":\#(ok)"#)) == nil)
        let tooDeep = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(T.executionError(T.minimal(extra: #","other":\#(tooDeep)"#)) != nil)
    }

    @Test func errorsNeverHoldTheWholeBody() throws {
        let long = String(repeating: "x", count: 5000)
        let message = T.executionError(#"{"id":"\#(long)","namespace":1}"#) ?? ""
        #expect(message.count < 200)
        #expect(message.hasPrefix("id xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…: 'namespace' must be a string"))
        let date = T.executionError(T.minimal(state: #"{"current":"SUCCESS","startDate":"\#(long)"}"#)) ?? ""
        #expect(date.count < 200)
    }
}
