import AppTrailModel
import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A deterministic fake Kestra server: a seeded dataset of app executions served over HTTP the way the
/// three Kestra API generations serve it, with ground truth, fault injection and a movable clock.
///
/// ```swift
/// let sim = KestraSimulator(configuration: .init(seed: 7, executions: 2_000, api: .v1, edition: .ee,
///                                               auth: .basic(user: "u", password: "p")))
/// let base = try await sim.start()            // "http://127.0.0.1:PORT"
/// sim.inject(Fault(.status(503), path: "/api/v1/*/executions/search", count: 2))
/// // ... run a client against `base` ...
/// let expected = sim.truth()                   // [ExecutionRecord], what a correct client decodes
/// sim.advance(by: 3600)                        // new executions, decisions, one purge
/// await sim.stop()
/// ```
///
/// Public API:
/// - `init(configuration:)`, `configuration`, `now`
/// - `start(port:) async throws -> String`, `stop() async`, `restart(downtime:) async throws`, `baseURL`, `port`
/// - `advance(by:)`, `advance(to:) -> AdvanceSummary`, `resume(id:by:inputs:) -> Bool`
/// - `inject(_:)`, `clearFaults()`, `pendingFaults`
/// - `requests: RequestLog`
/// - `truth(view:) -> [ExecutionRecord]`, `truth(id:view:)`, `apps: [AppDefinition]`, `purgedIDs`, `executionIDs`
/// - `searchItemJSON(id:)`, `executionJSON(id:)`, `dumpNDJSON(to:)`: the bytes the server sends
public final class KestraSimulator: Sendable {
    public let configuration: SimulatorConfiguration
    /// Every request served (admin endpoints excluded).
    public let requests = RequestLog()

    let world: SimulatorWorld
    let storage: Mutex<DatasetStorage>
    let faults = FaultInjector()
    let cache = Mutex<(version: Int, results: [String: [UInt32]])>((-1, [:]))
    let stateIndex = Mutex<(version: Int, byState: [UInt8: [UInt32]])>((-1, [:]))
    let endIndex = Mutex<(version: Int, byEnd: [(end: Int64, i: UInt32)])>((-1, []))
    let server = Mutex<ServerState>(ServerState())
    /// Restarts a fault set going, for `settled()` to wait on.
    let restarts = Mutex<[Task<Void, Never>]>([])

    struct ServerState: Sendable {
        var http: HTTPServer?
        var task: Task<Void, Never>?
        var port: UInt16?
    }

    /// Generates the dataset (about 1 s per 100,000 executions in a release build).
    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        world = SimulatorWorld(config: configuration)
        storage = Mutex(world.makeStorage())
    }

    // MARK: Clock

    /// The simulator's clock.
    public var now: Instant { WireTime.instant(storage.withLock { $0.now }) }

    /// Moves the clock forward: executions arrive, pending ones get decided, running ones finish, one is purged.
    @discardableResult
    public func advance(by seconds: Double) -> AdvanceSummary {
        storage.withLock { s in world.advance(&s, to: s.now + Int64(seconds * 1e9)) }
    }

    /// Moves the clock to `instant` (nothing happens when it is not later than `now`).
    @discardableResult
    public func advance(to instant: Instant) -> AdvanceSummary {
        storage.withLock { s in world.advance(&s, to: WireTime.nanos(instant)) }
    }

    /// Resumes a PAUSED execution at the current clock, as `POST .../resume` does; false when it is not paused.
    @discardableResult
    public func resume(id: String, by user: String? = nil, inputs: [String: String] = [:]) -> Bool {
        guard let i = world.ids.index(of: id) else { return false }
        return storage.withLock { world.resume(&$0, index: Int(i), by: user, inputs: inputs) }
    }

    // MARK: Faults

    /// Arms a fault for the next matching requests.
    public func inject(_ fault: Fault) { faults.inject(fault) }
    public func clearFaults() { faults.clear() }
    /// Faults not yet spent.
    public var pendingFaults: [Fault] { faults.pending }
    /// Faults applied to requests so far (a slow answer counts when it starts waiting).
    public var firedFaults: Int { faults.fired }

    // MARK: Ground truth

    /// The executions the server holds now, as a correct client decodes them, in creation order.
    /// Purged executions are left out. Builds every record: mind memory above ~200,000 executions.
    public func truth(view: TruthView = .searchItems) -> [ExecutionRecord] {
        let s = storage.withLock { $0 }
        return (0..<s.count).filter { !s.purged[$0] }.map { world.observe(s, $0).record(configuration, view: view) }
    }

    /// The ground truth of one execution; nil when unknown or purged.
    public func truth(id: String, view: TruthView = .searchItems) -> ExecutionRecord? {
        let s = storage.withLock { $0 }
        guard let i = index(of: id, in: s) else { return nil }
        return world.observe(s, i).record(configuration, view: view)
    }

    /// The app definitions, as the Apps API of an Enterprise server describes them (open-source servers
    /// have no Apps API; the apps are then known only from labels). Unlisted apps are left out.
    public var apps: [AppDefinition] { world.listedApps.map(\.definition) }

    /// The ids of every app whose executions carry a label, listed by the Apps API or not.
    public var labelledAppIDs: [String] { world.apps.map(\.id) }

    /// Ids of executions purged by `advance`, oldest purge first.
    public var purgedIDs: [String] { storage.withLock { $0.purgedOrder.map { world.ids.string($0) } } }

    /// Ids of every execution the server holds now, in creation order.
    public var executionIDs: [String] {
        let s = storage.withLock { $0 }
        return (0..<s.count).filter { !s.purged[$0] }.map { world.ids.string(UInt32($0)) }
    }

    /// Number of executions the server holds now.
    public var executionCount: Int { storage.withLock { s in s.count - s.purgedOrder.count } }

    func index(of id: String, in s: DatasetStorage) -> Int? {
        guard let i = world.ids.index(of: id), Int(i) < s.count, !s.purged[Int(i)] else { return nil }
        return Int(i)
    }

    // MARK: Raw payloads

    /// The search item of one execution, exactly as the search endpoint sends it.
    public func searchItemJSON(id: String) -> [UInt8]? { payload(id: id, shape: .searchItem) }

    /// One execution as `GET .../executions/{id}` sends it.
    public func executionJSON(id: String) -> [UInt8]? { payload(id: id, shape: .full) }

    private func payload(id: String, shape: ExecutionRenderer.Shape) -> [UInt8]? {
        let s = storage.withLock { $0 }
        guard let i = index(of: id, in: s) else { return nil }
        var out = [UInt8]()
        ExecutionRenderer(config: configuration).append(world.observe(s, i), shape: shape, to: &out)
        return out
    }

    /// Writes every execution as search items, one JSON document per line, through `write` in ~1 MB chunks.
    public func dumpNDJSON(limit: Int? = nil, write: ([UInt8]) throws -> Void) rethrows {
        let s = storage.withLock { $0 }
        let renderer = ExecutionRenderer(config: configuration)
        var out = [UInt8]()
        out.reserveCapacity(1 << 21)
        var written = 0
        for i in 0..<s.count where !s.purged[i] {
            if let limit, written >= limit { break }
            renderer.append(world.observe(s, i), shape: .searchItem, to: &out)
            out.append(UInt8(ascii: "\n"))
            written += 1
            if out.count >= 1 << 20 {
                try write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty { try write(out) }
    }
}
