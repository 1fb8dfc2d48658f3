import Analysis
import AppTrailModel
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// Makes a report of `reports/` (or a file) for a period (`apptrail report`).
    ///
    /// Without `--week` or `--from/--to`, the period is the report's own: the last complete ISO week or
    /// calendar month before now.
    public static func report(_ nameOrPath: String, week: String?, from: String?, to: String?, format: ReportRun.Format,
                              out: String, settings: Settings, reporter: Reporter,
                              reports: ReportCatalog = .locate(), queries: QueryCatalog = .locate()) throws -> ReportRun.Output {
        let definition = try reports.report(nameOrPath)
        let now = settings.clock.now()
        let period: Period
        if week == nil, from == nil, to == nil, definition.period == .month {
            period = Period.lastCompleteMonth(before: now)
        } else {
            period = try settings.period(week: week, from: from, to: to)
        }
        var options = ReportRun.Options(period: period, asOf: period.asOf(now: now), generatedAt: now)
        options.format = format
        options.out = out
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        if let last = try warehouse.lastSyncSource() {
            options.source = ReportContent.Source(server: last.server, tenant: last.tenant, lastSync: last.endedAt)
        }
        let output = try reporter.metered("report", unit: "sheets") { meter in
            try ReportRun.run(definition, queries: queries, warehouse: warehouse, options: options,
                              sheetsPlanned: { meter.addToTotal($0) }, sheetsDone: { meter.advance(by: $0) })
        }
        for sheet in output.sheets {
            reporter.info("\(sheet.name): \(sheet.rows) rows", [("sheet", sheet.name), ("rows", sheet.rows)])
        }
        for warning in output.warnings {
            reporter.warning("libxlsxwriter: \(warning)", [("library", "libxlsxwriter")])
        }
        return output
    }
}
