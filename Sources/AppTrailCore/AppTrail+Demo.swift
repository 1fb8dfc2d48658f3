import AppTrailModel
import Exports
import Foundation
import GRDB
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
            "synced \(sync.counts.inserted) app executions in \(sync.requests) requests (\(sync.pages) pages, \(sync.counts.skipped) executions without an app label left out)",
            "",
            "app                           submissions  approved  rejected  pending",
        ]
        for a in apps {
            lines.append(a.app.padding(toLength: 30, withPad: " ", startingAt: 0)
                         + String(a.submissions).leftPadded(11) + String(a.approved).leftPadded(10)
                         + String(a.rejected).leftPadded(10) + String(a.pending).leftPadded(9))
        }
        lines += [
            "",
            "warehouse:       \(warehouse)",
            "weekly report:   \(report.workbook ?? "")  (\(week), \(report.sheets.count) sheets)",
            "  as CSV:        \(report.csvFolder ?? "")/",
            "  as a page:     \(report.html ?? "")  (to mail)",
            "auditor export:  \(export.folder)/  (\(export.files.count) CSV files; check: cd \(export.folder) && sha256sum -c \(AuditExport.manifestName))",
            "try:             apptrail query summary --week \(week) --db \(warehouse)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension AppTrail {
    /// The main job against a built-in Kestra simulator (`apptrail demo`): starts it on a free loopback
    /// port, syncs it into a fresh warehouse under `directory`, and reports.
    public static func demo(directory: String, settings: Settings, reporter: Reporter) async throws -> DemoReport {
        try OutputFolder.makeFolders(directory)
        let path = (directory as NSString).appendingPathComponent("apptrail.db")
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        let now = settings.clock.now()
        let simulator = KestraSimulator(configuration: SimulatorConfiguration(
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
            summary = try await runBlocking { try AppTrail.sync(settings: syncSettings, options: SyncOptions(), reporter: reporter) }
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()

        let warehouse = try Warehouse(path: path, readOnly: true)
        let apps = try warehouse.read { db in
            try Row.fetchAll(db, sql: """
                SELECT app_id, count(*) AS n, total(decision = 'approved') AS a, total(decision = 'rejected') AS r,
                       total(decision = 'pending') AS p
                FROM app_executions GROUP BY app_id ORDER BY app_id
                """).map { row in (app: row["app_id"] as String, submissions: row["n"] as Int, approved: Int(row["a"] as Double),
                                   rejected: Int(row["r"] as Double), pending: Int(row["p"] as Double)) }
        }
        // The rest of the main job: the managers' weekly report and the auditors' export of the same week.
        let week = Period.lastCompleteISOWeek(before: now)
        let report = try AppTrail.report("weekly", week: week.isoWeekName, from: nil, to: nil, format: .all, out: directory,
                                         settings: demoSettings, reporter: reporter)
        var exportOptions = AuditExport.Options()
        exportOptions.from = week.from
        exportOptions.to = week.to
        exportOptions.out = (directory as NSString).appendingPathComponent("exports")
        let export = try AppTrail.export(options: exportOptions, settings: demoSettings, reporter: reporter)
        return DemoReport(directory: directory, warehouse: path, server: server, sync: summary, apps: apps,
                          report: report, week: week.isoWeekName ?? week.fileLabel, export: export)
    }
}
