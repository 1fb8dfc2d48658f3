import AppTrailModel
import Foundation
import GRDB
import KestraClient
import Warehouse

/// One fuzz input, one response body: decoded the ways apptrail decodes bytes (a search page as sync
/// does, an import file as `apptrail import` does, NDJSON streamed in chunks, one execution), with the
/// records that come out ingested into a warehouse and read back.
///
/// Anything that breaks an invariant stops the process with `fatalError`, which libFuzzer records as a
/// crash with its input: a trap in the decoder or the warehouse, an error that is not a `DecodeError`, a
/// message that is not one line or does not say where, two decoders that disagree about the same bytes,
/// or rows that do not come back from the warehouse as they went in.
enum FuzzTarget {
    /// What one input did, for the replayer's summary.
    struct Outcome {
        var page = false
        var document = false
        var rows = 0
    }

    static let labelKeys = ExecutionFacts.defaultLabelKeys
    static let now = Instant(micros: 1_795_000_000_000_000)

    /// One warehouse per process, emptied before each ingest: opening and migrating costs far more than
    /// an input. In /dev/shm when there is one, so that the fuzzer does not wait on the disk.
    static let warehouse: Warehouse = {
        let folder = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = (folder as NSString).appendingPathComponent("apptrail-fuzz-\(getpid()).db")
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        FuzzTarget.warehousePath = strdup(path)
        atexit {
            guard let path = FuzzTarget.warehousePath else { return }
            for suffix in ["", "-wal", "-shm"] { unlink(String(cString: path) + suffix) }
        }
        do {
            return try Warehouse(path: path)
        } catch {
            fatalError("cannot open the fuzz warehouse \(path): \(error)")
        }
    }()

    /// The warehouse file, for the exit handler (a C function pointer captures nothing).
    nonisolated(unsafe) static var warehousePath: UnsafeMutablePointer<CChar>?

    /// Runs every decoder over `bytes` and checks the invariants.
    @discardableResult
    static func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var outcome = Outcome()

        // As sync reads a search page.
        var page: ExecutionPage?
        do {
            page = try ExecutionPageDecoder.decodePage(bytes)
        } catch {
            check(error, in: bytes, "decodePage")
        }
        if let page {
            outcome.page = true
            let ids = page.results.map(\.id)
            require(Set(ids).count == ids.count, "decodePage returned a repeated id")
            outcome.rows += ingest(page.results)
        }

        // As `apptrail import` reads a file whole (small batches, to cross batch boundaries).
        var records: [ExecutionRecord] = []
        do {
            try ExecutionPageDecoder.decodeDocument(bytes, batchSize: 3) { batch in
                require(!batch.isEmpty && batch.count <= 3, "decodeDocument handed out a batch of \(batch.count)")
                records += batch
            }
            outcome.document = true
        } catch let error as DecodeError {
            check(error, in: bytes, "decodeDocument")
        } catch {
            fatalError("decodeDocument threw \(type(of: error)), not a DecodeError: \(error)")
        }
        if let page {
            // A page is a page whichever way it is read.
            require(outcome.document && records == page.results, "decodePage and decodeDocument disagree on a page")
        }
        if outcome.document {
            outcome.rows += ingest(records)
        }

