import Analysis
import AppTrailModel
import Foundation
import Warehouse

extension AppTrail {
    /// Reads the warehouse's freshness (`apptrail status`); `problems` is what `--check` fails on.
    public static func status(
        settings: Settings, thresholds: StatusThresholds = StatusThresholds(),
        catalog: QueryCatalog = .locate()
    ) throws -> StatusReport {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        let now = settings.clock.now()
        let runs = try warehouse.recentRuns(limit: 5)
        let counts = try warehouse.statusCounts()
        let lastSuccess = try warehouse.lastSuccessfulSync()

        // The backlog and the expiries come from the same queries a person can run with `apptrail query`.
        let hours = Double(thresholds.pendingOlderThanMicros) / 3_600_000_000
        let pending = try catalog.query("pending_approvals").run(
            on: warehouse, parameters: ["as_of": now.iso, "hours": String(hours)])
        let backlog = pending.records.map { row in
            StatusReport.Pending(
                appId: row.text("app_id"), executionId: row.text("execution_id"),
                waitingSince: row.text("waiting_since"), ageSeconds: row.number("pending_age_s"))
        }
        let apps = try catalog.query("apps").run(on: warehouse, parameters: ["as_of": now.iso])
        let horizon = now + thresholds.expiringWithinMicros
        // An app expires within the window when its date does, or, for a submission limit, when its status is
        // already "expiring soon" (a tenth of the limit left, docs/metrics.md).
        let expiring = apps.records.compactMap { row -> StatusReport.Expiring? in
            let status = row.text("expiration_status")
            guard status == ExpirationStatus.active.rawValue || status == ExpirationStatus.expiringSoon.rawValue else {
                return nil
            }
            if let at = Instant(iso: row.text("expires_at")) {
                guard now < at, !(horizon < at) else { return nil }
                return StatusReport.Expiring(
                    appId: row.text("app_id"), expiresAt: at.isoMillis, inSeconds: at - now, submissionsRemaining: nil)
            }
            guard status == ExpirationStatus.expiringSoon.rawValue, let left = row.integer("submissions_remaining")
            else { return nil }
            return StatusReport.Expiring(
                appId: row.text("app_id"), expiresAt: nil, inSeconds: nil, submissionsRemaining: left)
        }

        var warnings: [String] = []
        if let last = runs.first(where: { $0.command == "sync" }), last.outcome != "succeeded" {
            // A run stopped by a signal recorded itself as interrupted; one still `running` was killed, or is running.
            let what =
                switch last.outcome {
                case "running": "is still running or was killed"
                case "interrupted": "was interrupted"
                default: last.outcome
                }
            warnings.append("the last sync (#\(last.id)) \(what)\(last.error.map { ": \($0)" } ?? "")")
        }
        var problems: [String] = []
        if let lastSuccess {
            let age = now.micros - lastSuccess.micros
            if age > thresholds.maxAgeMicros {
                problems.append(
                    "the last successful sync is \(SpanText.format(micros: age)) old (\(lastSuccess.isoMillis)), more than the \(SpanText.format(micros: thresholds.maxAgeMicros)) allowed"
                )
            }
        } else {
            problems.append("no sync has succeeded yet")
        }
        for app in expiring {
            if let at = app.expiresAt, let seconds = app.inSeconds {
                problems.append(
                    "app \(app.appId) expires in \(SpanText.format(micros: Int64(seconds * 1_000_000))) (\(at))")
            } else if let left = app.submissionsRemaining {
                problems.append("app \(app.appId) has \(left) submission(s) left before its limit")
            }
        }
        return StatusReport(
            warehouse: settings.databasePath, now: now, thresholds: thresholds, executions: counts.executions,
            apps: counts.apps, openExecutions: counts.openExecutions, lastSuccessfulSync: lastSuccess, recentRuns: runs,
            backlog: backlog, expiring: expiring, warnings: warnings, problems: problems)
    }
}

extension ResultSet {
    /// The rows by column name.
    fileprivate var records: [[String: Cell]] {
        rows.map { Dictionary(zip(columns, $0)) { first, _ in first } }
    }
}

extension [String: Cell] {
    fileprivate func text(_ column: String) -> String { self[column]?.string ?? "" }
    fileprivate func number(_ column: String) -> Double { self[column]?.number ?? 0 }
    fileprivate func integer(_ column: String) -> Int? { self[column]?.integer.flatMap { Int(exactly: $0) } }
}
