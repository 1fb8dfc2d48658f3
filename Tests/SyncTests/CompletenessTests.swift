import AppTrailCore
import AppTrailModel
import Foundation
import GRDB
import KestraClient
import KestraSimulator
import Sync
import Testing
import Warehouse

/// Every execution that carries an app label reaches the warehouse, whatever the Apps API lists, and an
/// older copy never replaces a newer one.
@Suite(.serialized) struct CompletenessTests {
    /// 8 apps carry labels; the Apps API lists 6 (the last, on the legacy `system_app` key, is unlisted).
    static let unlisted = SimulatorConfiguration(
        seed: 31, executions: 1_500, apps: 8, unlistedApps: 2, now: simNow, edition: .ee)

    @Test func appsTheAppsAPIDoesNotListAreReadAndJoinThePerAppScopes() async throws {
        let h = try await SyncHarness(Self.unlisted)
        defer { Task { await h.stop() } }
        #expect(h.simulator.apps.count == 6 && h.simulator.labelledAppIDs.count == 8)
        let first = try await h.sync()
        try h.expectWarehouseEqualsTruth()
        let stored = Set(try h.warehouse.knownAppIds())
        #expect(stored == Set(h.simulator.labelledAppIDs))
        #expect(first.counts.inserted == h.expectedRows().count)
        // The first sync read everything once, by the scan: a per-app read would only repeat its last minutes.
        #expect(first.pages == 2)

        let before = Set(try h.warehouse.openExecutions().map(\.id))
        let change = h.simulator.advance(by: 3 * 3600)
        h.settings.clock = Clock(pinned: h.simulator.now)
        h.lines.reset()
        h.simulator.requests.reset()
        let second = try await h.sync()
        try h.expectWarehouseEqualsTruth(extra: Set(change.purged))
        #expect(
            h.lines.text.contains(
                "reading every execution by the discovery scan, and 8 app(s) from the Apps API, app files and the warehouse: 17 scope(s)"
            ))
        #expect(second.scopes == 1 + 8 * 2)
        // The scopes of the two apps the scan found check their open executions from the scan's last check, as
        // the others do from their own: an execution is read by id only when purged.
        #expect(second.rereads == change.purged.filter { before.contains($0) }.count)
        #expect(second.purged == second.rereads)
        let searches = h.requests("/api/v1/acme/executions/search")
        #expect(searches.contains { $0.target.contains("=incidentReport&filters%5BendDate%5D") })
        #expect(
            !searches.contains {
                $0.target.contains("=incidentReport&")
                    && $0.target.contains(
                        "%5Bstate%5D%5BNOT_IN%5D=CANCELLED%2CFAILED%2CKILLED%2CRESUBMITTED%2CRETRIED%2CSKIPPED%2CSUCCESS%2CWARNING&"
                    )
            })
    }

    @Test func discoverStillStoresTheAppDefinitions() async throws {
        let h = try await SyncHarness(Self.unlisted)
        defer { Task { await h.stop() } }
        _ = try await h.sync { $0.discover = true }
        try h.expectWarehouseEqualsTruth()
        let stored = try h.warehouse.appDefinitions()
        let served = h.simulator.apps.sorted { $0.id < $1.id }
        #expect(stored == served)
        #expect(stored.map(\.name) == served.map(\.name))
        #expect(stored.map(\.expiration) == served.map(\.expiration))
        #expect(
            stored.contains {
                $0.expiration == .limit(100) || $0.expiration == .limit(250) || $0.expiration == .limit(1000)
            })
        #expect(h.lines.text.contains("discovery scan of every execution (--discover)"))
    }

    @Test func aDryRunCountsWhatTheRealRunDoes() async throws {
        let h = try await SyncHarness(Self.unlisted)
        defer { Task { await h.stop() } }
        // First sync: the scan and the per-app scopes meet the same executions in their overlap.
        let dry = try await h.sync { $0.dryRun = true }
        #expect(!FileManager.default.fileExists(atPath: h.settings.databasePath))
        let real = try await h.sync()
        #expect(dry.counts == real.counts && dry.pages == real.pages && dry.scopes == real.scopes)
        #expect(dry.counts.inserted == h.expectedRows().count)
        #expect(
            h.lines.text.contains(
                "dry run: would insert \(real.counts.inserted), updated 0, unchanged \(real.counts.unchanged),"))

        h.simulator.advance(by: 2 * 3600)
        h.settings.clock = Clock(pinned: h.simulator.now)
        let before = try h.storedRows()
        let runs = try h.warehouse.recentRuns(limit: 10).count
        let dry2 = try await h.sync { $0.dryRun = true }
        #expect(try h.storedRows() == before)
        #expect(try h.warehouse.recentRuns(limit: 10).count == runs)
        let real2 = try await h.sync()
        #expect(dry2.counts == real2.counts && dry2.rereads == real2.rereads && dry2.purged == real2.purged)
        #expect(real2.counts.inserted > 0 && real2.counts.updated > 0)
        // This process's scratch folder only: another apptrail's dry run on the machine may be under way.
        let scratch = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0 == "apptrail-dry-run-\(getpid())"
        }
        #expect(scratch.isEmpty, "scratch folders left: \(scratch)")
    }

    @Test func aSearchOlderThanTheWarehouseChangesNothing() async throws {
        // The warehouse holds the server's copies three hours later than a search index that lags behind.
        let later = try await SyncHarness(Self.unlisted)
        let change = later.simulator.advance(by: 3 * 3600)
        var newer: [UInt8] = []
        later.simulator.dumpNDJSON { newer += $0 }
        let newerRows = later.expectedRows()
        await later.stop()

        let h = try await SyncHarness(Self.unlisted)
        defer { Task { await h.stop() } }
        let file = h.directory + "/later.ndjson"
        try Data(newer).write(to: URL(fileURLWithPath: file))
        _ = try AppTrail.importExecutions(files: [file], settings: h.settings, reporter: h.reporter)
        let summary = try await h.sync()
        let lagging = h.expectedRows()
        let olderThere = change.changed.filter { lagging[$0] != nil && newerRows[$0] != nil }.count
        #expect(olderThere > 0)
        #expect(summary.counts.stale >= olderThere)
        #expect(summary.counts.updated == 0)
        #expect(
            h.lines.text.contains(
                summary.counts.stale == 1 ? "1 older copy ignored" : "\(summary.counts.stale) older copies ignored"))
        let stored = try h.storedRows()
        for (id, line) in newerRows where lagging[id] != nil {
            #expect(stored[id] == line, "execution \(id) went back to an older copy")
        }
        #expect(try h.warehouse.recentRuns(limit: 1).first?.outcome == "succeeded")
        let staleColumn = try h.warehouse.read { db in
            try Int.fetchOne(db, sql: "SELECT executions_stale FROM sync_runs ORDER BY id DESC LIMIT 1")
        }
        #expect(staleColumn == summary.counts.stale)
    }

    @Test func anAppNoSourceKnowsGetsOneWarningLine() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 5, executions: 200, apps: 3, now: simNow, edition: .ee))
        defer { Task { await h.stop() } }
        let summary = try await h.sync { $0.apps = ["expenseapproval", "expenseApproval"] }
        #expect(summary.counts.inserted > 0)
        let warnings = h.lines.all.filter { $0.hasPrefix("warning: ") }
        #expect(
            warnings == [
                "warning: app 'expenseapproval' is unknown: no execution carries its label and the Apps API does not list it (did you mean 'expenseApproval'?)\n"
            ])

        let oss = try await SyncHarness(
            SimulatorConfiguration(seed: 5, executions: 200, apps: 3, now: simNow, edition: .oss))
        defer { Task { await oss.stop() } }
        _ = try await oss.sync { $0.apps = ["nosuchapp"] }
        #expect(
            oss.lines.all.filter { $0.hasPrefix("warning: ") } == [
                "warning: app 'nosuchapp' is unknown: no execution carries its label\n"
            ])
    }

    @Test func a403OnTheAppsAPIWarnsAndEveryExecutionIsStillRead() async throws {
        let h = try await SyncHarness(Self.unlisted)
        defer { Task { await h.stop() } }
        h.simulator.inject(Fault(.status(403), path: "/api/v1/acme/apps/search", count: 1))
        let summary = try await h.sync()
        try h.expectWarehouseEqualsTruth()
        #expect(summary.scopes == 1)
        #expect(
            h.lines.all.contains(
                "warning: the credentials may not read the Apps API (HTTP 403): app names and expirations are not updated; every app's executions are still read (\(h.settings.serverURL!)/api/v1/acme/apps/search?page=1&size=100&sort=id%3Aasc)\n"
            ))
    }

    @Test func a403OnExecutionsIsAPermissionNotABadToken() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 5, executions: 50, apps: 2, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        h.simulator.inject(Fault(.status(403), path: "/api/v1/main/executions/search", count: 1))
        let error = await h.failingSync()
        #expect(exitCode(of: error) == .noPermission)
        #expect(
            String(describing: error!)
                == "permission denied (HTTP 403): the credentials were accepted but may not read executions in this tenant; grant the token's user or service account read access to executions (\(h.settings.serverURL!)/api/v1/main/executions/search?sort=state.startDate%3Aasc&sort=id%3Aasc&page=1&size=1000)"
        )
    }
}
