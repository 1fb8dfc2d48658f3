import AppTrailModel
import Foundation
import KestraClient

/// Reads an import file in batches: small files whole (a page, an array or NDJSON), large NDJSON files
/// in chunks cut at line ends, so memory stays bounded whatever the file size.
enum ExecutionFileReader {
    static let chunkSize = 16 << 20
    static let batchSize = 1000

    static func read(file: String, stdin: () -> Data, _ body: ([ExecutionRecord]) throws -> Void) throws {
        let name = file == "-" ? "stdin" : file
        if file == "-" {
            let data = stdin()
            try decode(data, name: name, firstLine: 1, body)
            return
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw InputError(.noInput, "cannot read \(file): no such file or not readable")
        }
        defer { try? handle.close() }
        var pending = Data()
        var firstLine = 1
        var first = true
        while true {
            let chunk = handle.readData(ofLength: chunkSize)
            if first {
                first = false
                // Arrays and pretty-printed pages are one document: read them whole.
                if let c = chunk.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), c == UInt8(ascii: "[") || chunk.count < chunkSize {
                    var all = chunk
                    if chunk.count == chunkSize { all.append(handle.readDataToEndOfFile()) }
                    try decode(all, name: name, firstLine: 1, body)
                    return
                }
            }
            if chunk.isEmpty {
                if !pending.isEmpty { try decode(pending, name: name, firstLine: firstLine, body) }
                return
            }
            pending.append(chunk)
            guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
            let complete = pending[pending.startIndex...lastNewline]
            try decode(Data(complete), name: name, firstLine: firstLine, body)
            firstLine += complete.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            pending = Data(pending[(lastNewline + 1)...])
        }
    }

    private static func decode(_ data: Data, name: String, firstLine: Int, _ body: ([ExecutionRecord]) throws -> Void) throws {
        do {
            try data.withUnsafeBytes { raw in
                try ExecutionPageDecoder.decodeDocument(raw, batchSize: batchSize, body)
            }
        } catch let error as DecodeError {
            throw InputError(.dataError, "\(name)\(firstLine > 1 ? " (from line \(firstLine))" : ""): \(error)")
        }
    }
}
