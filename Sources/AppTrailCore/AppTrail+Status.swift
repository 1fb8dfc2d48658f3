import AppTrailModel
import GRDB
import Foundation
import Warehouse

/// The freshness of a warehouse, as `apptrail status` shows it.
public struct StatusReport: Sendable {
    public var warehouse: String
    public var executions: Int
    public var apps: Int
    public var openExecutions: Int
    public var lastSuccessfulSync: Instant?
    public var recentRuns: [SyncRunSummary]
    public var warnings: [String]

    /// The report as lines for a person.
    public var text: String {
        var lines = ["warehouse: \(warehouse)"]
        lines.append("executions: \(executions) in \(apps) app(s); \(openExecutions) not yet finished")
        lines.append("last successful sync: \(lastSuccessfulSync?.isoMillis ?? "never")")
        if !recentRuns.isEmpty {
            lines.append("recent runs:")
            for r in recentRuns {
                var line = "  #\(r.id) \(r.command) \(r.mode) \(r.startedAt) \(r.outcome): \(r.inserted) new, \(r.updated) changed, \(r.requests) requests"
                if let e = r.error { line += "; \(e)" }
                lines.append(line)
            }
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension AppTrail {
    /// Reads the warehouse's freshness (`apptrail status`).
    public static func status(settings: Settings) throws -> StatusReport {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        let runs = try warehouse.recentRuns(limit: 5)
        let counts = try warehouse.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT app_id FROM executions UNION SELECT app_id FROM apps)") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM executions WHERE is_terminal = 0 AND purged_at IS NULL") ?? 0)
        }
        var warnings: [String] = []
        if let last = runs.first(where: { $0.command == "sync" }), last.outcome != "succeeded" {
            warnings.append("the last sync (#\(last.id)) \(last.outcome == "running" ? "is still running or was killed" : last.outcome)\(last.error.map { ": \($0)" } ?? "")")
        }
        return StatusReport(warehouse: settings.databasePath, executions: counts.0, apps: counts.1, openExecutions: counts.2,
                            lastSuccessfulSync: try warehouse.lastSuccessfulSync(), recentRuns: runs, warnings: warnings)
    }
}
