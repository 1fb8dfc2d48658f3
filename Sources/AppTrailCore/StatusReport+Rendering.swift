import AppTrailModel
import Foundation

extension StatusReport {
    /// How many backlog entries the text lists before summing up the rest.
    static let backlogLines = 10

    /// The report as lines for a person; `problems` come last, one `problem:` line each.
    public var text: String {
        var lines = ["warehouse: \(warehouse)"]
        lines.append("executions: \(executions) in \(apps) app(s); \(openExecutions) not yet finished")
        if let last = lastSuccessfulSync {
            lines.append(
                "last successful sync: \(last.isoMillis) (\(SpanText.format(micros: now.micros - last.micros)) ago)")
        } else {
            lines.append("last successful sync: never")
        }
        if !recentRuns.isEmpty {
            lines.append("recent runs:")
            for r in recentRuns {
                var line =
                    "  #\(r.id) \(r.command) \(r.mode) \(r.startedAt) \(r.outcome): \(r.inserted) new, \(r.updated) changed, \(r.requests) requests"
                if let e = r.error { line += "; \(e)" }
                lines.append(line)
            }
        }
        lines.append(
            "pending approvals waiting more than \(SpanText.format(micros: thresholds.pendingOlderThanMicros)): \(backlog.count)"
        )
        for p in backlog.prefix(Self.backlogLines) {
            lines.append(
                "  \(p.appId) \(p.executionId) waiting since \(p.waitingSince) (\(SpanText.format(micros: Int64(p.ageSeconds * 1_000_000))))"
            )
        }
        if backlog.count > Self.backlogLines { lines.append("  and \(backlog.count - Self.backlogLines) more") }
        lines.append(
            "apps expiring within \(SpanText.format(micros: thresholds.expiringWithinMicros)): \(expiring.isEmpty ? "none" : String(expiring.count))"
        )
        for w in warnings { lines.append("warning: \(w)") }
        for p in problems { lines.append("problem: \(p)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The problem lines alone, for `--check --quiet`.
    public var problemText: String { problems.map { "problem: \($0)\n" }.joined() }

    /// The report as one JSON object, for collectors; durations in seconds.
    public func json() throws -> String {
        func nullable(_ value: Any?) -> Any { value ?? NSNull() }
        let runs: [[String: Any]] = recentRuns.map { r in
            [
                "id": r.id, "command": r.command, "mode": r.mode, "started_at": r.startedAt,
                "ended_at": nullable(r.endedAt),
                "outcome": r.outcome, "inserted": r.inserted, "updated": r.updated, "requests": r.requests,
                "error": nullable(r.error),
            ]
        }
        let pending: [[String: Any]] = backlog.map {
            [
                "app_id": $0.appId, "execution_id": $0.executionId, "waiting_since": $0.waitingSince,
                "age_s": $0.ageSeconds,
            ]
        }
        let apps: [[String: Any]] = expiring.map {
            [
                "app_id": $0.appId, "expires_at": nullable($0.expiresAt), "in_s": nullable($0.inSeconds),
                "submissions_remaining": nullable($0.submissionsRemaining),
            ]
        }
        let limits: [String: Any] = [
            "max_age_s": Double(thresholds.maxAgeMicros) / 1_000_000,
            "expiring_within_s": Double(thresholds.expiringWithinMicros) / 1_000_000,
            "pending_older_than_s": Double(thresholds.pendingOlderThanMicros) / 1_000_000,
        ]
        var object: [String: Any] = [
            "warehouse": warehouse, "now": now.isoMillis, "ok": problems.isEmpty,
            "executions": executions, "apps": self.apps, "open_executions": openExecutions,
            "thresholds": limits, "recent_runs": runs, "pending_backlog": pending, "expiring_apps": apps,
            "warnings": warnings, "problems": problems,
        ]
        object["last_successful_sync"] = nullable(lastSuccessfulSync?.isoMillis)
        object["last_successful_sync_age_s"] = nullable(
            lastSuccessfulSync.map { Double(now.micros - $0.micros) / 1_000_000 })
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