        // As `apptrail import` streams a large NDJSON file, cut in two at an input-chosen point. The
        // stream is stricter (an execution must sit on one line) and does not look for pages, so only
        // its successes on non-page input are compared.
        if bytes.count > 0, !contains(bytes, "results"), !contains(bytes, "\\u") {
            let cut = Int(bytes[0]) % (bytes.count + 1)
            var stream = ExecutionPageDecoder.NDJSONStream(batchSize: 2)
            var streamed: [ExecutionRecord] = []
            do {
                try stream.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<cut])) { streamed += $0 }
                try stream.feed(UnsafeRawBufferPointer(rebasing: bytes[cut...])) { streamed += $0 }
                try stream.finish { streamed += $0 }
                if bytes.first(where: {
                    $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF
                }) == UInt8(ascii: "{") {
                    require(
                        outcome.document && streamed == records,
                        "NDJSONStream decoded what decodeDocument refused or read differently")
                }
            } catch let error as DecodeError {
                check(error, in: bytes, "NDJSONStream")
            } catch {
                fatalError("NDJSONStream threw \(type(of: error)), not a DecodeError: \(error)")
            }
        }

        // As sync reads one execution by id.
        do {
            let record = try ExecutionPageDecoder.decodeExecution(bytes)
            _ = ExecutionRow(record, labelKeys: labelKeys, defaultTenant: "main")
        } catch {
            check(error, in: bytes, "decodeExecution")
        }
        return outcome
    }

    /// `NAME<TAB>page outcome<TAB>import outcome`, each `ok: N` (executions) or `error: MESSAGE`.
    static func describe(_ bytes: UnsafeRawBufferPointer, name: String) -> String {
        let page: String
        do {
            page = "ok: \(try ExecutionPageDecoder.decodePage(bytes).results.count)"
        } catch {
            page = "error: \(error)"
        }
        var count = 0
        var document: String
        do {
            try ExecutionPageDecoder.decodeDocument(bytes, batchSize: 1000) { count += $0.count }
            document = "ok: \(count)"
        } catch {
            document = "error: \(error)"
        }
        return "\(name)\t\(page)\t\(document)"
    }

    /// Stores `records` in the emptied warehouse and checks that every row comes back as it went in, the
    /// newest copy of a repeated id winning (the later one among copies as new). Returns the number of rows.
    static func ingest(_ records: [ExecutionRecord]) -> Int {
        let (rows, skipped) = ExecutionRow.rows(of: records, labelKeys: labelKeys, defaultTenant: "main")
        require(rows.count + skipped == records.count, "rows and skipped do not add up to the records")
        var last: [String: ExecutionRow] = [:]
        var stale = 0
        for row in rows {
            guard let kept = last[row.id] else {
                last[row.id] = row
                continue
            }
            if row.freshness < kept.freshness {
                stale += 1
                continue
            }
            var replacing = row
            // A copy that cannot tell who decided keeps who an earlier copy said decided the same decision.
            if !row.decidedByKnown && row.decidedAt == kept.decidedAt { replacing.decidedBy = kept.decidedBy }
            last[row.id] = replacing
        }
        do {
            try warehouse.write { db in try db.execute(sql: "DELETE FROM executions") }
            let counts = try warehouse.ingest(rows, skipped: skipped, now: now)
            require(
                counts.inserted == last.count && counts.stale == stale
                    && counts.inserted + counts.updated + counts.unchanged + counts.stale == rows.count,
                "ingest counted \(counts) for \(rows.count) rows with \(last.count) ids and \(stale) older copies")
            let stored = try warehouse.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, tenant, namespace, flow_id, app_id, kind, state, submitted_at, decided_by, submitted_by, inputs_json,
                            labels_json, state_history_json, paused_s FROM executions
                        """)
            }
            require(stored.count == last.count, "\(last.count) ids ingested, \(stored.count) stored")
            for row in stored {
                let id: String = row["id"]
                guard let sent = last[id] else { fatalError("the warehouse holds an id that was not ingested") }
                let texts: [String?] = [
                    "tenant", "namespace", "flow_id", "app_id", "kind", "state", "submitted_at", "decided_by",
                    "submitted_by", "inputs_json", "labels_json", "state_history_json",
                ].map { row[$0] }
                let sentTexts: [String?] = [
                    sent.tenant, sent.namespace, sent.flowId, sent.appId, sent.kind, sent.state, sent.submittedAt,
                    sent.decidedBy, sent.submittedBy, sent.inputsJSON, sent.labelsJSON, sent.stateHistoryJSON,
                ]
                let paused: Double = row["paused_s"]
                require(
                    texts == sentTexts && paused == sent.pausedS,
                    "a row came back different from how it went in")
            }
            // A second ingest of the same rows changes nothing, unless two copies as new as each other differ.
            let again = try warehouse.ingest(rows, skipped: skipped, now: now)
            require(
                again.inserted == 0 && (last.count < rows.count || again.updated == 0),
                "re-ingesting the same rows changed \(again)")
        } catch {
            fatalError("ingest failed: \(error)")
        }
        return rows.count
    }

    /// An error must be a `DecodeError` whose description is one line that says where.
    static func check(_ error: any Error, in bytes: UnsafeRawBufferPointer, _ decoder: String) {
        guard let error = error as? DecodeError else {
            fatalError("\(decoder) threw \(type(of: error)), not a DecodeError: \(error)")
        }
        let text = error.description
        require(!text.isEmpty, "\(decoder): an empty message")
        require(
            !text.contains(where: \.isNewline), "\(decoder): a message of more than one line: \(text.debugDescription)")
        require(text.count <= 1000, "\(decoder): a message of \(text.count) characters")
        guard let offset = error.byteOffset else { fatalError("\(decoder): no byte offset in \(text)") }
        require(
            offset >= 0 && offset <= bytes.count,
            "\(decoder): byte offset \(offset) outside the \(bytes.count) bytes: \(text)")
        require(text.contains("byte \(offset)"), "\(decoder): the message does not give the byte: \(text)")
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant broken: \(message())") }
    }

    static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        let p = needle.utf8Start
        outer: for i in 0...(bytes.count - n) {
            for k in 0..<n where bytes[i + k] != p[k] { continue outer }
            return true
        }
        return false
    }
}
