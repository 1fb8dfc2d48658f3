import Foundation

/// Runs a producer on a thread of its own, one item ahead of the consumer, so that fetching and
/// decoding the next page overlaps with writing the current one.
///
/// The producer's `emit` blocks while the queue is full and returns false once the consumer has
/// stopped; the consumer's `next()` returns nil at the end and rethrows what the producer threw.
public final class Prefetcher<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var threadDone = false
    private let capacity: Int

    public init(capacity: Int = 1, produce: @escaping @Sendable (_ emit: (Item) -> Bool) throws -> Void) {
        self.capacity = capacity
        let thread = Thread { [self] in
            do {
                try produce { item in self.put(item) }
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
            condition.lock()
            finished = true
            threadDone = true
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil when the producer is done; throws the producer's error after its last item.
    public func next() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let item = queue.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer and waits for its thread to end, so that what it used is free again.
    public func finish() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !threadDone { condition.wait() }
        condition.unlock()
    }
}
