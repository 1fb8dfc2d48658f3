import Synchronization

/// The armed faults of a simulator, consumed by matching requests (thread-safe).
final class FaultInjector: Sendable {
    private struct Armed {
        var fault: Fault
        var skip: Int
        var left: Int
    }
    private let armed = Mutex<[Armed]>([])

    func inject(_ fault: Fault) {
        armed.withLock { $0.append(Armed(fault: fault, skip: max(0, fault.skip), left: max(0, fault.count))) }
    }

    /// Clears the armed faults; the count of those fired stays.
    func clear() { armed.withLock { $0.removeAll() } }

    private let firedCount = Mutex(0)
    /// Faults applied to requests since the simulator started.
    var fired: Int { firedCount.withLock { $0 } }

    /// Faults still armed.
    var pending: [Fault] { armed.withLock { $0.filter { $0.left > 0 }.map(\.fault) } }

    /// The fault to apply to this request, if any; consumes one use (or one skip) of each matching fault
    /// until one fires.
    func take(method: String, path: String, query: String) -> Fault? {
        armed.withLock { list in
            for k in list.indices
            where list[k].left > 0 && list[k].fault.matches(method: method, path: path, query: query) {
                if list[k].skip > 0 {
                    list[k].skip -= 1
                    continue
                }
                list[k].left -= 1
                firedCount.withLock { $0 += 1 }
                return list[k].fault
            }
            return nil
        }
    }
}
