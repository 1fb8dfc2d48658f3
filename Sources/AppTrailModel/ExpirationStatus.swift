/// The expiration status of an app as of an instant (docs/metrics.md, "Expiration of an app").
public enum ExpirationStatus: String, Sendable, CaseIterable {
    case active = "ACTIVE"
    case expiringSoon = "EXPIRING_SOON"
    case expired = "EXPIRED"
    case disabled = "DISABLED"
    case notStarted = "NOT_STARTED"
    case unknown = "UNKNOWN"
}
