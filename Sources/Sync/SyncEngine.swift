import AppTrailModel
import KestraClient
import Warehouse

/// Brings the warehouse up to date with one Kestra server: finds the apps, reads each scope from its
/// watermark, re-reads what may still change, and records the run.
///
/// Each page commits with its watermark in one transaction, so a sync killed at any moment leaves a
/// consistent warehouse and the next one carries on from the last committed page. While one page is
/// written, the next is fetched and decoded on a second thread; the client is used by one thread at a time.
public final class SyncEngine: @unchecked Sendable {
    let warehouse: Warehouse
    let client: KestraClient
    let options: SyncOptions
    let clock: Clock
    let version: String
    let events: (SyncEvent) -> Void
    private var summary = SyncSummary()
    private var current: SyncRun?
    /// Executions the warehouse holds as still changing (id to app, label key and stored state); the crawls
    /// cross them off, unchanged paused ones are dropped, and the rest, which ended or vanished since, are
    /// read one by one.
    private var open: [String: (app: String, key: String, state: String)] = [:]

    public init(warehouse: Warehouse, client: KestraClient, options: SyncOptions, clock: Clock, version: String,
                events: @escaping (SyncEvent) -> Void = { _ in }) {
        self.warehouse = warehouse; self.client = client; self.options = options; self.clock = clock
        self.version = version; self.events = events
        client.onRetry = { events(.retry(message: $0)) }
    }

    /// Runs the sync. The caller holds the warehouse lock unless this is a dry run.
    public func run() throws -> SyncSummary {
        summary = SyncSummary()
        summary.dryRun = options.dryRun
        if !options.dryRun {
            try warehouse.markInterruptedRuns(command: "sync", now: clock.now())
            current = try warehouse.beginRun(
                command: "sync", mode: options.full ? "full" : "incremental", server: client.redactedBaseURL,
                tenant: client.configuration.tenant, version: version, now: clock.now())
        }
        do {
            try crawl()
            current?.requests = client.requestCount
            summary.requests = client.requestCount
            if let run = current {
                try warehouse.finishRun(run, outcome: "succeeded", exitCode: 0, now: clock.now())
                // Statistics only speed the analyses up: the run has landed either way.
                _ = try? warehouse.refreshPlannerStatistics()
            }
            summary.runId = current?.id
            return summary
        } catch {
            if let run = current {
                run.requests = client.requestCount
                let code = (error as? AppTrailError)?.exitCode.rawValue ?? ExitCode.ioError.rawValue
                try? warehouse.finishRun(run, outcome: "failed", error: String(describing: error), exitCode: code, now: clock.now())
            }
            throw error
        }
    }

    private func crawl() throws {
        let generation = try client.connect()
        current?.apiVersion = generation.rawValue
        events(.connected(server: client.redactedBaseURL, generation: generation.rawValue,
                          edition: client.edition?.rawValue, version: client.serverVersion))
        let (scopes, appFilter) = try planScopes()
        summary.scopes = scopes.count
        open = [:]
        for o in try warehouse.openExecutions(apps: appFilter) { open[o.id] = (o.app, o.key, o.state) }
        let started = clock.now()
        for scope in scopes { try read(scope, .new) }
        var marks: [Cursor] = []
        for scope in scopes {
            let checkKey = "open-check:" + scope.key, sweepKey = "open-sweep:" + scope.key
            defer { marks.append(Cursor(scope: checkKey, watermark: started)) }
            guard hasOpen(scope) else {
                marks.append(Cursor(scope: sweepKey, watermark: started))
                continue
            }
            if generation != .v0_22, !options.full, let check = try warehouse.watermark(scope: checkKey),
               let sweep = try warehouse.watermark(scope: sweepKey), started.micros - sweep.micros < options.sweepIntervalMicros {
                // What changed since the last check either ended or paused since (its end date moved) or
                // is running now; an execution still paused since before then is as it was.
                try read(scope, .endedSince(check - options.endDateMarginMicros))
                try read(scope, .openExceptPaused)
                for (id, o) in open where o.state == StateType.paused.rawValue && scope.covers(app: o.app, key: o.key) { open[id] = nil }
            } else {
                // The full sweep: every open execution of the scope, a page at a time.
                try read(scope, .open)
                marks.append(Cursor(scope: sweepKey, watermark: started))
            }
        }
        if !options.dryRun { try warehouse.ingest([], cursors: marks, run: current, now: clock.now()) }
        try reread()
    }

