import AppTrailModel
import Foundation
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// The hostile corpus of `Tests/Fixtures/hostile/pages`: every file decodes, as sync reads a search page
/// and as `apptrail import` reads a file, to exactly the outcome its line of `expected.tsv` gives, and
/// every refusal is a `DecodeError` of one line that says where.
@Suite struct DecoderHostileCorpusTests {
    /// One line of `expected.tsv`: a file and its outcomes (`ok: N` executions, or `error: MESSAGE`).
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var page: String
        var document: String
        var testDescription: String { file }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/hostile/pages")

    static let cases: [Case] = {
        let text = (try? String(contentsOf: folder.appendingPathComponent("expected.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(
                file: fields[0], page: fields.count > 1 ? fields[1] : "", document: fields.count > 2 ? fields[2] : "")
        }
    }()

    /// `ok: N` or `error: MESSAGE`, checking on the way that a message is one line giving the byte.
    static func outcome(_ body: () throws -> Int) -> String {
        do {
            return "ok: \(try body())"
        } catch let error as DecodeError {
            let text = error.description
            let oneLine = !text.contains { $0.isNewline }
            let saysWhere = error.byteOffset.map { text.contains("byte \($0)") } ?? false
            #expect(oneLine, "\(text.debugDescription)")
            #expect(saysWhere, "\(text) does not say where")
            return "error: \(text)"
        } catch {
            return "not a DecodeError: \(error)"
        }
    }

    @Test func everyFileOfTheCorpusHasAnExpectedOutcome() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0 != "expected.tsv"
        }.sorted()
        #expect(files.count >= 40)
        #expect(Self.cases.map(\.file) == files)
    }

    @Test(arguments: cases)
    func decodesToItsExpectedOutcome(_ c: Case) throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(c.file))
        let page = Self.outcome { try bytes.withUnsafeBytes { try ExecutionPageDecoder.decodePage($0).results.count } }
        #expect(page == c.page)
        let document = Self.outcome {
            var count = 0
            try bytes.withUnsafeBytes {
                try ExecutionPageDecoder.decodeDocument($0, batchSize: 1000) { count += $0.count }
            }
            return count
        }
        #expect(document == c.document)
        // Streamed in 4 KiB chunks, as a large NDJSON file is: a result or a one-line error, never a trap.
        let streamed = Self.outcome {
            var stream = ExecutionPageDecoder.NDJSONStream(batchSize: 10)
            var count = 0
            try bytes.withUnsafeBytes { raw in
                for start in stride(from: 0, to: raw.count, by: 4096) {
                    try stream.feed(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + 4096, raw.count)])) {
                        count += $0.count
                    }
                }
            }
            try stream.finish { count += $0.count }
            return count
        }
        #expect(streamed.hasPrefix("ok: ") || streamed.hasPrefix("error: "))
    }

    @Test func theExpectedMessagesSayWhatAndWhere() {
        let byFile = Dictionary(uniqueKeysWithValues: Self.cases.map { ($0.file, $0) })
        #expect(
            byFile["duplicate-ids.json"]?.page
                == "error: results[2] (id dup1): 'id' is also the id of results[0]: a page must not hold an execution twice (byte 491)"
        )
        #expect(
            byFile["duplicate-ids-array.json"]?.document
                == "error: [1] (id dup2): 'id' is also the id of [0]: a page must not hold an execution twice (byte 240)"
        )
        #expect(
            byFile["deep-inputs.json"]?.page
                == "error: results[0] (id x1): byte 514 in 'inputs.a[0][0][0][0][0][0]…(239 more)…[0][0][0][0][0][0][0]': nesting deeper than 256 levels"
        )
        #expect(
            byFile["deep-unknown-field.json"]?.page
                == "error: results[0] (id x1): byte 509 in 'extra': nesting deeper than 256 levels")
        #expect(byFile["bom-page.json"]?.page == "error: byte 0: expected a value, found a UTF-8 byte-order mark")
        #expect(byFile["bom-page.json"]?.document == "ok: 1")
        #expect(
            byFile["nul-escaped-in-id.json"]?.page
                == #"error: results[0]: 'id' holds a NUL character (\u0000) (byte 18)"#)
        #expect(
            byFile["line-separator-in-id.json"]?.page
                == #"error: results[0] (id line\u{2028}sep\u{85}\u{202e}evil): 'flowRevision' must be an integer, not a boolean (byte 290)"#
        )
        #expect(byFile["histories-paused-overflow.json"]?.page == "ok: 1")
        #expect(byFile["empty.json"]?.page == "error: byte 0: unexpected end of input")
        #expect(byFile["empty.json"]?.document == "ok: 0")
    }

    // MARK: Tens of megabytes (built here rather than kept in the repository)

    static let huge = String(repeating: "x", count: 32 << 20)

    @Test func aHugeIdIsCutInTheMessage() {
        let json = #"{"results":[\#(T.minimal(id: Self.huge, extra: #","flowRevision":"7""#))]}"#
        let at = json.utf8.count - 6
        #expect(
            T.failure { try T.page(json) }
                == "results[0] (id \(String(repeating: "x", count: 40))…): 'flowRevision' must be an integer, not a string (byte \(at))"
        )
    }

    @Test func aHugeDateIsCutInTheMessage() {
        let json = #"{"results":[\#(T.minimal(state: #"{"current":"SUCCESS","startDate":"2026-\#(Self.huge)"}"#))]}"#
        let at = T.offset(of: #""2026-"#, in: json)
        #expect(
            T.failure { try T.page(json) }
                == #"results[0] (id e1): 'state.startDate' is not an ISO-8601 instant: "2026-\#(String(repeating: "x", count: 35))…" (byte \#(at))"#
        )
    }

    @Test func aHugeKeyIsCutInThePath() {
        let json = #"{"results":[\#(T.minimal(extra: #","\#(Self.huge)":NaN"#))]}"#
        let at = json.utf8.count - 6
        #expect(
            T.failure { try T.page(json) }
                == "results[0] (id e1): byte \(at) in '\(String(repeating: "x", count: 40))…': NaN and Infinity are not valid JSON numbers"
        )
    }

    @Test func hugeStringsInKeptAndSkippedFieldsDecode() throws {
        let json =
            #"{"results":[\#(T.minimal(extra: #","inputs":{"note":"\#(Self.huge)"},"other":"\#(Self.huge)""#))]}"#
        let page = try T.page(json)
        #expect(page.results.count == 1)
        #expect(page.results[0].inputsJSON.utf8.count == (32 << 20) + 11)
    }
}
