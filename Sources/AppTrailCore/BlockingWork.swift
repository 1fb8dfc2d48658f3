import Foundation

/// Runs blocking work (libcurl, SQLite) on a thread of its own, off Swift's cooperative pool, so that an
/// in-process server on the same pool keeps answering.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