    /// Decides what to read: per app and label key where apps are known, else the discovery scan.
    /// Returns the scopes and the apps whose open executions are re-read (nil: all).
    private func planScopes() throws -> ([SyncScope], [String]?) {
        let tenant = client.configuration.tenant
        func perApp(_ apps: [String]) -> [SyncScope] {
            apps.flatMap { app in options.labelKeys.map { SyncScope(label: Label($0, app), tenant: tenant) } }
        }
        if !options.apps.isEmpty {
            let apps = Array(Set(options.apps)).sorted()
            events(.plan(scopes: apps.count * options.labelKeys.count, description: "\(apps.count) app(s) named on the command line"))
            return (perApp(apps), apps)
        }
        if options.discover {
            events(.plan(scopes: 1, description: "discovery scan of every execution (--discover)"))
            return ([SyncScope(label: nil, tenant: tenant)], nil)
        }
        guard let apiApps = try client.apps() else {
            // Without an Apps API no list of apps is complete; the scan finds every app, new ones too.
            events(.plan(scopes: 1, description: "discovery scan of every execution (the server has no Apps API)"))
            return ([SyncScope(label: nil, tenant: tenant)], nil)
        }
        if !options.dryRun { try warehouse.upsertApps(apiApps, now: clock.now()) }
        let known = Set(apiApps.map(\.id))
            .union(try warehouse.appDefinitions().map(\.id))
            .union(try warehouse.knownAppIds())
        if known.isEmpty {
            events(.plan(scopes: 1, description: "discovery scan of every execution (no app known yet)"))
            return ([SyncScope(label: nil, tenant: tenant)], nil)
        }
        let apps = known.sorted()
        events(.plan(scopes: apps.count * options.labelKeys.count, description: "\(apps.count) app(s) from the Apps API, app files and the warehouse"))
        return (perApp(apps), nil)
    }

    /// A page ready to commit: decoded, completed and turned into rows on the prefetch thread.
    private struct PreparedPage {
        var number: Int
        var executions: Int
        var ids: [String]
        var rows: [ExecutionRow]
        var skipped: Int
        var cursor: Cursor?
        var requests: Int
        /// The server's `total` for the crawl, sent with the first page.
        var total: Int?
    }

    /// Whether the warehouse holds open executions that `scope` would find.
    private func hasOpen(_ scope: SyncScope) -> Bool {
        open.values.contains { scope.covers(app: $0.app, key: $0.key) }
    }

    /// What one crawl of a scope reads.
    private enum ReadMode {
        /// New executions, from the scope's watermark, which moves page by page.
        case new
        /// Every execution that is not terminal.
        case open
        /// Every execution that is not terminal nor paused.
        case openExceptPaused
        /// Executions that ended or paused at or after this instant.
        case endedSince(Instant)
    }

