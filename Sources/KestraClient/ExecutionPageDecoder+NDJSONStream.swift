import AppTrailModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ExecutionPageDecoder {
    /// Decodes NDJSON that arrives in pieces (a file read chunk by chunk, a response body streamed),
    /// so that neither the whole file nor all its records are ever in memory at once.
    ///
    /// Feed chunks of any size and in order; each complete line is decoded as soon as its line break
    /// arrives, and records are handed to `body` in batches of at most `batchSize`. Call `finish` after
    /// the last chunk for a last line without a line break and the last partial batch. Each execution
    /// must sit on one line (blank lines, CRLF and a leading byte-order mark are fine). Error messages
    /// give lines and byte offsets within the whole stream.
    ///
    /// ```swift
    /// var stream = ExecutionPageDecoder.NDJSONStream(batchSize: 1000)
    /// while let chunk = try file.read(upToCount: 1 << 20) {
    ///     try chunk.withUnsafeBytes { try stream.feed($0, store) }
    /// }
    /// try stream.finish(store)
    /// ```
    public struct NDJSONStream {
        /// The most records handed to `body` at once.
        public let batchSize: Int
        /// The incomplete last line of the chunks fed so far.
        private var pending: [UInt8] = []
        private var batch: [ExecutionRecord] = []
        /// Bytes and line breaks of the stream already decoded, for error locations.
        private var consumedBytes = 0
        private var consumedLines = 0
        /// One reader's string cache, carried from chunk to chunk.
        private var strings = StringInterner()

        public init(batchSize: Int = 1000) {
            self.batchSize = max(1, batchSize)
            batch.reserveCapacity(min(self.batchSize, 4096))
        }

        /// Decodes the complete lines `chunk` finishes; keeps its trailing partial line for later.
        public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: ([ExecutionRecord]) throws -> Void) throws {
            guard let lastBreak = chunk.lastIndex(of: 0x0A) else {
                pending.append(contentsOf: chunk)
                return
            }
            var start = 0
            if !pending.isEmpty {
                // Finish the carried-over line on its own, so the rest of the chunk is decoded in place
                // instead of being copied behind it.
                let firstBreak = chunk.firstIndex(of: 0x0A) ?? lastBreak
                pending.append(contentsOf: chunk[...firstBreak])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try line.withUnsafeBytes { try decodeLines($0, body) }
                start = firstBreak + 1
            }
            if start <= lastBreak {
                try decodeLines(UnsafeRawBufferPointer(rebasing: chunk[start...lastBreak]), body)
            }
            pending.append(contentsOf: chunk[(lastBreak + 1)...])
        }

        /// Decodes a last line left without a line break and hands out the last partial batch.
        public mutating func finish(_ body: ([ExecutionRecord]) throws -> Void) throws {
            if !pending.isEmpty {
                let rest = pending
                pending.removeAll()
                try rest.withUnsafeBytes { try decodeLines($0, body) }
            }
            if !batch.isEmpty {
                let out = batch
                batch.removeAll(keepingCapacity: true)
                try body(out)
            }
        }

        private mutating func decodeLines(_ bytes: UnsafeRawBufferPointer, _ body: ([ExecutionRecord]) throws -> Void)
            throws
        {
            var reader = Reader(bytes, offsetBase: consumedBytes)
            reader.cursor.lineBase = consumedLines
            swap(&reader.strings, &strings)
            defer { swap(&reader.strings, &strings) }
            if consumedBytes == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                reader.json.pos = 3
            }
            while let record = try reader.nextLineExecution() {
                batch.append(record)
                if batch.count >= batchSize {
                    let out = batch
                    batch.removeAll(keepingCapacity: true)
                    try body(out)
                }
            }
            consumedBytes += bytes.count
            consumedLines += NDJSONStream.lineBreaks(in: bytes)
        }

        /// The number of `\n` bytes. NDJSON has few of them (one per record), so hopping from one to the
        /// next with libc's vectorised `memchr` beats reading every byte.
        static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
            guard let base = bytes.baseAddress else { return 0 }
            var count = 0
            var p = base
            let end = base + bytes.count
            while p < end, let hit = memchr(p, 0x0A, end - p) {
                count += 1
                p = UnsafeRawPointer(hit) + 1
            }
            return count
        }
    }
}
