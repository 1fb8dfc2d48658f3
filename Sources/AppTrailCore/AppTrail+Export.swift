import Analysis
import AppTrailModel
import Exports
import Foundation
import Warehouse

extension AppTrail {
    /// Writes the auditors' per-app CSVs, manifest and export.json (`apptrail export`).
    public static func export(options: AuditExport.Options, settings: Settings, reporter: Reporter,
                              catalog: QueryCatalog = .locate()) throws -> AuditExport.Result {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        let result = try reporter.metered("export", unit: "executions") { meter in
            try AuditExport.run(warehouse: warehouse, catalog: catalog, options: options,
                                version: AppTrailVersion.current, now: settings.clock.now(),
                                planned: { meter.addToTotal($0) }, written: { meter.advance(by: $0) })
        }
        for file in result.files {
            reporter.info("\(file.name): \(file.rows) executions of \(file.appId)",
                          [("file", file.name), ("app", file.appId), ("rows", file.rows), ("sha256", file.sha256)])
        }
        return result
    }
}
