import AppTrailModel
import Foundation

/// When and how long to wait before trying a request again.
///
/// Connection errors, timeouts, 429 and 5xx are retried with exponential backoff and full jitter,
/// a bounded number of times; a 429's `Retry-After` wins over the computed delay.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a server asking for more is treated as failing.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries: for tests that want the first failure.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a response with this status is worth another try.
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// The delay before try number `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Double?, random: Double) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxRetryAfter) }
        let cap = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        // Full jitter: spread clients that failed together.
        return cap * (0.5 + random / 2)
    }

    /// Reads `Retry-After`: seconds, or an HTTP date.
    public static func retryAfterSeconds(_ header: String?, now: Instant) -> Double? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header), seconds.isFinite { return seconds }
        guard let date = HTTPDate.parse(header) else { return nil }
        return max(0, date - now)
    }
}
