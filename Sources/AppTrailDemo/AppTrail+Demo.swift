import AppTrailCore
import AppTrailModel
import Exports
import Foundation
import KestraSimulator
import Sync
import Warehouse

/// What `apptrail demo` did and where its files are.
public struct DemoReport: Sendable {
    public var directory: String
    public var warehouse: String
    public var server: String
    public var sync: SyncSummary
    /// Per app: submissions, approved, rejected, pending.
    public var apps: [(app: String, submissions: Int, approved: Int, rejected: Int, pending: Int)]
    /// The weekly report of the last complete week.
    public var report: ReportRun.Output
    public var week: String
    /// The auditors' export of that week.
    public var export: AuditExport.Result

    /// The report as lines for a person.
    public var text: String {
        var lines = [
            "apptrail demo: a simulated Kestra server at \(server)",
            "synced \(NumberText.counted(sync.counts.inserted, "app execution")) in \(NumberText.counted(sync.requests, "request"))"
                + " (\(NumberText.counted(sync.pages, "page")), \(NumberText.counted(sync.counts.skipped, "execution")) without an app label left out)",
            "",
            "app                           submissions  approved  rejected  pending",
        ]
        for a in apps {
            lines.append(
                a.app.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(a.submissions).leftPadded(11) + String(a.approved).leftPadded(10)
                    + String(a.rejected).leftPadded(10) + String(a.pending).leftPadded(9))
        }
        lines += [
            "",
            "warehouse:       \(warehouse)",
            "weekly report:   \(report.workbook ?? "")  (\(week), \(NumberText.counted(report.sheets.count, "sheet")))",
            "  as CSV:        \(report.csvFolder ?? "")/",
            "  as a page:     \(report.html ?? "")  (to mail)",
            "auditor export:  \(export.folder)/  (\(NumberText.counted(export.files.count, "CSV file")); check: cd \(export.folder.shellQuoted) && sha256sum -c \(AuditExport.manifestName))",
            // Run as printed, from the folder the demo ran in: the queries are built in, and the path is the one given.
            "try:             apptrail query summary --week \(week) --db \(warehouse.shellQuoted)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// The path as a shell word: as it is when it needs no quoting, else in single quotes.
    fileprivate var shellQuoted: String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+=,")
        return !isEmpty && allSatisfy(plain.contains) ? self : "'" + replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension AppTrail {
    /// The main job against a built-in Kestra simulator (`apptrail demo`): starts it on a free loopback
    /// port, syncs it into a fresh warehouse under `directory`, and reports.
    ///
    /// Nothing is lost to it: it replaces only files that an earlier demo in `directory` wrote, which that
    /// demo's warehouse lists (`demo_files`). A warehouse without that list, or any other file where the demo
    /// would write, stops it before it touches anything.
    public static func demo(directory: String, settings: Settings, reporter: Reporter) async throws -> DemoReport {
        let path = (directory as NSString).appendingPathComponent("apptrail.db")
        let now = settings.clock.now()
        let week = Period.lastCompleteISOWeek(before: now)
        let stem = "\(try ReportCatalog.locate().report("weekly").name)-\(week.fileLabel)"
        let exportFolder = (directory as NSString).appendingPathComponent("exports")
        let outputs = [stem + ".xlsx", stem + ".html"]
        let folders = [stem, "exports"]
        let owned = try DemoFiles.check(directory: directory, warehouse: path, outputs: outputs, folders: folders)
        try OutputFolder.makeFolders(directory)
        for suffix in DemoFiles.warehouseSuffixes { try? FileManager.default.removeItem(atPath: path + suffix) }

        let simulator = KestraSimulator(
            configuration: SimulatorConfiguration(
                seed: 2026, executions: 3000, apps: 8, now: now, weeksOfHistory: 6, api: .v1, edition: .ee))
        let server = try await simulator.start(port: 0)
        reporter.info("started a simulated Kestra server (1.3, Enterprise) at \(server)")
        var demoSettings = settings
        demoSettings.databasePath = path
        demoSettings.serverURL = server
        demoSettings.tenant = simulator.configuration.tenant
        demoSettings.credentials = .none
        let syncSettings = demoSettings
        let summary: SyncSummary
        do {
            summary = try await runBlocking {
                try AppTrail.sync(settings: syncSettings, options: SyncOptions(), reporter: reporter)
            }
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()

        let warehouse = try Warehouse(path: path, readOnly: true)
        let apps = try warehouse.demoAppCounts()
        // The rest of the main job: the managers' weekly report and the auditors' export of the same week.
        let report = try AppTrail.report(
            options: ReportOptions(
                report: "weekly", period: PeriodRequest(week: week.isoWeekName), format: .all, out: directory),
            settings: demoSettings, reporter: reporter)
        var exportOptions = AuditExport.Options()
        exportOptions.from = week.from
        exportOptions.to = week.to
        exportOptions.out = exportFolder
        let export = try AppTrail.export(options: exportOptions, settings: demoSettings, reporter: reporter)
        // What an earlier demo wrote stays the demo's (a report of another week, say) as long as it is there.
        try Warehouse(path: path).recordDemoFiles(
            DemoFiles.present(in: directory, among: owned)
                + DemoFiles.written(outputs: outputs, folders: folders, in: directory))
        return DemoReport(
            directory: directory, warehouse: path, server: server, sync: summary, apps: apps,
            report: report, week: week.isoWeekName ?? week.fileLabel, export: export)
    }
}
