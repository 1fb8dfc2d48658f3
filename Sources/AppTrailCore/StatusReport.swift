import AppTrailModel
import Warehouse

/// What `apptrail status` measures against: how old a sync may be, how near an expiry, how long a wait.
public struct StatusThresholds: Sendable {
    /// The oldest last successful sync that counts as fresh.
    public var maxAgeMicros: Int64 = 3_600_000_000
    /// Apps that expire within this span from now are a problem.
    public var expiringWithinMicros: Int64 = 7 * 86_400_000_000
    /// Pending approvals waiting longer than this are the approvers' backlog.
    public var pendingOlderThanMicros: Int64 = 2 * 86_400_000_000
    public init() {}

    /// The thresholds of `--max-age`, `--expiring-within` and `--pending-older-than` as typed (90s, 15m, 2h,
    /// 7d, 2w, 1h30m or ISO-8601), the defaults where one is not given.
    public init(maxAge: String?, expiringWithin: String?, pendingOlderThan: String?) throws(Problem) {
        func micros(_ flag: String, _ value: String?, _ byDefault: Int64) throws(Problem) -> Int64 {
            guard let value else { return byDefault }
            guard let micros = SpanText.micros(value) else {
                throw Problem(.usage, "\(flag) is not a duration (90s, 15m, 2h, 7d, 2w, 1h30m or PT2H): \(value)")
            }
            return micros
        }
        maxAgeMicros = try micros("--max-age", maxAge, maxAgeMicros)
        expiringWithinMicros = try micros("--expiring-within", expiringWithin, expiringWithinMicros)
        pendingOlderThanMicros = try micros("--pending-older-than", pendingOlderThan, pendingOlderThanMicros)
    }
}

/// The freshness of a warehouse, as `apptrail status` shows it: counts, the last syncs, the approvers'
/// backlog, the apps about to expire, and the problems a monitoring check fails on.
public struct StatusReport: Sendable {
    /// An execution waiting for a decision for longer than the threshold.
    public struct Pending: Sendable {
        public var appId: String
        public var executionId: String
        public var waitingSince: String
        public var ageSeconds: Double
    }

    /// An active app whose expiry falls within the window, by date or by its submission limit.
    public struct Expiring: Sendable {
        public var appId: String
        public var expiresAt: String?
        public var inSeconds: Double?
        public var submissionsRemaining: Int?
    }

    public var warehouse: String
    public var now: Instant
    public var thresholds: StatusThresholds
    public var executions: Int
    public var apps: Int
    public var openExecutions: Int
    public var lastSuccessfulSync: Instant?
    public var recentRuns: [SyncRunSummary]
    /// Every pending approval older than the threshold, oldest first.
    public var backlog: [Pending]
    public var expiring: [Expiring]
    /// Worth a look, not a failed check (the last sync failed while an earlier one is still fresh).
    public var warnings: [String]
    /// What `--check` fails on: a sync too old or never, an app about to expire.
    public var problems: [String]
}
