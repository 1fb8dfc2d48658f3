import AppTrailModel
import Foundation
import KestraClient
import Sync
import Warehouse
import YAMLReader

extension AppTrail {
    /// `apptrail sync`'s flags as typed: the server's (`ServerFlags`, shared with `doctor`) and the sync's
    /// options.
    public struct SyncFlags: Sendable {
        public var connection = ServerFlags()
        public var apps: [String] = []
        public var discover = false
        /// A date or an instant.
        public var since: String?
        public var full = false
        public var dryRun = false
        public var pageSize = 1000

        public init() {}

        /// The flags that cannot be, checked as the command line is read.
        public func check() throws(Problem) {
            try connection.check()
            guard (1...1000).contains(pageSize) else { throw Problem(.usage, "--page-size must be between 1 and 1000") }
            if let since { _ = try PeriodRequest.instant(since, flag: "--since") }
            if discover && !apps.isEmpty { throw Problem(.usage, "--discover and --app exclude each other") }
        }

        /// The sync's options, reading the app labels of `labelKeys` (the settings').
        public func options(labelKeys: [String]) throws(Problem) -> SyncOptions {
            var options = SyncOptions()
            options.apps = apps
            options.discover = discover
            if let since { options.since = try PeriodRequest.instant(since, flag: "--since") }
            options.full = full
            options.dryRun = dryRun
            options.pageSize = pageSize
            options.labelKeys = labelKeys
            return options
        }
    }

    /// `apptrail sync` with its flags: the settings with the flags over them, their secrets masked from here
    /// on, then `sync(settings:options:reporter:)`.
    public static func sync(flags: SyncFlags, settings: Settings, reporter: Reporter) throws -> SyncSummary {
        let settings = try flags.connection.settings(over: settings)
        reporter.protect(settings.secrets)
        return try sync(
            settings: settings, options: try flags.options(labelKeys: settings.labelKeys), reporter: reporter)
    }

    /// Brings the warehouse up to date with the server (`apptrail sync`).
    ///
    /// Takes the warehouse lock (exit 75 when another sync holds it). A dry run takes no lock and writes
    /// nothing beside the warehouse: it runs the real sync on a private copy, so that its figures are the
    /// real run's, and removes the copy.
    ///
    /// SIGINT and SIGTERM stop it between two pages (a request in flight is cut short): the pages committed
    /// stay, the run is recorded as `interrupted`, and it throws `SyncInterrupted` (exit 130 or 143).
    ///
    /// A first sync (no warehouse file yet) that fails before it stores an execution or an app leaves no
    /// warehouse behind: an empty file would pass for a warehouse that synced.
    public static func sync(settings: Settings, options: SyncOptions, reporter: Reporter) throws -> SyncSummary {
        let configuration = try settings.clientConfiguration()
        if let note = settings.serverURLNote { reporter.info("note: \(note)", [("server", configuration.baseURL)]) }
        if configuration.transport.insecure, configuration.baseURL.hasPrefix("https://") {
            reporter.warning(
                "--insecure: the server's TLS certificate is not verified; anyone on the way can read the credentials and the data",
                [("insecure", true)])
        }
        let first = !options.dryRun && !FileManager.default.fileExists(atPath: settings.databasePath)
        do {
            return try sync(configuration: configuration, settings: settings, options: options, reporter: reporter)
        } catch {
            if first { Warehouse.removeIfEmpty(path: settings.databasePath) }
            throw error
        }
    }