    /// Reads one crawl of a scope; only `.new` moves the scope's watermark.
    private func read(_ scope: SyncScope, _ mode: ReadMode) throws {
        var from: Instant?
        var endFrom: Instant?
        var states: ExecutionSearch.StateFilter?
        let what: String
        switch mode {
        case .new:
            from = options.since
            if !options.full, let mark = try warehouse.watermark(scope: scope.key) { from = mark - options.overlapMicros }
            what = "\(scope)"
        case .open:
            states = .open
            what = "open executions of \(scope)"
        case .openExceptPaused:
            states = .openExceptPaused
            what = "running executions of \(scope)"
        case .endedSince(let since):
            endFrom = since
            what = "executions of \(scope) ended or paused since \(since.isoMillis)"
        }
        let openOnly = states != nil || endFrom != nil
        // The client belongs to the prefetch thread until `finish()` returns.
        let prefetcher = Prefetcher<PreparedPage> { [self, from, endFrom, states, openOnly] emit in
            var paging = StartDatePaging(size: options.pageSize, from: from)
            var number = 0
            while !paging.done {
                number += 1
                let search = ExecutionSearch(label: scope.label, startFrom: paging.lowerBound, endFrom: endFrom, states: states)
                let page = try client.search(search, page: paging.page, size: options.pageSize,
                                             context: "page \(number) of \(what)")
                var records = page.results
                try completeDecisions(&records)
                let (rows, skipped) = rowsOf(records)
                let lastStart = records.last.flatMap { $0.histories.first?.date ?? $0.startDate }
                paging.advance(count: page.results.count, lastStart: lastStart)
                let prepared = PreparedPage(
                    number: number, executions: page.results.count, ids: records.map(\.id), rows: rows, skipped: skipped,
                    // The watermark is the last start date read; an empty page leaves it where it was.
                    cursor: openOnly ? nil : lastStart.map { Cursor(scope: scope.key, watermark: $0) },
                    requests: client.requestCount,
                    // A total that lies only skews the progress estimate; it is clamped to sense.
                    total: number == 1 ? page.total.map { Int(min(max($0, 0), 100_000_000)) } : nil)
                guard emit(prepared) else { return }
            }
        }
        defer { prefetcher.finish() }
        while let page = try prefetcher.next() {
            summary.pages += 1
            current?.pages += 1
            current?.requests = page.requests
            for id in page.ids { open[id] = nil }
            let counts = try commit(page.rows, skipped: page.skipped, cursor: page.cursor)
            events(.page(scope: what, page: page.number, executions: page.executions, total: page.total, counts: counts))
        }
    }

    /// Re-reads, one by one, executions the warehouse holds as open that neither crawl returned: they
    /// ended since the last sync (or were purged). Kestra has no updated-at field to search by.
    private func reread() throws {
        let ids = open.keys.sorted()
        guard !ids.isEmpty else { return }
        events(.rereads(count: ids.count))
        var batch: [ExecutionRecord] = []
        var gone: [String] = []
        func flush() throws {
            try completeDecisions(&batch)
            let (rows, skipped) = rowsOf(batch)
            current?.requests = client.requestCount
            _ = try commit(rows, skipped: skipped, cursor: nil)
            if !gone.isEmpty, !options.dryRun { try warehouse.markPurged(ids: gone, run: current, now: clock.now()) }
            summary.purged += gone.count
            events(.reread(count: batch.count + gone.count))
            batch.removeAll(keepingCapacity: true)
            gone.removeAll()
        }
        for id in ids {
            summary.rereads += 1
            if let record = try client.execution(id: id) {
                batch.append(record)
            } else {
                gone.append(id)
                events(.purged(id: id))
            }
            if batch.count + gone.count >= 200 { try flush() }
        }
        try flush()
    }

    /// On 2.0 search items carry no task runs: ask the outputs endpoint who decided, once per decision.
    private func completeDecisions(_ records: inout [ExecutionRecord]) throws {
        var needed: [(index: Int, decidedAt: String?)] = []
        for (i, r) in records.enumerated() where !r.hasTaskRuns && r.pauseTaskRun == nil {
            guard let facts = ExecutionFacts(r, labelKeys: options.labelKeys), facts.appId != nil,
                  facts.decision == .approved || facts.decision == .rejected else { continue }
            needed.append((i, facts.decidedAt?.iso))
        }
        guard !needed.isEmpty else { return }
        let stored = try warehouse.storedDecisions(ids: needed.map { records[$0.index].id })
        for (i, decidedAt) in needed {
            if let s = stored[records[i].id], s.decidedAt == decidedAt { continue }
            records[i].pauseTaskRun = try client.pauseTaskRun(executionId: records[i].id) ?? PauseTaskRun(resumedBy: nil)
        }
    }

    private func rowsOf(_ records: [ExecutionRecord]) -> ([ExecutionRow], Int) {
        ExecutionRow.rows(of: records, labelKeys: options.labelKeys, defaultTenant: client.configuration.tenant)
    }

    private func commit(_ rows: [ExecutionRow], skipped: Int, cursor: Cursor?) throws -> UpsertCounts {
        let counts: UpsertCounts
        if options.dryRun {
            counts = try warehouse.ingestDryRun(rows, skipped: skipped, now: clock.now())
        } else {
            counts = try warehouse.ingest(rows, skipped: skipped, cursors: cursor.map { [$0] } ?? [], run: current, now: clock.now())
        }
        summary.counts += counts
        return counts
    }
}
