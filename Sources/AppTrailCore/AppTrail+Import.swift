import AppTrailModel
import Foundation
import KestraClient
import Sync
import Warehouse

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    public var files = 0
    public var executions = 0
    public var counts = UpsertCounts()
}

extension AppTrail {
    /// Imports executions as the API sends them (`apptrail import FILE...`): a search page, an array, or
    /// NDJSON; `-` reads stdin. Each file lands in one transaction: a bad record leaves the warehouse as it was.
    public static func importExecutions(
        files: [String], settings: Settings, reporter: Reporter,
        stdin: @escaping @Sendable () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }
    ) throws -> ImportSummary {
        // Missing files fail before anything is written.
        for file in files where file != "-" && !FileManager.default.isReadableFile(atPath: file) {
            throw Problem(.noInput, "cannot read \(file): no such file or not readable")
        }
        let warehouse = try Warehouse(path: settings.databasePath)
        let clock = settings.clock
        var summary = ImportSummary()
        // Progress in kilobytes read: the number of executions in a file is known only at its end.
        let kilobytes = files.reduce(0) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int
            return sum + (size ?? 0) / 1024
        }
        let total = files.contains("-") ? nil : kilobytes
        try warehouse.recordRun(
            command: "import", mode: "file", tenant: settings.tenant, version: AppTrailVersion.current,
            clock: clock
        ) { run in
            try reporter.metered("import", unit: "KB", total: total) { meter in
                for file in files {
                    let name = file == "-" ? "stdin" : file
                    meter.describe(name)
                    var executions = 0
                    // Reading and decoding run a batch ahead of the writes, on a thread of their own.
                    let labelKeys = settings.labelKeys
                    let tenant = settings.tenant
                    let batches = Prefetcher<(rows: [ExecutionRow], skipped: Int, count: Int)>(capacity: 2) { emit in
                        var stopped = false
                        var counted = 0
                        try ExecutionFileReader.read(
                            file: file, stdin: stdin,
                            consumed: { bytes in
                                meter.advance(by: (counted + bytes) / 1024 - counted / 1024)
                                counted += bytes
                            }
                        ) { records in
                            guard !stopped else { return }
                            let (rows, skipped) = ExecutionRow.rows(
                                of: records, labelKeys: labelKeys, defaultTenant: tenant)
                            stopped = !emit((rows, skipped, records.count))
                        }
                    }
                    defer { batches.finish() }
                    let counts = try warehouse.ingestAll(run: run, now: clock.now()) { sink in
                        while let batch = try batches.next() {
                            executions += batch.count
                            try sink(batch.rows, batch.skipped)
                        }
                    }
                    summary.files += 1
                    summary.executions += executions
                    summary.counts += counts
                    reporter.info(
                        "\(name): \(executions) execution\(executions == 1 ? "" : "s") (\(counts.inserted) new, \(counts.updated) changed, \(counts.unchanged) unchanged\(counts.staleClause), \(counts.skipped) without app label)",
                        [
                            ("file", name), ("executions", executions), ("inserted", counts.inserted),
                            ("updated", counts.updated), ("unchanged", counts.unchanged), ("stale", counts.stale),
                            ("skipped", counts.skipped),
                        ])
                }
            }
        }
        return summary
    }
}
