import Analysis
import AppTrailModel
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// What `apptrail export` writes: which apps, which submissions, where and how.
    public typealias ExportOptions = AuditExport.Options

    /// Writes the auditors' per-app CSVs, manifest and export.json (`apptrail export`).
    public static func export(
        options: ExportOptions, settings: Settings, reporter: Reporter,
        catalog: QueryCatalog = .locate()
    ) throws -> AuditExport.Result {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        let result = try reporter.metered("export", unit: "executions") { meter in
            try AuditExport.run(
                warehouse: warehouse, catalog: catalog, options: options,
                version: AppTrailVersion.current, now: settings.clock.now(),
                planned: { meter.addToTotal($0) }, written: { meter.advance(by: $0) })
        }
        for file in result.files {
            reporter.info(
                "\(file.name): \(file.rows) executions of \(file.appId)",
                [("file", file.name), ("app", file.appId), ("rows", file.rows), ("sha256", file.sha256)])
        }
        return result
    }
}

extension AppTrail.ExportOptions {
    /// The options of `--app`, `--from`, `--to` (as typed: a date or an instant; either may come alone),
    /// `--out` and `--bom`.
    public init(apps: [String], from: String?, to: String?, out: String, bom: Bool) throws(Problem) {
        self.init()
        (self.from, self.to) = try PeriodRequest.bounds(from: from, to: to)
        self.apps = apps
        self.out = out
        self.bom = bom
    }
}