    private static func sync(
        configuration: KestraClient.Configuration, settings: Settings, options: SyncOptions, reporter: Reporter
    ) throws -> SyncSummary {
        let interruption = Interruption()
        let signals = SignalWatch(interruption)
        defer { signals.stop() }
        var lock: WarehouseLock?
        var scratch: DryRunScratch?
        let path: String
        if options.dryRun {
            let copy = try DryRunScratch(copying: settings.databasePath)
            scratch = copy
            path = copy.warehousePath
        } else {
            path = settings.databasePath
            lock = try WarehouseLock(warehousePath: path)
        }
        defer {
            _ = lock
            scratch?.remove()
        }
        let warehouse = try Warehouse(path: path)
        let client = KestraClient(configuration: configuration, appSource: AppYAML.definition)
        let progress = SyncProgress(reporter)
        let engine = SyncEngine(
            warehouse: warehouse, client: client, options: options, clock: settings.clock,
            version: AppTrailVersion.current, interruption: interruption
        ) { event in
            progress.report(event)
        }
        let started = Date()
        let summary: SyncSummary
        do {
            summary = try engine.run()
        } catch {
            progress.stop()
            throw error
        }
        progress.finished(summary, seconds: Date().timeIntervalSince(started))
        return summary
    }
}

/// Turns sync events into progress: a few lines (connected, the plan, retries, purges), and a meter of the
/// executions read.
///
/// The meter runs in stages, one per crawl (`scope 1 of 17`, `check 3 of 16`, then `by id`), each counted
/// against the total the server gave on the crawl's first page: a total for the whole sync would be known
/// only at its end, since each crawl's comes with its first page (see docs/commands/sync.md).
final class SyncProgress: @unchecked Sendable {
    private let r: Reporter
    private var meter: ProgressMeter?
    private var stage = ""

    init(_ reporter: Reporter) { r = reporter }

    func report(_ event: SyncEvent) {
        switch event {
        case .connected(let server, let generation, let edition, let version):
            r.info(
                "connected to \(server): API generation \(generation)\(version.map { ", Kestra \($0)" } ?? "")\(edition.map { " (\($0.uppercased()))" } ?? "")",
                [("server", server), ("api_version", generation)])
        case .plan(let scopes, let description):
            r.info("reading \(description): \(scopes) scope(s)", [("scopes", scopes)])
            meter = r.meter("sync", unit: "executions")
        case .crawl(let phase, let index, let count, let description):
            stage = "\(phase == .new ? "scope" : "check") \(index) of \(count)"
            meter?.begin(stage: stage, detail: description)
        case .page(let scope, let page, let executions, let total, _):
            // A scope's check may run two searches: each gets its own bar, with its own total.
            if page == 1 { meter?.begin(stage: stage, detail: scope, total: total) }
            meter?.advance(by: executions)
        case .rereads(let count):
            r.info(
                "reading \(count) execution(s) by id: open in the warehouse, returned by no search (ended or purged)",
                [("rereads", count)])
            meter?.begin(stage: "by id", detail: "executions read by id", total: count)
        case .reread(let count):
            meter?.advance(by: count)
        case .purged(let id):
            r.info("execution \(id) is gone from the server (purged); the warehouse keeps it", [("execution_id", id)])
        case .retry(let message):
            r.warning("retrying: \(message)")
        case .warning(let message):
            r.warning(message)
        }
    }

    /// Takes the bar off the screen before an error line.
    func stop() { meter?.abandon() }

    func finished(_ s: SyncSummary, seconds: Double) {
        meter?.finish()
        let verb = s.dryRun ? "dry run: would insert" : "synced: inserted"
        r.info(
            "\(verb) \(s.counts.inserted), updated \(s.counts.updated), unchanged \(s.counts.unchanged)\(s.counts.staleClause), skipped \(s.counts.skipped) without app label; \(s.rereads) re-read, \(s.purged) purged; \(s.requests) requests, \(s.pages) pages in \(String(format: "%.1f", seconds)) s",
            [
                ("inserted", s.counts.inserted), ("updated", s.counts.updated), ("unchanged", s.counts.unchanged),
                ("stale", s.counts.stale), ("skipped", s.counts.skipped), ("rereads", s.rereads), ("purged", s.purged),
                ("requests", s.requests),
                ("pages", s.pages), ("seconds", seconds), ("dry_run", s.dryRun),
            ])
    }
}
