import Foundation

/// Where "now" comes from: the system clock, or an instant pinned by `APPTRAIL_NOW` so that tests and
/// re-runs of a past report give the same bytes.
public struct Clock: Sendable {
    private let pinned: Instant?

    public static let system = Clock(pinned: nil)

    public init(pinned: Instant?) { self.pinned = pinned }

    public func now() -> Instant {
        pinned ?? Instant(micros: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }

    public var isPinned: Bool { pinned != nil }
}
