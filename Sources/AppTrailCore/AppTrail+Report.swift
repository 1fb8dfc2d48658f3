import Analysis
import AppTrailModel
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// What `apptrail report` makes: a report, its period, what to write and where.
    public struct ReportOptions: Sendable {
        /// A report's name or the path of a .yaml file.
        public var report: String
        /// `--week` or `--from/--to`; none given is the report's own period.
        public var period: PeriodRequest
        public var format: ReportRun.Format
        /// The output folder.
        public var out: String

        public init(
            report: String = "weekly", period: PeriodRequest = PeriodRequest(), format: ReportRun.Format = .xlsx,
            out: String = "."
        ) {
            self.report = report
            self.period = period
            self.format = format
            self.out = out
        }
    }

    /// Makes a report of `reports/` (or a file) for a period (`apptrail report`).
    ///
    /// Without `--week` or `--from/--to`, the period is the report's own: the last complete ISO week or
    /// calendar month before now.
    public static func report(
        options: ReportOptions, settings: Settings, reporter: Reporter,
        reports: ReportCatalog = .locate(), queries: QueryCatalog = .locate()
    ) throws -> ReportRun.Output {
        let definition = try reports.report(options.report)
        let now = settings.clock.now()
        let period: Period
        if !options.period.isGiven, definition.period == .month {
            period = Period.lastCompleteMonth(before: now)
        } else {
            period = try options.period.period(now: now)
        }
        var run = ReportRun.Options(period: period, asOf: period.asOf(now: now), generatedAt: now)
        run.format = options.format
        run.out = options.out
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        if let last = try warehouse.lastSyncSource() {
            run.source = ReportContent.Source(server: last.server, tenant: last.tenant, lastSync: last.endedAt)
        }
        let output = try reporter.metered("report", unit: "sheets") { meter in
            try ReportRun.run(
                definition, queries: queries, warehouse: warehouse, options: run,
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
