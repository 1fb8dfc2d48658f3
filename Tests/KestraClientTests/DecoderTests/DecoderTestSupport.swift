import AppTrailModel

@testable import KestraClient

/// Helpers that run the decoder on Swift strings or raw bytes and turn failures into their message.
enum DecoderTestSupport {
    static func execution(_ json: String) throws -> ExecutionRecord {
        try execution(bytes: Array(json.utf8))
    }

    static func execution(bytes: [UInt8]) throws -> ExecutionRecord {
        try bytes.withUnsafeBytes { raw in try ExecutionPageDecoder.decodeExecution(raw) }
    }

    static func page(_ json: String) throws -> ExecutionPage {
        try Array(json.utf8).withUnsafeBytes { raw in try ExecutionPageDecoder.decodePage(raw) }
    }

    static func outputs(_ json: String) throws -> PauseTaskRun? {
        try Array(json.utf8).withUnsafeBytes { raw in try ExecutionPageDecoder.decodeOutputs(raw).pause }
    }

    /// The batches `decodeDocument` hands out.
    static func document(_ json: String, batchSize: Int = 1000) throws -> [[ExecutionRecord]] {
        try document(bytes: Array(json.utf8), batchSize: batchSize)
    }

    static func document(bytes: [UInt8], batchSize: Int = 1000) throws -> [[ExecutionRecord]] {
        var batches: [[ExecutionRecord]] = []
        try bytes.withUnsafeBytes { raw in
            try ExecutionPageDecoder.decodeDocument(raw, batchSize: batchSize) { batches.append($0) }
        }
        return batches
    }

    /// The description of the `DecodeError` decoding throws, nil when it succeeds.
    static func failure<R>(_ body: () throws -> R) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as DecodeError {
            return error.description
        } catch {
            return "not a DecodeError: \(error)"
        }
    }

    static func executionError(_ json: String) -> String? { failure { try execution(json) } }
    static func executionError(bytes: [UInt8]) -> String? { failure { try execution(bytes: bytes) } }

    /// A minimal valid execution with `extra` members appended and `state` replaceable.
    static func minimal(
        id: String = "e1", extra: String = "",
        state: String = #"{"current":"SUCCESS","histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z"}]}"#
    ) -> String {
        #"{"id":"\#(id)","namespace":"ns","flowId":"f","state":\#(state)\#(extra)}"#
    }

    /// The byte offset of the first occurrence of `needle` in `haystack`.
    static func offset(of needle: String, in haystack: String) -> Int {
        let h = Array(haystack.utf8)
        let n = Array(needle.utf8)
        for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n { return i }
        return -1
    }

    static func instant(_ iso: String) -> Instant {
        Instant(iso: iso) ?? Instant(micros: Int64.min)
    }
}
