import AppTrailCore
import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import KestraClient
import KestraSimulator
import Sync
import Testing
import Warehouse

/// A simulator on a free loopback port and a fresh warehouse beside it, for one test.
final class SyncHarness: @unchecked Sendable {
    let simulator: KestraSimulator
    let directory: String
    var settings = Settings()
    let lines = LockedLines()

    init(_ configuration: SimulatorConfiguration) async throws {
        simulator = KestraSimulator(configuration: configuration)
        directory = temporaryFolder("apptrail-sync")
        let url = try await simulator.start(port: 0)
        settings.serverURL = url
        settings.tenant = configuration.tenant
        settings.databasePath = directory + "/apptrail.db"
        settings.clock = Clock(pinned: configuration.now)
        // Fast backoff keeps fault tests short; Retry-After is still honoured as sent.
        settings.retry = RetryPolicy(maxAttempts: 5, baseDelay: 0.02, maxDelay: 0.2)
        switch configuration.auth {
        case .none: break
        case .basic(let user, let password): settings.credentials = .basic(user: user, password: password)
        case .bearer(let token): settings.credentials = .bearer(token: token)
        }
    }

    func stop() async {
        await simulator.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var reporter: Reporter {
        Reporter(format: .text, quiet: false, secrets: settings.credentials.secrets) { [lines] in lines.append($0) }
    }

    /// Runs `apptrail sync` on a thread of its own (libcurl blocks; the simulator runs on the async pool).
    func sync(_ configure: (inout SyncOptions) -> Void = { _ in }) async throws -> SyncSummary {
        var options = SyncOptions()
        configure(&options)
        let settings = self.settings
        let reporter = self.reporter
        let opts = options
        return try await runBlocking { try AppTrail.sync(settings: settings, options: opts, reporter: reporter) }
    }

    /// Runs a sync that must fail, and returns its error.
    func failingSync(_ configure: (inout SyncOptions) -> Void = { _ in }) async -> (any Error)? {
        do {
            _ = try await sync(configure)
            return nil
        } catch {
            return error
        }
    }

    var warehouse: Warehouse { get throws { try Warehouse(path: settings.databasePath, readOnly: true) } }

    /// The warehouse's executions as comparable lines, by id.
    func storedRows() throws -> [String: String] {
        try warehouse.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT \(SyncHarness.columns.joined(separator: ", ")) FROM executions")
            {
                out[row["id"]] = SyncHarness.columns.map { (row[$0] as DatabaseValue).description }.joined(
                    separator: " | ")
            }
            return out
        }
    }

    /// What a correct sync stores for the simulator's current data, by id.
    func expectedRows(view: TruthView = .searchItems) -> [String: String] {
        var out: [String: String] = [:]
        for record in simulator.truth(view: view) {
            guard
                let r = ExecutionRow(record, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: settings.tenant)
            else { continue }
            out[r.id] = r.values.map { (($0 as? DatabaseValueConvertible)?.databaseValue ?? .null).description }.joined(
                separator: " | ")
        }
        return out
    }

    static let columns = ExecutionRow.columns

    /// Asserts that the warehouse holds exactly the simulator's app executions (plus `extra` ids kept after a purge).
    func expectWarehouseEqualsTruth(
        view: TruthView = .searchItems, extra: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let stored = try storedRows()
        let expected = expectedRows(view: view)
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        let missing = Set(expected.keys).subtracting(stored.keys)
        let unexpected = Set(stored.keys).subtracting(expected.keys).subtracting(extra)
        #expect(
            missing.isEmpty, "missing \(missing.count): \(missing.sorted().prefix(5))", sourceLocation: sourceLocation)
        #expect(
            unexpected.isEmpty, "unexpected \(unexpected.count): \(unexpected.sorted().prefix(5))",
            sourceLocation: sourceLocation)
        var differing = 0
        for (id, line) in expected where stored[id] != nil && stored[id] != line {
            if differing < 3 {
                Issue.record(
                    "execution \(id) differs:\n  stored:   \(stored[id]!)\n  expected: \(line)",
                    sourceLocation: sourceLocation)
            }
            differing += 1
        }
        #expect(differing == 0, sourceLocation: sourceLocation)
    }

    /// Requests the simulator answered for paths under `prefix`.
    func requests(_ prefix: String) -> [RequestRecord] {
        simulator.requests.all.filter { $0.target.hasPrefix(prefix) }
    }
}

/// Progress lines collected from a reporter.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ s: String) {
        lock.lock()
        storage.append(s)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
    func reset() {
        lock.lock()
        storage.removeAll()
        lock.unlock()
    }
    var text: String { all.joined() }
}

let simNow = Instant(iso: "2026-11-25T12:00:00Z")!

func exitCode(of error: (any Error)?) -> ExitCode? { (error as? AppTrailError)?.exitCode }
