import AppTrailCore
import AppTrailModel
import Foundation
import GRDB
import KestraClient
import KestraSimulator
import Sync
import Testing
import Warehouse

/// One row of the fault table of docs/reliability.md: what the server does during a sync, and how the
/// sync must end.
struct FaultScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var faults: [Fault] = []
    /// Seconds allowed per request; the default leaves a loaded test machine room, the slow scenarios cut it.
    var requestTimeout: Double = 30
    /// The server is down (connections refused) when the sync starts.
    var serverDown = false
    /// nil: the sync recovers and ends with exit 0; else the exit code it must end with.
    var failsWith: ExitCode?
    /// The start of the one-line error of a failing sync.
    var errorPrefix: String?
    /// The least time the sync must take (a `Retry-After` honoured).
    var atLeastSeconds: Double = 0
    /// A retry line the progress output must show.
    var retryLine: String?

    var testDescription: String { name }

    static let search = "/api/v1/main/executions/search"

    /// Every scenario runs against the same 600 executions, read in pages of 50 by the discovery scan.
    static let all: [FaultScenario] = [
        FaultScenario(
            name: "5xx burst", faults: [Fault(.status(503), path: search, count: 3, skip: 2)],
            retryLine: "HTTP 503; try 2 of 5"),
        FaultScenario(
            name: "5xx longer than the retries", faults: [Fault(.status(502), path: search, count: 100, skip: 2)],
            failsWith: .unavailable, errorPrefix: "server unreachable after 5 tries: HTTP 502 ("),
        FaultScenario(
            name: "429 storm with Retry-After",
            faults: [Fault(.rateLimited(retryAfter: 1), path: search, count: 3, skip: 1)],
            atLeastSeconds: 3, retryLine: "HTTP 429; try 2 of 5 in 1.0 s"),
        FaultScenario(
            name: "429 with a Retry-After of an hour",
            faults: [Fault(.rateLimited(retryAfter: 3600), path: search, count: 1, skip: 3)],
            failsWith: .unavailable, errorPrefix: "server unreachable after 1 try: HTTP 429 with Retry-After 3600 s ("),
        FaultScenario(
            name: "a page slower than the timeout", faults: [Fault(.slow(seconds: 6), path: search, count: 1, skip: 1)],
            requestTimeout: 3,
            retryLine: "Timeout was reached; try 2 of 5"),
        FaultScenario(
            name: "a server always slower than the timeout",
            faults: [Fault(.slow(seconds: 6), path: search, count: 5, skip: 4)],
            requestTimeout: 3,
            failsWith: .unavailable, errorPrefix: "server unreachable after 5 tries: Timeout was reached ("),
        FaultScenario(
            name: "truncated bodies", faults: [Fault(.truncatedBody, path: search, count: 2, skip: 1)],
            retryLine: "; try 2 of 5"),
        FaultScenario(
            name: "connections reset before the answer",
            faults: [Fault(.dropConnection, path: search, count: 3, skip: 5)],
            retryLine: "; try 2 of 5"),
        FaultScenario(
            name: "server restarted mid-sync",
            faults: [Fault(.restart(downtime: 0.05), path: search, count: 1, skip: 4)]),
        FaultScenario(
            name: "server down longer than the retries mid-sync",
            faults: [Fault(.restart(downtime: 4), path: search, count: 1, skip: 4)],
            failsWith: .unavailable, errorPrefix: "server unreachable after 5 tries: "),
        FaultScenario(
            name: "connection refused", serverDown: true,
            failsWith: .unavailable, errorPrefix: "server unreachable after 5 tries: Couldn't connect to server ("),
        FaultScenario(
            name: "a total larger than the truth", faults: [Fault(.lyingTotal(100_000), path: search, count: 4)]),
        FaultScenario(
            name: "a total smaller than the truth", faults: [Fault(.lyingTotal(-100_000), path: search, count: 4)]),
        FaultScenario(
            name: "executions arrive, end and are purged during the crawl",
            faults: [
                Fault(.advance(seconds: 86_400), path: search, count: 3, skip: 1),
                Fault(.advance(seconds: 2 * 86_400), path: search, count: 1, skip: 9),
            ]),
        FaultScenario(
            name: "an HTML page from a proxy",
            faults: [
                Fault(.malformedBody("<html><body>502 Bad Gateway</body></html>"), path: search, count: 1, skip: 3)
            ],
            failsWith: .unavailable,
            errorPrefix:
                "the server answered an HTML page (without a title), not Kestra's API: is --server the API's base URL, behind a login proxy? ("
        ),
        FaultScenario(
            name: "a page that breaks the schema",
            faults: [
                Fault(
                    .malformedBody(#"{"results": [{"id": "x1", "namespace": "a"}], "total": 1}"#), path: search,
                    count: 1, skip: 1)
            ],
            failsWith: .dataError, errorPrefix: "bad response for page 2 of all executions: results[0] (id x1): "),
        FaultScenario(
            name: "the token revoked mid-sync", faults: [Fault(.status(401), path: search, count: 1, skip: 2)],
            failsWith: .noPermission,
            errorPrefix:
                "authentication refused (HTTP 401): check the token (KESTRA_API_TOKEN, --token-file, token_file)"),
    ]
}

