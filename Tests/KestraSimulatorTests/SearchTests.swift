import AppTrailModel
import Foundation
import Testing

@testable import KestraSimulator

@Suite("Search")
struct SearchTests {
    static let tenantSearch = "/api/v1/acme/executions/search"

    @Test("paging in a stable order returns every execution once; 422 above 1000; total 0 past the end")
    func paging() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(450))
        defer { Task { await sim.stop() } }
        var seen: [String] = []
        var page = 1
        while true {
            let r = await RawHTTP.get(
                port, "\(Self.tenantSearch)?size=100&page=\(page)&sort=state.startDate:asc&sort=id:asc")
            #expect(r.status == 200)
            let (items, total) = Fixture.results(r)
            if items.isEmpty {
                #expect(total == 0)
                break
            }
            #expect(total == 450)
            seen += items.compactMap { $0["id"] as? String }
            page += 1
        }
        #expect(page - 1 == 5)
        #expect(seen.count == 450 && Set(seen).count == 450)
        #expect(Set(seen) == Set(sim.executionIDs))
        let starts = seen.compactMap { sim.truth(id: $0)?.startDate }
        #expect(starts == starts.sorted())
        let again = await RawHTTP.get(port, "\(Self.tenantSearch)?size=100&page=2&sort=state.startDate:asc&sort=id:asc")
        #expect(Fixture.ids(again) == Array(seen[100..<200]))
        #expect(await RawHTTP.get(port, "\(Self.tenantSearch)?size=1001").status == 422)
        #expect(await RawHTTP.get(port, "\(Self.tenantSearch)?size=1000").status == 200)
        #expect(await RawHTTP.get(port, "\(Self.tenantSearch)?page=0").status == 400)
        let defaultSize = await RawHTTP.get(port, Self.tenantSearch)
        #expect(Fixture.results(defaultSize).items.count == 10)
        // No sort: a defined but meaningless order, stable while the data does not change.
        let unsorted = Fixture.ids(await RawHTTP.get(port, "\(Self.tenantSearch)?size=50"))
        #expect(unsorted == Fixture.ids(await RawHTTP.get(port, "\(Self.tenantSearch)?size=50")))
        #expect(unsorted != Array(seen.prefix(50)))
        #expect(await RawHTTP.get(port, "/api/v1/nope/executions/search").status == 404)
        #expect(await RawHTTP.get(port, "\(Self.tenantSearch)?sort=bogus:asc").status == 400)
    }

    @Test("0.22 has no size cap, no tenant in the path and reads only legacy parameters")
    func legacyServer() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(1_200, api: .v0_22, edition: .oss))
        defer { Task { await sim.stop() } }
        let big = await RawHTTP.get(port, "/api/v1/executions/search?size=1100")
        #expect(big.status == 200 && Fixture.results(big).items.count == 1100)
        #expect(await RawHTTP.get(port, "/api/v1/main/executions/search").status == 404)
        let app = "expenseApproval"
        let expected = sim.truth().filter { $0.label("system.app") == app }.count
        let legacy = await RawHTTP.get(port, "/api/v1/executions/search?size=1&labels=system.app:\(app)")
        #expect(Fixture.results(legacy).total == expected)
        // filters[...] is unknown to 0.22: ignored, everything comes back.
        let filtered = await RawHTTP.get(
            port, "/api/v1/executions/search?size=1&" + Fixture.enc("filters[labels][EQUALS][system.app]") + "=\(app)")
        #expect(Fixture.results(filtered).total == 1200)
        // 0.22 reads legacy startDate as >=.
        let first = sim.truth().compactMap(\.startDate).min()!
        let ge = await RawHTTP.get(port, "/api/v1/executions/search?size=1&startDate=\(Fixture.enc(first.iso))")
        #expect(Fixture.results(ge).total == 1200)
        #expect(sim.truth().allSatisfy { $0.tenant == nil && $0.kind == nil })
    }

    @Test("filters: labels, states, dates with %2B offsets, kind; legacy ignored once filters[...] is present on 1.x")
    func filters() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(800))
        defer { Task { await sim.stop() } }
        let truth = sim.truth()
        let s = Self.tenantSearch + "?size=1&"
        func total(_ q: String) async -> Int { Fixture.results(await RawHTTP.get(port, s + q)).total }
        func f(_ name: String, _ value: String) -> String { Fixture.enc(name) + "=" + Fixture.enc(value) }

        let app = "purchaseOrder"
        let ofApp = truth.filter { $0.label("system.app") == app }
        #expect(await total(f("filters[labels][EQUALS][system.app]", app)) == ofApp.count)
        #expect(await total(f("filters[labels][NOT_EQUALS][system.app]", app)) == truth.count - ofApp.count)
        let legacyKey = sim.apps.last!.id
        #expect(
            await total(f("filters[labels][EQUALS][system_app]", legacyKey))
                == truth.filter { $0.label("system_app") == legacyKey }.count)
        #expect(
            await total(f("filters[labels][IN][system.app]", "\(app),expenseApproval"))
                == truth.filter { ["purchaseOrder", "expenseApproval"].contains($0.label("system.app") ?? "") }.count)
        let user = "alice.martin@acme.com"
        #expect(
            await total(
                f("filters[labels][EQUALS][system.username]", user) + "&"
                    + f("filters[labels][EQUALS][system.app]", app))
                == ofApp.filter { $0.label("system.username") == user }.count)
        #expect(
            await total(f("filters[state][IN]", "PAUSED,RUNNING"))
                == truth.filter { $0.state == .paused || $0.state == .running }.count)
        #expect(await total(f("filters[state][NOT_EQUALS]", "SUCCESS")) == truth.filter { $0.state != .success }.count)
        #expect(await total(f("filters[kind][EQUALS]", "TEST")) == truth.filter { $0.kind == "TEST" }.count)
        #expect(
            await total(f("filters[namespace][PREFIX]", "company.finance"))
                == truth.filter { $0.namespace.hasPrefix("company.finance") }.count)

        // Dates: an offset needs %2B; a raw '+' decodes to a space and the server refuses it.
        let cut = Instant(year: 2026, month: 11, day: 11, hour: 9)
        let expected = truth.filter { $0.startDate! >= cut }.count
        #expect(await total(f("filters[startDate][GREATER_THAN_OR_EQUAL_TO]", "2026-11-11T10:00:00+01:00")) == expected)
        #expect(
            await RawHTTP.get(
                port, s + Fixture.enc("filters[startDate][GREATER_THAN_OR_EQUAL_TO]") + "=2026-11-11T10:00:00+01:00"
            ).status == 400)
        #expect(
            await total(
                f("filters[startDate][GREATER_THAN_OR_EQUAL_TO]", cut.iso) + "&"
                    + f("filters[startDate][LESS_THAN]", Fixture.now.iso)) == expected)

        // 1.x: legacy startDate is exclusive; and ignored as soon as a filters[...] parameter exists.
        let exact = truth.compactMap(\.startDate).sorted()[400]
        let nanosExact = WireTime.iso(
            sim.storage.withLock { s in (0..<s.count).map { s.start($0) }.first { WireTime.instant($0) == exact }! })
        #expect(await total("startDate=" + Fixture.enc(nanosExact)) == truth.filter { $0.startDate! > exact }.count)
        #expect(
            await total("startDate=" + Fixture.enc(nanosExact) + "&" + f("filters[kind][IN]", "NORMAL,TEST,PLAYGROUND"))
                == truth.count)
        #expect(await total("labels=" + Fixture.enc("system.app:\(app)")) == ofApp.count)
        // Unsupported pairs are refused.
        #expect(await RawHTTP.get(port, s + f("filters[state][CONTAINS]", "PAU")).status == 400)
        #expect(await RawHTTP.get(port, s + f("filters[or][0][state][EQUALS]", "PAUSED")).status == 400)
    }

    @Test("2.0: light items, OR groups, legacy parameters silently ignored")
    func v2() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(500, api: .v2))
        defer { Task { await sim.stop() } }
        let truth = sim.truth()
        func f(_ name: String, _ value: String) -> String { Fixture.enc(name) + "=" + Fixture.enc(value) }
        let r = await RawHTTP.get(
            port,
            Self.tenantSearch + "?size=1000&" + f("filters[or][0][state][EQUALS]", "PAUSED") + "&"
                + f("filters[or][1][state][EQUALS]", "QUEUED"))
        let (items, total) = Fixture.results(r)
        #expect(total == truth.filter { $0.state == .paused || $0.state == .queued }.count && total > 0)
        #expect(
            items.allSatisfy {
                $0["taskRunList"] == nil && $0["deleted"] == nil && $0["metadata"] == nil
                    && $0["tenantId"] as? String == "acme"
            })
        let legacy = await RawHTTP.get(
            port, Self.tenantSearch + "?size=1&state=PAUSED&labels=system.app:expenseApproval")
        #expect(Fixture.results(legacy).total == truth.count)
        #expect(truth.allSatisfy { !$0.hasTaskRuns && $0.pauseTaskRun == nil && $0.kind != nil })
        // The outputs API carries the pause outputs search items lack.
        let decided = sim.truth(view: .complete).first { $0.pauseTaskRun?.resumedBy != nil }!
        let list = await RawHTTP.get(port, "/api/v1/acme/outputs/\(decided.id)")
        let entries = list.json() as? [[String: Any]] ?? []
        #expect(entries.contains { $0["taskRunId"] as? String == decided.pauseTaskRun?.taskRunId })
        let outputs = await RawHTTP.get(port, "/api/v1/acme/outputs/\(decided.id)/\(decided.pauseTaskRun!.taskRunId!)")
        let resumed = (outputs.json() as? [String: Any])?["resumed"] as? [String: Any]
        #expect(resumed?["by"] as? String == decided.pauseTaskRun?.resumedBy)
        let full = await RawHTTP.get(port, "/api/v1/acme/executions/\(decided.id)")
        let tasks = (full.json() as? [String: Any])?["taskRunList"] as? [[String: Any]] ?? []
        #expect(!tasks.isEmpty && tasks.allSatisfy { $0["outputs"] == nil })
    }
}
