import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Import files: NDJSON, arrays, pages and single executions, delivered in batches.
@Suite struct DecoderDocumentTests {
    private func ids(_ batches: [[ExecutionRecord]]) -> [[String]] { batches.map { $0.map(\.id) } }

    @Test func ndjsonWithBlankLinesAndCRLF() throws {
        let text =
            "\r\n" + T.minimal(id: "a") + "\r\n\r\n  \r\n" + T.minimal(id: "b") + "  \r\n" + T.minimal(id: "c") + "\n\n"
            + T.minimal(id: "d")
        #expect(ids(try T.document(text, batchSize: 3)) == [["a", "b", "c"], ["d"]])
        #expect(ids(try T.document(text + "\n", batchSize: 2)) == [["a", "b"], ["c", "d"]])
    }

    @Test func ndjsonOfAllGenerations() throws {
        let lines = [DecoderFixtures.full1x, DecoderFixtures.light20, DecoderFixtures.legacy022]
            .map { $0.split(separator: "\n").joined(separator: " ") }
        let batches = try T.document(lines.joined(separator: "\n"), batchSize: 10)
        #expect(batches.count == 1)
        #expect(
            batches[0]
                == (try [DecoderFixtures.full1x, DecoderFixtures.light20, DecoderFixtures.legacy022].map(T.execution)))
    }

    @Test func byteOrderMark() throws {
        #expect(ids(try T.document(bytes: [0xEF, 0xBB, 0xBF] + Array(T.minimal(id: "a").utf8))) == [["a"]])
    }

    @Test func arrayPageAndSingleExecution() throws {
        let array = "[\n" + T.minimal(id: "a") + ",\n" + T.minimal(id: "b") + ",null," + T.minimal(id: "c") + "\n]\n"
        #expect(ids(try T.document(array, batchSize: 2)) == [["a", "b"], ["c"]])
        let page = #"{"results":[\#(T.minimal(id: "a")),\#(T.minimal(id: "b"))],"total":2}"#
        #expect(ids(try T.document(page, batchSize: 1)) == [["a"], ["b"]])
        let totalFirst = #"{"total":2,"other":{"results":1},"results":[\#(T.minimal(id: "a"))]}"#
        #expect(ids(try T.document(totalFirst)) == [["a"]])
        #expect(ids(try T.document(DecoderFixtures.full1x)) == [["5Yq8xWmV2Rk3tHnB7cLpQd"]])
    }

    @Test func emptyDocuments() throws {
        #expect(try T.document("").isEmpty)
        #expect(try T.document(" \n\r\n").isEmpty)
        #expect(try T.document("[]").isEmpty)
        #expect(try T.document(#"{"results":[]}"#).isEmpty)
    }

    @Test func errorsNameTheLine() {
        let text = T.minimal(id: "a") + "\r\n\r\n" + T.minimal(id: "b", extra: #","flowRevision":"x""#) + "\n"
        let at = T.offset(of: #""x""#, in: text)
        #expect(
            T.failure { try T.document(text) }
                == "line 3 (id b): 'flowRevision' must be an integer, not a string (byte \(at))")
        let broken = T.minimal(id: "a") + "\n" + #"{"id":"b","#
        #expect(
            T.failure { try T.document(broken) } == "line 2 (id b): byte \(broken.utf8.count): unexpected end of input")
        let twoOnALine = T.minimal(id: "a") + " " + T.minimal(id: "b")
        #expect(
            T.failure { try T.document(twoOnALine) }
                == "line 1 (id a): byte \(T.minimal(id: "a").utf8.count + 1): expected a line break after the execution, found '{'"
        )
        #expect(
            T.failure {
                try T.document("[" + T.minimal(id: "a") + "," + T.minimal(id: "b", extra: #","kind":1"#) + "]")
            }?
            .hasPrefix("[1] (id b): 'kind' must be a string, not a number") == true)
        #expect(
            T.failure { try T.document("x") }
                == "byte 0: expected a page object, an array of executions or NDJSON executions, found 'x'")
        #expect(T.failure { try T.document("[" + T.minimal() + "] x") } != nil)
    }

    @Test func aPrettyPrintedExecutionNamesTheLineOfTheBadByte() {
        // As `curl ... | jq .` prints one execution, with a comma lost on its fifth line.
        let text = """
            {
              "id": "1KWLxLeaXEXNDaXWP7YSKA",
              "namespace": "company.team",
              "flowId": "myflow",
              "flowRevision": 1
              "state": {
                "current": "CREATED",
                "histories": [{"state": "CREATED", "date": "2024-07-12T05:07:28.447110427Z"}]
              }
            }

            """
        let at = T.offset(of: #""state": {"#, in: text)
        #expect(
            T.failure { try T.document(text) }
                == "line 6 (in the execution that starts on line 1) (id 1KWLxLeaXEXNDaXWP7YSKA): byte \(at): expected ',' or '}', found '\"'"
        )
        // A bad value names its own line too.
        let badDate = text.replacingOccurrences(of: "\"flowRevision\": 1\n", with: "\"flowRevision\": 1,\n")
            .replacingOccurrences(of: "2024-07-12T05:07:28.447110427Z", with: "yesterday")
        #expect(
            T.failure { try T.document(badDate) }?.hasPrefix(
                "line 8 (in the execution that starts on line 1) (id 1KWLxLeaXEXNDaXWP7YSKA): 'state.histories[0].date' is not an ISO-8601 instant"
            ) == true)
    }

    @Test func batchesBeforeAnErrorAreDelivered() {
        var seen: [String] = []
        let text = T.minimal(id: "a") + "\n" + T.minimal(id: "b") + "\n{\"id\":\"c\"}\n"
        let message = T.failure {
            try Array(text.utf8).withUnsafeBytes { raw in
                try ExecutionPageDecoder.decodeDocument(raw, batchSize: 1) { seen += $0.map(\.id) }
            }
        }
        #expect(seen == ["a", "b"])
        #expect(message == "line 3 (id c): 'namespace' is missing (byte \(T.offset(of: #"{"id":"c""#, in: text)))")
    }

    @Test func errorsFromTheBodyPassThrough() {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try Array(T.minimal().utf8).withUnsafeBytes { raw in
                try ExecutionPageDecoder.decodeDocument(raw, batchSize: 1) { _ in throw Stop() }
            }
        }
    }

    @Test func zeroBatchSizeMeansOne() throws {
        #expect(ids(try T.document(T.minimal(id: "a") + "\n" + T.minimal(id: "b"), batchSize: 0)) == [["a"], ["b"]])
    }
}
