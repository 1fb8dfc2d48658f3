import AppTrailCore
import AppTrailModel
import Foundation
import GRDB
import KestraClient
import KestraSimulator
import Sync
import Testing
import Warehouse
import YAMLReader

@Suite(.serialized) struct SyncTests {
    @Test(arguments: [
        (SimulatedAPI.v0_22, SimulatedEdition.oss),
        (SimulatedAPI.v1(minor: 1), SimulatedEdition.oss),
        (SimulatedAPI.v1, SimulatedEdition.ee),
        (SimulatedAPI.v2, SimulatedEdition.ee),
        (SimulatedAPI.v2, SimulatedEdition.oss),
    ])
    func everyGenerationSyncsToTheTruth(api: SimulatedAPI, edition: SimulatedEdition) async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 7, executions: 400, apps: 6, now: simNow, api: api, edition: edition))
        defer { Task { await h.stop() } }
        let summary = try await h.sync { $0.pageSize = 100 }
        // 2.0 search items carry no task runs: who decided comes from the outputs endpoint.
        try h.expectWarehouseEqualsTruth(view: api == .v2 ? .complete : .searchItems)
        #expect(summary.counts.inserted == h.expectedRows().count)
        if edition == .oss {
            #expect(h.lines.text.contains("discovery scan of every execution (the server has no Apps API)"))
            #expect(summary.counts.skipped > 0)
        } else {
            #expect(h.lines.text.contains("app(s) from the Apps API"))
            let apps = try h.warehouse.appDefinitions()
            #expect(apps.map(\.id).sorted() == h.simulator.apps.map(\.id).sorted())
        }
        if api == .v2 {
            #expect(!h.requests("/api/v1/\(h.settings.tenant)/outputs/").isEmpty)
        }
        let runs = try h.warehouse.recentRuns(limit: 1)
        #expect(runs.first?.outcome == "succeeded")
        #expect(runs.first?.requests == h.simulator.requests.count)
    }

    @Test func pagesOverManyWindowsInAStableOrder() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 11, executions: 700, apps: 4, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let summary = try await h.sync { $0.pageSize = 50 }
        #expect(summary.pages >= 14)
        try h.expectWarehouseEqualsTruth()
        // Every request restarts from a start date or moves the offset: never past page * size = 10,000.
        let searches = h.requests("/api/v1/main/executions/search")
        #expect(searches.count == summary.pages)
        #expect(searches.allSatisfy { $0.target.contains("sort=state.startDate%3Aasc&sort=id%3Aasc") })
    }

    @Test func theServerRefusesPagesAbove1000() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 1, executions: 20, apps: 2, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let client = KestraClient(configuration: try h.settings.clientConfiguration(), appSource: AppYAML.definition)
        #expect {
            _ = try client.search(ExecutionSearch(), page: 1, size: 1001, context: "page 1 of all executions")
        } throws: { error in
            let e = error as? KestraError
            return e?.exitCode == .unavailable
                && String(describing: error).hasPrefix("server refused the request (HTTP 422): ")
        }
        #expect(client.requestCount == 2) // the configs probe, then one refused search: a 422 is not retried
    }

    @Test func basicAndBearerAuthAreAccepted() async throws {
        for auth in [SimulatorAuth.basic(user: "ops", password: "pa55-word"), .bearer(token: "tok-9f8e7d")] {
            let h = try await SyncHarness(
                SimulatorConfiguration(seed: 3, executions: 50, apps: 2, now: simNow, edition: .oss, auth: auth))
            _ = try await h.sync()
            try h.expectWarehouseEqualsTruth()
            await h.stop()
        }
    }

    @Test func refusedAuthFailsAtOnceWithExit77() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(
                seed: 3, executions: 50, apps: 2, now: simNow, edition: .oss,
                auth: .bearer(token: "right-token")))
        defer { Task { await h.stop() } }
        h.settings.credentials = .bearer(token: "wrong-token-value")
        let error = await h.failingSync()
        #expect(exitCode(of: error) == .noPermission)
        #expect(
            String(describing: error!)
                == "authentication refused (HTTP 401): check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME/KESTRA_PASSWORD (\(h.settings.serverURL!)/api/v1/configs)"
        )
        #expect(h.simulator.requests.count == 1)
        #expect(!h.lines.text.contains("wrong-token-value"))
        // A first sync that stored nothing leaves no warehouse, lock file included.
        let path = h.settings.databasePath
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).isEmpty)
        // Where a warehouse exists, the failed run is recorded in it, without the token.
        _ = try Warehouse(path: path)
        _ = await h.failingSync()
        #expect(FileManager.default.fileExists(atPath: path))
        let run = try h.warehouse.recentRuns(limit: 1).first
        #expect(run?.outcome == "failed")
        #expect(run?.error?.contains("wrong-token-value") == false)
    }

    @Test func incrementalSyncReadsOnlyWhatItMust() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 21, executions: 500, apps: 4, now: simNow, edition: .ee))
        defer { Task { await h.stop() } }
        _ = try await h.sync()
        try h.expectWarehouseEqualsTruth()
        let openBeforeRows = try h.warehouse.openExecutions()
        let openBefore = Set(openBeforeRows.map(\.id))
        #expect(!openBefore.isEmpty)

        let change = h.simulator.advance(by: 3 * 3600)
        #expect(!change.arrived.isEmpty && !change.changed.isEmpty && change.purged.count == 1)
        h.simulator.requests.reset()
        h.settings.clock = Clock(pinned: h.simulator.now)
        let summary = try await h.sync()
        try h.expectWarehouseEqualsTruth(extra: Set(change.purged))

        // The purged execution stays, marked.
        let purged = try h.warehouse.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM executions WHERE purged_at IS NOT NULL")
        }
        let purgedApp = change.purged.filter { h.expectedRows().keys.contains($0) || openBefore.contains($0) }
        #expect(Set(purged) == Set(purgedApp.filter { openBefore.contains($0) }))

        // Requests: the probe, the Apps API, one search of the discovery scan for new executions, and for each scope
        // that held open executions one search for those that ended or paused since the last sync and one
        // for those running now; a paused execution that neither returns is as it was. Only executions
        // that none of these return (purged) are read by id.
        let tenant = h.settings.tenant
        let searches = h.requests("/api/v1/\(tenant)/executions/search").count
        let gets = h.simulator.requests.all.filter {
            $0.target.hasPrefix("/api/v1/\(tenant)/executions/") && !$0.target.contains("/search")
        }.count
        let apps = h.requests("/api/v1/\(tenant)/apps").count
        #expect(searches == summary.pages)
        let scopesWithOpen = Set(openBeforeRows.map { "\($0.app)/\($0.key)" }).count
        // The scan reads what is new (one page), the per-app scopes check their open executions.
        #expect(searches == 1 + 2 * scopesWithOpen)
        #expect(
            h.requests("/api/v1/\(tenant)/executions/search").filter {
                $0.target.contains("filters%5BendDate%5D%5BGREATER_THAN_OR_EQUAL_TO%5D")
            }.count == scopesWithOpen)
        #expect(gets == summary.rereads)
        #expect(summary.rereads <= change.purged.count)
        #expect(h.simulator.requests.count == 1 + apps + searches + gets)
        #expect(summary.counts.inserted == change.arrived.filter { h.expectedRows()[$0] != nil }.count)
    }

    @Test func aSecondSyncExits75AtOnce() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 2, executions: 20, apps: 2, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let lock = try WarehouseLock(warehousePath: h.settings.databasePath)
        let error = await h.failingSync()
        #expect(exitCode(of: error) == .tempFail)
        #expect(
            String(describing: error!).hasPrefix(
                "another sync holds the warehouse lock \(h.settings.databasePath).lock (held by pid "))
        #expect(h.simulator.requests.count == 0)
        _ = lock
    }

    @Test func dryRunWritesNothing() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 2, executions: 200, apps: 2, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let dry = try await h.sync { $0.dryRun = true }
        #expect(dry.counts.inserted == h.expectedRows().count)
        #expect(!FileManager.default.fileExists(atPath: h.settings.databasePath))
        _ = try await h.sync()
        let before = try h.storedRows()
        h.simulator.advance(by: 3600)
        let dry2 = try await h.sync { $0.dryRun = true }
        #expect(dry2.counts.inserted > 0)
        #expect(try h.storedRows() == before)
        #expect(try h.warehouse.recentRuns(limit: 5).count == 1)
    }

    @Test func importingTheSameFileTwiceChangesNothing() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 4, executions: 300, apps: 3, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let file = h.directory + "/executions.ndjson"
        var bytes: [UInt8] = []
        h.simulator.dumpNDJSON { bytes += $0 }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let first = try AppTrail.importExecutions(files: [file], settings: h.settings, reporter: h.reporter)
        #expect(first.counts.inserted == h.expectedRows().count)
        #expect(first.executions == 300)
        try h.expectWarehouseEqualsTruth()
        let before = try h.storedRows()
        let second = try AppTrail.importExecutions(files: [file], settings: h.settings, reporter: h.reporter)
        #expect(
            second.counts.inserted == 0 && second.counts.updated == 0
                && second.counts.unchanged == first.counts.inserted)
        #expect(try h.storedRows() == before)
        let updatedAt = try h.warehouse.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT updated_at FROM executions")
        }
        #expect(updatedAt == [simNow.iso])
    }

    @Test func aBadImportFileNamesTheLineAndImportsNothing() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 4, executions: 30, apps: 3, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        let file = h.directory + "/bad.ndjson"
        var bytes: [UInt8] = []
        h.simulator.dumpNDJSON(limit: 5) { bytes += $0 }
        bytes +=
            Array(
                #"{"id": "broken", "namespace": "x", "flowId": "f", "state": {"current": "SUCCESS", "histories": [{"state": "SUCCESS", "date": "not a date"}]}}"#
                    .utf8) + [10]
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect {
            _ = try AppTrail.importExecutions(files: [file], settings: h.settings, reporter: h.reporter)
        } throws: { error in
            let message = String(describing: error)
            return exitCode(of: error) == .dataError && message.hasPrefix("\(file): line 6 (id broken): ")
                && message.contains("'state.histories[0].date' is not an ISO-8601 instant")
        }
        #expect(try h.storedRows().isEmpty)
        #expect {
            _ = try AppTrail.importExecutions(
                files: [h.directory + "/missing.json"], settings: h.settings, reporter: h.reporter)
        } throws: { error in
            exitCode(of: error) == .noInput
                && String(describing: error) == "cannot read \(h.directory)/missing.json: no such file or not readable"
        }
    }

    @Test func appSinceFullAndDiscoverNarrowOrWidenTheRead() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 8, executions: 400, apps: 5, now: simNow, edition: .ee))
        defer { Task { await h.stop() } }
        let app = h.simulator.apps.map(\.id).sorted()[1]
        let one = try await h.sync { $0.apps = [app] }
        #expect(one.scopes == 2)
        let stored = try h.storedRows()
        let expectedForApp = h.expectedRows().filter { $0.value.contains(" | \"\(app)\" | ") }
        #expect(Set(stored.keys) == Set(expectedForApp.keys))
        // Definitions are stored whatever the plan: `apps` and the reports name every app after an `--app` run.
        #expect(try h.warehouse.appDefinitions() == h.simulator.apps.sorted { $0.id < $1.id })

        let since = Instant(iso: "2026-11-18")!
        h.settings.databasePath = h.directory + "/since.db"
        _ = try await h.sync { $0.since = since }
        let sinceRows = try h.storedRows()
        #expect(!sinceRows.isEmpty)
        let early = try h.warehouse.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM executions WHERE submitted_at < ?", arguments: [since.iso])
        }
        #expect(early == 0)
        #expect(sinceRows.count < h.expectedRows().count)

        h.settings.databasePath = h.directory + "/full.db"
        _ = try await h.sync()
        let full = try await h.sync { $0.full = true }
        #expect(full.counts.inserted == 0 && full.counts.updated == 0)
        #expect(full.counts.unchanged >= h.expectedRows().count)
        try h.expectWarehouseEqualsTruth()

        h.settings.databasePath = h.directory + "/discover.db"
        let discover = try await h.sync { $0.discover = true }
        #expect(discover.scopes == 1)
        #expect(h.lines.text.contains("discovery scan of every execution (--discover)"))
        try h.expectWarehouseEqualsTruth()
    }

    @Test func importedAppFilesJoinTheAppsToRead() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 8, executions: 100, apps: 3, now: simNow, edition: .ee))
        defer { Task { await h.stop() } }
        let file = h.directory + "/apps.yaml"
        try """
        id: retiredForm
        displayName: Retired form
        expiration:
          type: DATE
          date: 2026-01-31
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let apps = try AppTrail.importApps(files: [file], settings: h.settings, reporter: h.reporter)
        #expect(apps.map(\.id) == ["retiredForm"])
        let summary = try await h.sync()
        #expect(summary.scopes == 1 + 2 * (h.simulator.apps.count + 1))
        #expect(
            h.lines.text.contains(
                "and \(h.simulator.apps.count + 1) app(s) from the Apps API, app files and the warehouse"))
        let stored = try h.warehouse.appDefinitions()
        #expect(stored.first { $0.id == "retiredForm" }?.expiration == .date(Instant(iso: "2026-01-31")!))
        #expect(stored.count == h.simulator.apps.count + 1)
    }

    @Test func theDailySweepReadsEveryOpenExecutionAndFindsPurgedPausedOnes() async throws {
        let h = try await SyncHarness(
            SimulatorConfiguration(seed: 21, executions: 500, apps: 4, now: simNow, edition: .oss))
        defer { Task { await h.stop() } }
        _ = try await h.sync()
        let openBefore = try h.warehouse.openExecutions()
        let change = h.simulator.advance(by: 25 * 3600)
        h.simulator.requests.reset()
        h.settings.clock = Clock(pinned: h.simulator.now)
        let summary = try await h.sync()
        // A day later, the sweep reads every open execution again: what neither returns is read by id.
        let searches = h.requests("/api/v1/main/executions/search")
        #expect(searches.count == 2)
        #expect(
            searches[1].target.contains(
                "filters%5Bstate%5D%5BNOT_IN%5D=CANCELLED%2CFAILED%2CKILLED%2CRESUBMITTED%2CRETRIED%2CSKIPPED%2CSUCCESS%2CWARNING&"
            ))
        let purgedOpen = change.purged.filter { id in openBefore.contains { $0.id == id } }
        #expect(summary.purged == purgedOpen.count)
        try h.expectWarehouseEqualsTruth(extra: Set(change.purged))
    }
}
