import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// NDJSON fed in chunks gives the same records, batches and error locations as the whole file.
@Suite struct DecoderStreamTests {
    private func stream(_ bytes: [UInt8], chunkSize: Int, batchSize: Int) throws -> [[String]] {
        var stream = ExecutionPageDecoder.NDJSONStream(batchSize: batchSize)
        var batches: [[String]] = []
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(i + chunkSize, bytes.count)])
            try chunk.withUnsafeBytes { try stream.feed($0) { batches.append($0.map(\.id)) } }
            i += chunkSize
        }
        try stream.finish { batches.append($0.map(\.id)) }
        return batches
    }

    /// Seven small executions separated by CRLF and blank lines, then a full 1.x execution on one line.
    private var lines: String {
        let small = (0..<7).map {
            T.minimal(id: "r\($0)", extra: #","taskRunList":[{"id":"p","outputs":{"onResume":{"é":"ü"}}}]"#)
        }
        return small.joined(separator: "\r\n\r\n") + "\n"
            + DecoderFixtures.full1x.split(separator: "\n").joined(separator: " ")
    }

    @Test(arguments: [1, 2, 7, 64, 1000, 100_000])
    func chunksOfAnySize(chunkSize: Int) throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(lines.utf8)
        let whole = try T.document(bytes: bytes, batchSize: 3).map { $0.map(\.id) }
        #expect(whole == [["r0", "r1", "r2"], ["r3", "r4", "r5"], ["r6", "5Yq8xWmV2Rk3tHnB7cLpQd"]])
        #expect(try stream(bytes, chunkSize: chunkSize, batchSize: 3) == whole)
    }

    @Test(arguments: [1, 5, 33, 4096])
    func errorLocationsAcrossChunks(chunkSize: Int) {
        let text =
            T.minimal(id: "a") + "\n\n" + T.minimal(id: "b") + "\r\n" + T.minimal(id: "c", extra: #","kind":[]"#) + "\n"
            + T.minimal(id: "d")
        let expected = "line 4 (id c): 'kind' must be a string, not an array (byte \(T.offset(of: "[]", in: text)))"
        #expect(T.failure { try T.document(text) } == expected)
        #expect(T.failure { try stream(Array(text.utf8), chunkSize: chunkSize, batchSize: 2) } == expected)
    }

    @Test func lastLineWithoutBreakAndTruncation() throws {
        #expect(
            try stream(Array((T.minimal(id: "a") + "\n" + T.minimal(id: "b")).utf8), chunkSize: 10, batchSize: 10) == [
                ["a", "b"]
            ])
        let cut = T.minimal(id: "a") + "\n" + #"{"id":"b","na"#
        #expect(
            T.failure { try stream(Array(cut.utf8), chunkSize: 4, batchSize: 10) }
                == "line 2 (id b): byte \(cut.utf8.count): unexpected end of input")
        #expect(try stream([], chunkSize: 1, batchSize: 1).isEmpty)
    }

    @Test func lineBreakCount() {
        let text = Array("a\nb\n\n\r\n12345678\n\n\n\n\n\n\n\n\n\u{0B}\u{8A}x".utf8)
        #expect(
            text.withUnsafeBytes { ExecutionPageDecoder.NDJSONStream.lineBreaks(in: $0) }
                == text.filter { $0 == 0x0A }.count)
    }
}
