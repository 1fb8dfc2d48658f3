import Foundation

/// A request to stop, set when SIGINT or SIGTERM arrives and read by long work between two steps.
///
/// Setting it only records the signal: the work stops at its next safe point (between two pages, before
/// a request, or in libcurl's progress callback), so that what it commits stays whole.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?

    public init() {}

    /// The first signal received, if any.
    public var signal: Int32? { lock.withLock { received } }

    /// Whether a stop was asked for.
    public var requested: Bool { signal != nil }

    /// Records `signal`; a later one does not replace the first. Returns whether one was already recorded.
    @discardableResult
    public func request(_ signal: Int32) -> Bool {
        lock.withLock {
            defer { if received == nil { received = signal } }
            return received != nil
        }
    }

    /// `SIGINT` or `SIGTERM`, as a person reads it.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// The exit code of a run this signal stopped: 128 + the signal, as a shell reports it.
    public static func exitCode(of signal: Int32) -> ExitCode {
        signal == SIGTERM ? .terminated : .interrupted
    }
}
