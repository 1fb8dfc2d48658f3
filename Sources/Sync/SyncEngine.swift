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
    /// Set by SIGINT or SIGTERM; checked before each request and after each commit.
    let interruption: Interruption?
    private var summary = SyncSummary()
    private var current: SyncRun?
    /// Executions the warehouse holds as still changing (id to app, label key and stored state); the crawls
    /// cross them off, unchanged paused ones are dropped, and the rest, which ended or vanished since, are
    /// read one by one.
    private var open: [String: (app: String, key: String, state: String)] = [:]

    public init(
        warehouse: Warehouse, client: KestraClient, options: SyncOptions, clock: Clock, version: String,
        interruption: Interruption? = nil, events: @escaping (SyncEvent) -> Void = { _ in }
    ) {
        self.warehouse = warehouse
        self.client = client
        self.options = options
        self.clock = clock
        self.version = version
        self.events = events
        self.interruption = interruption
        client.onRetry = { events(.retry(message: $0)) }
        client.interruption = interruption
    }

    /// Runs the sync. The caller holds the warehouse lock; a dry run gets a copy of the warehouse to run on.
    public func run() throws -> SyncSummary {
        summary = SyncSummary()
        summary.dryRun = options.dryRun
        try warehouse.markInterruptedRuns(command: "sync", now: clock.now())
        // Whatever the stop looked like from inside (a request cut short, a page not read), the run was asked to
        // end: every page committed so far stays, and the next sync goes on from there.
        let failure: (any Error) -> any Error = { error in
            guard let signal = self.interruption?.signal else { return error }
            return SyncInterrupted(signal: signal, stored: self.summary.counts.inserted + self.summary.counts.updated)
        }
        return try warehouse.recordRun(
            command: "sync", mode: options.full ? "full" : "incremental", server: client.redactedBaseURL,
            tenant: client.configuration.tenant, version: version, clock: clock,
            failure: failure
        ) { run in
            current = run
            defer { run.requests = client.requestCount }
            try crawl()
            summary.requests = client.requestCount
            summary.runId = run.id
            return summary
        }
    }

    private func crawl() throws {
        let generation = try client.connect()
        current?.apiVersion = generation.rawValue
        events(
            .connected(
                server: client.redactedBaseURL, generation: generation.rawValue,
                edition: client.edition?.rawValue, version: client.serverVersion))
        let plan = try planScopes(appsAPI: try loadDefinitions())
        summary.scopes = plan.scopes.count
        open = [:]
        for o in try warehouse.openExecutions(apps: plan.appFilter) { open[o.id] = (o.app, o.key, o.state) }
        let started = clock.now()
        var marks: [SyncWatermark] = []
        // With the scan in this sync, a per-app read of new executions would only repeat the scan's last minutes.
        let newScopes = plan.scopes.filter { $0.label == nil || !plan.discovers }
        for (n, scope) in newScopes.enumerated() {
            events(.crawl(phase: .new, index: n + 1, count: newScopes.count, description: "\(scope)"))
            if let mark = try read(scope, .new) { marks.append(mark) }
        }
        let scanCheckKey = "open-check:" + SyncScope.discovery(tenant: client.configuration.tenant).key
        let scanChecked = try warehouse.watermark(scope: scanCheckKey)
        let checkedScopes = plan.scopes.filter { plan.checksOpen($0) }
        for (n, scope) in checkedScopes.enumerated() {
            events(
                .crawl(
                    phase: .openCheck, index: n + 1, count: checkedScopes.count,
                    description: "open executions of \(scope)"))
            let checkKey = "open-check:" + scope.key
            let sweepKey = "open-sweep:" + scope.key
            defer { marks.append(SyncWatermark(scope: checkKey, watermark: started)) }
            guard hasOpen(scope) else {
                marks.append(SyncWatermark(scope: sweepKey, watermark: started))
                continue
            }
            // A scope that joined since the last sync (an app the scan found) holds only what the scan read, as
            // it stood when the scan's sync checked the rest: that is its last check, and its last sweep.
            let ownCheck = try warehouse.watermark(scope: checkKey)
            let check = ownCheck ?? (scope.label != nil ? scanChecked : nil)
            let sweep =
                try warehouse.watermark(scope: sweepKey) ?? (ownCheck == nil && scope.label != nil ? scanChecked : nil)
            if generation != .v0_22, !options.full, let check, let sweep,
                started.micros - sweep.micros < options.sweepIntervalMicros
            {
                // What changed since the last check either ended or paused since (its end date moved) or
                // is running now; an execution still paused since before then is as it was.
                try read(scope, .endedSince(check - options.endDateMarginMicros))
                try read(scope, .openExceptPaused)
                for (id, o) in open where o.state == StateType.paused.rawValue && scope.covers(app: o.app, key: o.key) {
                    open[id] = nil
                }
            } else {
                // The full sweep: every open execution of the scope, a page at a time.
                try read(scope, .open)
                marks.append(SyncWatermark(scope: sweepKey, watermark: started))
            }
        }
        // Every open execution the warehouse held was checked by its app's scope, and the scan read the rest as
        // of now: the warehouse as a whole is as of this sync's start.
        if plan.discovers && plan.scopes.count > 1 {
            marks.append(SyncWatermark(scope: scanCheckKey, watermark: started))
        }
        try warehouse.ingest([], cursors: marks, run: current, now: clock.now())
        try reread()
        try warnOfUnknownApps(plan)
    }

    /// What the Apps API said of the apps.
    enum AppsAPIAnswer {
        /// It listed these app ids.
        case listed(Set<String>)
        /// The server has none (open source, 0.22).
        case absent
        /// The credentials may not read it (HTTP 403).
        case forbidden

        var ids: Set<String> { if case .listed(let ids) = self { ids } else { [] } }
        var isListed: Bool { if case .listed = self { true } else { false } }
        var isAbsent: Bool { if case .absent = self { true } else { false } }
    }

    /// Stores the app definitions wherever the server has an Apps API, whatever the plan of scopes, so that
    /// names and expirations are known after `--app` and `--discover` runs too.
    private func loadDefinitions() throws -> AppsAPIAnswer {
        let apps: [AppDefinition]?
        do {
            apps = try client.apps()
        } catch {
            // A token that may read executions but not apps still gets every execution, by the discovery scan.
            guard case .forbidden(let url, _) = error else { throw error }
            events(
                .warning(
                    message:
                        "the credentials may not read the Apps API (HTTP 403): app names and expirations are not updated; every app's executions are still read (\(url))"
                ))
            return .forbidden
        }
        guard let apps else { return .absent }
        try warehouse.upsertApps(apps, now: clock.now())
        return .listed(Set(apps.map(\.id)))
    }

    /// What one sync reads.
    struct Plan {
        var scopes: [SyncScope]
        /// The apps whose open executions are checked again; nil: all.
        var appFilter: [String]?
        /// Apps named with `--app` that no source knew before the run, with the ids they might have meant.
        var unknown: [(app: String, suggestions: [String])] = []
        /// Whether the server has an Apps API that listed the apps.
        var hasAppsAPI: Bool

        /// Whether the discovery scan is among the scopes (always read first).
        var discovers: Bool { scopes.first?.label == nil }

        /// Where per-app scopes exist they check the open executions, with the server's label filter; the
        /// discovery scan checks them only when it reads alone.
        func checksOpen(_ scope: SyncScope) -> Bool { scope.label != nil || scopes.count == 1 }
    }

    /// Decides what to read. Every plain sync runs the discovery scan of every execution from its own
    /// watermark, so that an app no list names (deleted since, in a namespace the token cannot list, a label
    /// set by hand) is never missed; where apps are known, per-app scopes check their open executions with the
    /// server's label filter. `--app` reads only the named apps; `--discover`, and a server without an Apps
    /// API, read by the scan alone.
    private func planScopes(appsAPI: AppsAPIAnswer) throws -> Plan {
        let tenant = client.configuration.tenant
        let discovery = SyncScope.discovery(tenant: tenant)
        let listed = appsAPI.isListed
        func perApp(_ apps: [String]) -> [SyncScope] {
            apps.flatMap { app in options.labelKeys.map { SyncScope(label: Label($0, app), tenant: tenant) } }
        }
        func known() throws -> Set<String> {
            appsAPI.ids.union(try warehouse.appDefinitions().map(\.id)).union(try warehouse.knownAppIds())
        }
        if !options.apps.isEmpty {
            let apps = Array(Set(options.apps)).sorted()
            let known = try known()
            var plan = Plan(scopes: perApp(apps), appFilter: apps, hasAppsAPI: listed)
            plan.unknown = apps.filter { !known.contains($0) }.map { ($0, Suggestions.near($0, in: known)) }
            events(.plan(scopes: plan.scopes.count, description: "\(apps.count) app(s) named on the command line"))
            return plan
        }
        if options.discover || appsAPI.isAbsent {
            let why = options.discover ? "--discover" : "the server has no Apps API"
            events(.plan(scopes: 1, description: "discovery scan of every execution (\(why))"))
            return Plan(scopes: [discovery], appFilter: nil, hasAppsAPI: listed)
        }
        let apps = try known()
        let scopes = [discovery] + perApp(apps.sorted())
        let description =
            apps.isEmpty
            ? "discovery scan of every execution (no app known yet)"
            : "every execution by the discovery scan, and \(apps.count) app(s) from the Apps API, app files and the warehouse"
        events(.plan(scopes: scopes.count, description: description))
        return Plan(scopes: scopes, appFilter: nil, hasAppsAPI: listed)
    }

    /// One warning line for each app named with `--app` that no source knew and the run found nothing of.
    private func warnOfUnknownApps(_ plan: Plan) throws {
        guard !plan.unknown.isEmpty else { return }
        let found = Set(try warehouse.knownAppIds())
        for (app, suggestions) in plan.unknown where !found.contains(app) {
            var message = "app '\(app)' is unknown: no execution carries its label"
            if plan.hasAppsAPI { message += " and the Apps API does not list it" }
            if let phrase = Suggestions.phrase(suggestions) { message += " (\(phrase))" }
            events(.warning(message: message))
        }
    }

    /// A page ready to commit: decoded, completed and turned into rows on the prefetch thread.
    private struct PreparedPage {
        var number: Int
        var executions: Int
        var ids: [String]
        var rows: [ExecutionRow]
        var skipped: Int
        var cursor: SyncWatermark?
        var requests: Int
        /// The server's `total` for the crawl, sent with the first page.
        var total: Int?
        /// The executions the crawl had not read before this page.
        var fresh: Int
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

    /// Reads one crawl of a scope; only `.new` moves the scope's watermark. Returns a watermark to record
    /// when an app's crawl (`--app`) started from the discovery scan's and read nothing that moved its own.
    @discardableResult
    private func read(_ scope: SyncScope, _ mode: ReadMode) throws -> SyncWatermark? {
        var from: Instant?
        var endFrom: Instant?
        var states: ExecutionSearch.StateFilter?
        var covered: Instant?
        let what: String
        switch mode {
        case .new:
            from = options.since
            let own = options.full ? nil : try warehouse.watermark(scope: scope.key)
            // The discovery scan of earlier syncs read every execution up to its watermark, from where the first
            // of them began, which `--since` or `--full` ask to set aside.
            if scope.label != nil, !options.full, options.since == nil {
                covered = try warehouse.watermark(scope: SyncScope.discovery(tenant: scope.tenant).key)
            }
            if let start = [own, covered].compactMap({ $0 }).max() { from = start - options.overlapMicros }
            if let own, let c = covered, own >= c { covered = nil }
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
        var moved = false
        // The client belongs to the prefetch thread until `finish()` returns.
        let prefetcher = Prefetcher<PreparedPage> { [self, from, endFrom, states, openOnly] emit in
            var paging = StartDatePaging(size: options.pageSize, from: from)
            var number = 0
            // Each page starts again at the last start date read: the ids read on that date are not new.
            var atBound: (start: Instant?, ids: Set<String>) = (nil, [])
            while !paging.done {
                try interruption?.stopIfRequested()
                number += 1
                let search = ExecutionSearch(
                    label: scope.label, startFrom: paging.lowerBound, endFrom: endFrom, states: states)
                let page = try client.search(
                    search, page: paging.page, size: options.pageSize,
                    context: "page \(number) of \(what)")
                var records = page.results
                try completeDecisions(&records)
                let (rows, skipped) = rowsOf(records)
                let lastStart = records.last.flatMap { $0.histories.first?.date ?? $0.startDate }
                let fresh = records.filter { !atBound.ids.contains($0.id) }.count
                if lastStart != atBound.start { atBound = (lastStart, []) }
                for r in records where (r.histories.first?.date ?? r.startDate) == lastStart {
                    atBound.ids.insert(r.id)
                }
                paging.advance(count: page.results.count, lastStart: lastStart)
                let prepared = PreparedPage(
                    number: number, executions: page.results.count, ids: records.map(\.id), rows: rows,
                    skipped: skipped,
                    // The watermark is the last start date read; an empty page leaves it where it was.
                    cursor: openOnly ? nil : lastStart.map { SyncWatermark(scope: scope.key, watermark: $0) },
                    requests: client.requestCount,
                    // A total that lies only skews the progress estimate; it is clamped to sense.
                    total: number == 1 ? page.total.map { Int(min(max($0, 0), 100_000_000)) } : nil, fresh: fresh)
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
            moved = moved || page.cursor != nil
            events(.page(scope: what, page: page.number, executions: page.fresh, total: page.total, counts: counts))
            // The page in hand is committed with its watermark; the one prefetched meanwhile is dropped.
            try interruption?.stopIfRequested()
        }
        return moved ? nil : covered.map { SyncWatermark(scope: scope.key, watermark: $0) }
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
            if !gone.isEmpty { try warehouse.markPurged(ids: gone, run: current, now: clock.now()) }
            summary.purged += gone.count
            events(.reread(count: batch.count + gone.count))
            batch.removeAll(keepingCapacity: true)
            gone.removeAll()
        }
        for id in ids {
            try interruption?.stopIfRequested()
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
                facts.decision == .approved || facts.decision == .rejected
            else { continue }
            needed.append((i, facts.decidedAt?.iso))
        }
        guard !needed.isEmpty else { return }
        let stored = try warehouse.storedDecisions(ids: needed.map { records[$0.index].id })
        for (i, decidedAt) in needed {
            if let s = stored[records[i].id], s.decidedAt == decidedAt { continue }
            records[i].pauseTaskRun =
                try client.pauseTaskRun(executionId: records[i].id) ?? PauseTaskRun(resumedBy: nil)
        }
    }

    private func rowsOf(_ records: [ExecutionRecord]) -> ([ExecutionRow], Int) {
        ExecutionRow.rows(of: records, labelKeys: options.labelKeys, defaultTenant: client.configuration.tenant)
    }

    private func commit(_ rows: [ExecutionRow], skipped: Int, cursor: SyncWatermark?) throws -> UpsertCounts {
        let counts = try warehouse.ingest(
            rows, skipped: skipped, cursors: cursor.map { [$0] } ?? [], run: current, now: clock.now())
        summary.counts += counts
        return counts
    }
}
