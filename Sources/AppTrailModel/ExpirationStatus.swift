/// The expiration status of an app as of an instant (docs/metrics.md, "Expiration of an app").
public enum ExpirationStatus: String, Sendable, CaseIterable {
    case active = "ACTIVE"
    case expiringSoon = "EXPIRING_SOON"
    case expired = "EXPIRED"
    case disabled = "DISABLED"
    case notStarted = "NOT_STARTED"
    case unknown = "UNKNOWN"
}

/// What an app's expiration comes to as of an instant.
public struct ExpirationEvaluation: Hashable, Sendable {
    public var status: ExpirationStatus
    /// `TTL`, `DATE`, `LIMIT`, `WINDOW`, or nil without expiration.
    public var expirationType: String?
    public var expiresAt: Instant?
    public var submissionsRemaining: Int?

    /// How close "soon" is: 7 days, or a tenth of a submission limit left.
    public static let soonMicros: Int64 = 7 * 86_400_000_000

    /// Evaluates `app` as of `t`.
    ///
    /// - Parameters:
    ///   - submissionsBefore: the app's submissions with `submitted_at < t`, TEST/PLAYGROUND left out.
    ///   - firstSubmission: the app's first submission at any time (TEST/PLAYGROUND left out), the base of a
    ///     TTL when the app's creation date is unknown.
    public init(app: AppDefinition?, asOf t: Instant, submissionsBefore: Int, firstSubmission: Instant?) {
        expirationType = app?.expiration?.typeName
        expiresAt = nil
        submissionsRemaining = nil
        var limit: Int?
        var unknown = false
        var notStarted = false
        switch app?.expiration {
        case .ttl(let ttl)?:
            if let base = app?.created ?? firstSubmission, let length = ISODuration.micros(ttl) {
                expiresAt = base + length
            } else {
                unknown = true
            }
        case .date(let date)?:
            expiresAt = date
        case .limit(let l)?:
            limit = l
            submissionsRemaining = l - submissionsBefore
        case .window(let start, let end)?:
            if let start, t < start { notStarted = true }
            expiresAt = end
        case nil:
            break
        }
        if app?.disabled == true {
            status = .disabled
        } else if unknown {
            status = .unknown
        } else if notStarted {
            status = .notStarted
        } else if let e = expiresAt, t >= e {
            status = .expired
        } else if let r = submissionsRemaining, r <= 0 {
            status = .expired
        } else if let e = expiresAt, e.micros - t.micros <= ExpirationEvaluation.soonMicros {
            status = .expiringSoon
        } else if let r = submissionsRemaining, let limit, r * 10 <= limit {
            status = .expiringSoon
        } else {
            status = .active
        }
    }
}
