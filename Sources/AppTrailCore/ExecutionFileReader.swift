import AppTrailModel
import Foundation
import KestraClient

/// Reads an import file in batches: pages and arrays whole, NDJSON in chunks, so that memory stays
/// bounded by one batch whatever the size of an NDJSON file.
enum ExecutionFileReader {
    static let chunkSize = 4 << 20
    static let batchSize = 1000

    /// Hands `body` the file's executions a batch at a time; `consumed` hears of the bytes decoded so far.
    static func read(
        file: String, stdin: () -> Data, consumed: (Int) -> Void = { _ in },
        _ body: ([ExecutionRecord]) throws -> Void
    ) throws {
        let name = file == "-" ? "stdin" : file
        do {
            if file == "-" {
                let data = stdin()
                try data.withUnsafeBytes { try ExecutionPageDecoder.decodeDocument($0, batchSize: batchSize, body) }
                consumed(data.count)
                return
            }
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw Problem(.noInput, "cannot read \(file): no such file or not readable")
            }
            defer { try? handle.close() }
            let first = handle.readData(ofLength: chunkSize)
            if first.count < chunkSize || isOneDocument(first) {
                var all = first
                if first.count == chunkSize { all.append(handle.readDataToEndOfFile()) }
                try all.withUnsafeBytes { try ExecutionPageDecoder.decodeDocument($0, batchSize: batchSize, body) }
                consumed(all.count)
                return
            }
            var stream = ExecutionPageDecoder.NDJSONStream(batchSize: batchSize)
            var chunk = first
            while !chunk.isEmpty {
                try chunk.withUnsafeBytes { try stream.feed($0, body) }
                consumed(chunk.count)
                chunk = handle.readData(ofLength: chunkSize)
            }
            try stream.finish(body)
        } catch let error as DecodeError {
            throw Problem(.dataError, "\(name): \(error)")
        }
    }

    /// Whether a large file is one JSON document (an array, or a search page) rather than NDJSON.
    static func isOneDocument(_ head: Data) -> Bool {
        var bytes = head.prefix(4096).drop(while: {
            $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF
        })
        guard let c = bytes.first else { return true }
        if c == UInt8(ascii: "[") { return true }
        guard c == UInt8(ascii: "{") else { return false }
        bytes = bytes.dropFirst().drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        return bytes.starts(with: Array(#""results""#.utf8))
    }
}
