import AppTrailModel

extension ExecutionPageDecoder.Reader {
    /// Where a pull over a multi-execution document stands.
    struct Cursor {
        enum Form { case page, array, lines }
        var form: Form = .lines
        /// Inside the page's `results` array.
        var inResults = false
        var sawResults = false
        /// The page object's `}` has been read.
        var closed = false
        var firstKey = true
        var firstElement = true
        var index = 0
        var total: Int64?
        /// Lines before this buffer, for NDJSON streamed in chunks.
        var lineBase = 0
        /// The index of each execution id of a page or array so far, to refuse one that comes twice.
        var seenIds: [String: Int] = [:]
    }

    // MARK: Pages

    /// Opens a page object and moves into its `results` array.
    mutating func openPage() throws(DecodeError) {
        cursor = Cursor()
        cursor.form = .page
        do throws(DecodeError) { try enterObject() } catch {
            var e = error
            if e.kind == .invalidValue { e.message = "a page must be an object, not \(json.valueKindName())" }
            throw e
        }
        _ = try advanceToResults()
    }

    /// Reads page members until `results` opens (true) or the page object closes (false).
    private mutating func advanceToResults() throws(DecodeError) -> Bool {
        guard !cursor.closed else { return false }
        while let key = try json.nextKey(&cursor.firstKey) {
            do throws(DecodeError) {
                if try json.consumeNull() { continue }
                switch json.field(key) {
                case .results:
                    try enterArray()
                    cursor.inResults = true
                    cursor.sawResults = true
                    cursor.firstElement = true
                    cursor.index = 0
                    return true
                case .total:
                    cursor.total = try integer()
                default:
                    try json.skipValue()
                }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        cursor.closed = true
        return false
    }

    /// The next execution of the page's `results`, nil after the page object closed.
    mutating func nextPageExecution() throws(DecodeError) -> ExecutionRecord? {
        while true {
            if cursor.inResults {
                if try json.nextElement(&cursor.firstElement) {
                    let index = cursor.index
                    cursor.index += 1
                    if try json.consumeNull() { continue }
                    do throws(DecodeError) {
                        return try uniqueExecution(index: index, name: { "results[\($0)]" })
                    } catch { throw error.within("results[\(index)]") }
                }
                cursor.inResults = false
            }
            if try advanceToResults() { continue }
            guard cursor.sawResults else {
                throw DecodeError(
                    .invalidValue, "is missing", byteOffset: json.offsetBase + json.pos - 1, path: [.key("results")])
            }
            return nil
        }
    }

    /// Decodes a whole page object at `pos`, handing each execution to `emit`; returns `total`.
    mutating func page(_ emit: (ExecutionRecord) -> Void) throws(DecodeError) -> Int64? {
        try openPage()
        while let record = try nextPageExecution() { emit(record) }
        return cursor.total
    }

    /// The execution at `pos`, refused when an earlier one of the same page or array has its id.
    ///
    /// A page that holds one execution twice, possibly with different contents, cannot be trusted:
    /// which copy is right is unknowable, so the whole page is refused rather than one copy kept.
    /// (Across pages, offset paging legitimately repeats executions; that is the caller's business.)
    private mutating func uniqueExecution(index: Int, name: (Int) -> String) throws(DecodeError) -> ExecutionRecord {
        let start = json.pos
        let record = try execution()
        if let first = cursor.seenIds.updateValue(index, forKey: record.id) {
            cursor.seenIds[record.id] = first
            throw DecodeError(
                .invalidValue, "is also the id of \(name(first)): a page must not hold an execution twice",
                byteOffset: json.offsetBase + start, path: [.key("id")], executionId: record.id)
        }
        return record
    }

    // MARK: Arrays and NDJSON

    /// Opens a JSON array of executions.
    mutating func openArray() throws(DecodeError) {
        cursor = Cursor()
        cursor.form = .array
        try enterArray()
    }

    /// The next execution of the array, nil after `]`.
    mutating func nextArrayExecution() throws(DecodeError) -> ExecutionRecord? {
        while try json.nextElement(&cursor.firstElement) {
            let index = cursor.index
            cursor.index += 1
            if try json.consumeNull() { continue }
            do throws(DecodeError) { return try uniqueExecution(index: index, name: { "[\($0)]" }) } catch {
                throw error.within("[\(index)]")
            }
        }
        return nil
    }

    /// The next execution of NDJSON (one per line, blank lines skipped), nil at the end of input.
    ///
    /// An execution must end its line: only spaces, tabs or `\r` may follow it before `\n`.
    mutating func nextLineExecution() throws(DecodeError) -> ExecutionRecord? {
        json.skipWhitespace()
        guard json.pos < json.count else { return nil }
        let start = json.pos
        do throws(DecodeError) {
            let record = try execution()
            while json.pos < json.count {
                let c = json.bytes[json.pos]
                if c == 0x0A { break }
                guard c == 0x20 || c == 0x09 || c == 0x0D else {
                    throw DecodeError(
                        .syntax, "expected a line break after the execution, found \(JSONScanner.describe(c))",
                        byteOffset: json.offsetBase + json.pos, executionId: record.id)
                }
                json.pos += 1
            }
            return record
        } catch {
            // A pretty-printed execution spans lines: name the line of the bad byte, and where it began.
            let first = lineNumber(at: start)
            let bad = error.byteOffset.map { lineNumber(at: $0 - json.offsetBase) } ?? first
            throw error.within(
                bad == first ? "line \(first)" : "line \(bad) (in the execution that starts on line \(first))")
        }
    }

    /// The 1-based line of byte `i` of this buffer.
    @inline(never)
    func lineNumber(at i: Int) -> Int {
        var line = cursor.lineBase + 1
        for k in 0..<min(i, json.count) where json.bytes[k] == 0x0A { line += 1 }
        return line
    }

    // MARK: Whole documents

    /// Decodes an import file (page, array, single execution or NDJSON), handing executions to `emit`.
    mutating func document(_ emit: (ExecutionRecord) throws -> Void) throws {
        // A UTF-8 byte-order mark, as some Windows editors write, is not JSON but harmless.
        if json.count >= 3, json.bytes[0] == 0xEF, json.bytes[1] == 0xBB, json.bytes[2] == 0xBF { json.pos = 3 }
        json.skipWhitespace()
        guard json.pos < json.count else { return }
        switch json.bytes[json.pos] {
        case UInt8(ascii: "["):
            try openArray()
            while let record = try nextArrayExecution() { try emit(record) }
            try json.expectEnd()
        case UInt8(ascii: "{") where startsPage():
            try openPage()
            while let record = try nextPageExecution() { try emit(record) }
            try json.expectEnd()
        case UInt8(ascii: "{"):
            cursor = Cursor()
            while let record = try nextLineExecution() { try emit(record) }
        default:
            throw json.unexpected("a page object, an array of executions or NDJSON executions")
        }
    }

    /// Whether the object at `pos` has a top-level `results` key (a page, not an execution). Reads
    /// ahead on a copy of the scanner and stops at `results`, which Kestra writes first.
    func startsPage() -> Bool {
        var probe = json
        do throws(DecodeError) {
            try probe.enterObject()
            var first = true
            while let key = try probe.nextKey(&first) {
                if probe.field(key) == .results { return true }
                try probe.skipValue()
            }
        } catch {
            // Malformed: decode it as an execution, whose decoder reports the error properly.
        }
        return false
    }
}