/// Syncs through each fault of the table, compares the warehouse with the simulator's own data execution by
/// execution, and, when the sync failed, shows that the next one completes the warehouse.
///
/// Each scenario prints one `reliability:` line, the figures of docs/reliability.md.
@Suite(.serialized) struct FaultScenarioTests {
    @Test(arguments: FaultScenario.all)
    func aSyncUnderFaultEndsRecoveredOrFailsCleanly(scenario: FaultScenario) async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 5, executions: 600, apps: 3, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        h.settings.transport.requestTimeout = scenario.requestTimeout
        for fault in scenario.faults { h.simulator.inject(fault) }
        if scenario.serverDown { await h.simulator.stop() }

        let started = Date()
        let error = await h.failingSync { $0.pageSize = 50 }
        let seconds = Date().timeIntervalSince(started)
        let injected = h.simulator.firedFaults + (scenario.serverDown ? 1 : 0)
        #expect(injected > 0)
        if scenario.failsWith == nil {
            #expect(h.simulator.pendingFaults.isEmpty, "a fault was never reached: \(h.simulator.pendingFaults)")
        }
        #expect(seconds >= scenario.atLeastSeconds, "Retry-After was not honoured")
        if let line = scenario.retryLine { #expect(h.lines.text.contains(line), "\(h.lines.text)") }

        // Whatever the outcome, what the warehouse holds is what the server said: nothing half-written. A first
        // sync that stored nothing leaves no warehouse at all.
        let kept = FileManager.default.fileExists(atPath: h.settings.databasePath)
        if kept { try expectEveryStoredRowTrue(h) }
        let run = kept ? try h.warehouse.recentRuns(limit: 1).first : nil
        if let expected = scenario.failsWith {
            #expect(exitCode(of: error) == expected, "\(String(describing: error))")
            let message = error.map { String(describing: $0) } ?? ""
            #expect(message.hasPrefix(scenario.errorPrefix ?? ""), "\(message)")
            #expect(!message.contains("\n"))
            if kept {
                #expect(run?.outcome == "failed" && run?.error == message)
                #expect(
                    try h.storedRows().count < h.expectedRows().count, "the fault came too late to cut the sync short")
            } else {
                #expect(scenario.serverDown, "only a sync that reached nothing may leave no warehouse")
            }
            // The next sync, the fault gone, completes the warehouse.
            h.simulator.clearFaults()
            await h.simulator.settled()
            if h.simulator.baseURL == nil { try await h.simulator.start() }
            _ = try await h.sync { $0.pageSize = 50 }
        } else {
            #expect(error == nil, "\(String(describing: error))")
            #expect(run?.outcome == "succeeded")
        }

        if scenario.faults.contains(where: { if case .advance = $0.kind { true } else { false } }) {
            // The clock really moved under the crawl: executions arrived and one was purged.
            #expect(h.simulator.executionCount + h.simulator.purgedIDs.count > 600 && !h.simulator.purgedIDs.isEmpty)
        }
        try h.expectWarehouseEqualsTruth(extra: Set(h.simulator.purgedIDs))
        let (lost, duplicated) = try losses(h)
        #expect(lost == 0 && duplicated == 0)
        #expect(try h.warehouse.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        let outcome = scenario.failsWith.map { "exit \($0.rawValue), then completed by the next sync" } ?? "recovered"
        print(
            "reliability: \(scenario.name) | faults injected \(injected) | requests \(h.simulator.requests.count) | \(outcome) | lost \(lost) | duplicated \(duplicated)"
        )
    }

    /// Every stored execution equals the simulator's data (a purged one keeps what was read before). Under page
    /// drift too: an execution read before the clock moved is read again later in the same sync.
    private func expectEveryStoredRowTrue(_ h: SyncHarness) throws {
        let expected = h.expectedRows()
        let purged = Set(h.simulator.purgedIDs)
        var wrong: [String] = []
        for (id, line) in try h.storedRows() where expected[id] != line && !purged.contains(id) {
            wrong.append(id)
        }
        #expect(wrong.isEmpty, "\(wrong.count) stored executions differ from the server's: \(wrong.prefix(3))")
    }

    /// Executions of the simulator missing from the warehouse, and ids stored more than once.
    private func losses(_ h: SyncHarness) throws -> (lost: Int, duplicated: Int) {
        let stored = try h.warehouse.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0,
                try Set(String.fetchAll(db, sql: "SELECT id FROM executions"))
            )
        }
        let lost = Set(h.expectedRows().keys).subtracting(stored.1).count
        return (lost, stored.0 - stored.1.count)
    }
}
