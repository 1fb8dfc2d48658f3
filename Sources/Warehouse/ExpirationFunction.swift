import AppTrailModel
import GRDB

/// `expiration(field, disabled, created_at, type, ttl, date, limit, start, end, as_of, submissions_before,
/// first_submission)`: an app's expiration as of `as_of`, computed by `ExpirationEvaluation` (the one
/// implementation of docs/metrics.md's rules) for SQL in `queries/`. `field` is `status`, `expires_at` (warehouse
/// instant text) or `remaining`; the other arguments are the `apps` columns of the same names and the
/// app's submission counts.
enum ExpirationFunction {
    static let function = DatabaseFunction("expiration", argumentCount: 12, pure: true) { v in
        func text(_ i: Int) -> String? { String.fromDatabaseValue(v[i]) }
        func instant(_ i: Int) -> Instant? { text(i).flatMap { Instant(iso: $0) } }
        var expiration: Expiration?
        switch text(3) {
        case "TTL": expiration = text(4).map { .ttl($0) }
        case "DATE": expiration = instant(5).map { .date($0) }
        case "LIMIT": expiration = Int.fromDatabaseValue(v[6]).map { .limit($0) }
        case "WINDOW": expiration = .window(start: instant(7), end: instant(8))
        default: expiration = nil
        }
        let app = AppDefinition(id: "", disabled: Bool.fromDatabaseValue(v[1]) ?? false, created: instant(2),
                                expiration: expiration, source: .yaml)
        guard let asOf = instant(9) else { return nil }
        let e = ExpirationEvaluation(app: app, asOf: asOf, submissionsBefore: Int.fromDatabaseValue(v[10]) ?? 0,
                                     firstSubmission: instant(11))
        switch text(0) {
        case "status": return e.status.rawValue
        case "expires_at": return e.expiresAt?.iso
        case "remaining": return e.submissionsRemaining
        default: return nil
        }
    }
}
