import AppTrailModel

/// Decodes Kestra execution payloads straight from bytes into `ExecutionRecord`s.
///
/// Lenient where real servers differ (unknown fields, omitted or null fields, labels as a list or a map,
/// `state.duration` as a string or a number, 0-9 fraction digits, unknown state types, no
/// `taskRunList`), strict where the data would be wrong (missing `id`/`namespace`/`flowId`/
/// `state.current`, malformed dates, wrong types, invalid JSON or UTF-8). Only the fields apptrail
/// keeps are materialised; everything else is validated and skipped without building values.
///
/// Every entry point reads the whole input and rejects trailing data. Errors are `DecodeError`s that
/// say what and where in one line.
public enum ExecutionPageDecoder {
    /// Decodes a search page, `{"results": [...], "total": n}`.
    ///
    /// `results` is required; `total` may be absent or null.
    public static func decodePage(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> ExecutionPage {
        var reader = Reader(bytes)
        _ = try reader.json.nextNonWhitespace()
        var results: [ExecutionRecord] = []
        let total = try reader.page { results.append($0) }
        try reader.json.expectEnd()
        return ExecutionPage(results: results, total: total)
    }

    /// Decodes one execution object, as `GET /api/v1/{tenant}/executions/{id}` returns it.
    public static func decodeExecution(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> ExecutionRecord {
        var reader = Reader(bytes)
        _ = try reader.json.nextNonWhitespace()
        let record = try reader.execution()
        try reader.json.expectEnd()
        return record
    }

    /// Decodes the 2.0 outputs list, `GET /api/v1/{tenant}/outputs/{executionId}`:
    /// `[{taskId, taskRunId, value, iteration, inline}]`.
    ///
    /// - Returns: the task run ids in order, and the last entry whose `value` holds `onResume` or
    ///   `resumed` (its `taskRunId` and `value.resumed.by`) when the listing carries values inline.
    public static func decodeOutputs(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> OutputsListing {
        var reader = Reader(bytes)
        _ = try reader.json.nextNonWhitespace()
        let listing = try reader.outputsList()
        try reader.json.expectEnd()
        return listing
    }

    /// Decodes one task run's outputs map (2.0's `GET .../outputs/{executionId}/{taskRunId}`): a Pause task
    /// run when it holds `onResume` or `resumed`, else nil.
    public static func decodeTaskRunOutputs(_ bytes: UnsafeRawBufferPointer, taskRunId: String) throws(DecodeError)
        -> PauseTaskRun?
    {
        var reader = Reader(bytes)
        _ = try reader.json.nextNonWhitespace()
        let pause = try reader.taskRunOutputs(taskRunId: taskRunId)
        try reader.json.expectEnd()
        return pause
    }

    /// Decodes a file for `apptrail import` and hands its executions to `body` in batches of at most
    /// `batchSize`, in file order, so a large file never becomes one array of records.
    ///
    /// Accepted forms: a search page object, a JSON array of executions, a single execution object,
    /// or NDJSON (one execution per line; blank lines, CRLF line ends and a leading UTF-8 byte-order
    /// mark are fine). An empty file yields nothing. For files too large to map at once, see
    /// `NDJSONStream`.
    ///
    /// - Throws: `DecodeError` for the first bad execution (batches before it have been delivered), or
    ///   whatever `body` throws.
    public static func decodeDocument(
        _ bytes: UnsafeRawBufferPointer, batchSize: Int, _ body: ([ExecutionRecord]) throws -> Void
    ) throws {
        let size = max(1, batchSize)
        var batch: [ExecutionRecord] = []
        batch.reserveCapacity(min(size, 4096))
        var reader = Reader(bytes)
        try reader.document { record in
            batch.append(record)
            if batch.count >= size {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }
}
