import AppTrailModel
import Foundation
import Testing

@testable import KestraSimulator

@Suite("Server")
struct ServerTests {
    static let search = "/api/v1/acme/executions/search"

    @Test("configs, single execution, apps API on ee only, resume 204/409")
    func endpoints() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(300))
        defer { Task { await sim.stop() } }
        let configs = await RawHTTP.get(port, "/api/v1/configs").json() as? [String: Any]
        #expect(configs?["version"] as? String == "1.3.26" && configs?["edition"] as? String == "EE")
        let id = sim.executionIDs[10]
        let one = await RawHTTP.get(port, "/api/v1/acme/executions/\(id)")
        #expect(one.status == 200 && one.body == sim.executionJSON(id: id))
        #expect(await RawHTTP.get(port, "/api/v1/acme/executions/0000000000000000000000").status == 404)
        let apps = Fixture.results(await RawHTTP.get(port, "/api/v1/acme/apps/search?size=100"))
        #expect(apps.total == 8 && apps.items.count == 8)
        let detail = await RawHTTP.get(port, "/api/v1/acme/apps/expenseApproval").json() as? [String: Any]
        #expect((detail?["source"] as? String)?.contains("ttl: PT30D") == true)
        let paused = sim.truth().first { $0.state == .paused }!
        #expect(
            await RawHTTP.request(port, "/api/v1/acme/executions/\(paused.id)/resume", method: "POST").status == 204)
        #expect(sim.truth(id: paused.id)?.state == .restarted)
        #expect(
            await RawHTTP.request(port, "/api/v1/acme/executions/\(paused.id)/resume", method: "POST").status == 409)

        let (oss, ossPort) = try await Fixture.started(Fixture.config(50, edition: .oss))
        defer { Task { await oss.stop() } }
        #expect(await RawHTTP.get(ossPort, "/api/v1/main/apps/search").status == 404)
        #expect(await RawHTTP.get(ossPort, "/api/v1/main/executions/search").status == 200)
        #expect(oss.truth(view: .complete).allSatisfy { $0.pauseTaskRun?.resumedBy == nil })
    }

    @Test("basic and bearer auth: 401 with a JSON message when missing or wrong")
    func auth() async throws {
        let (sim, port) = try await Fixture.started(
            Fixture.config(20, auth: .basic(user: "admin@kestra.io", password: "s3cr3t")))
        defer { Task { await sim.stop() } }
        let good = "Basic " + Data("admin@kestra.io:s3cr3t".utf8).base64EncodedString()
        let bad = "Basic " + Data("admin@kestra.io:nope".utf8).base64EncodedString()
        #expect(await RawHTTP.get(port, Self.search, auth: good).status == 200)
        let denied = await RawHTTP.get(port, Self.search, auth: bad)
        #expect(denied.status == 401 && (denied.json() as? [String: Any])?["message"] != nil)
        #expect(await RawHTTP.get(port, Self.search).status == 401)
        #expect(!sim.requests.all.contains { $0.target.contains("s3cr3t") })

        let (tok, tokPort) = try await Fixture.started(Fixture.config(20, auth: .bearer(token: "tkn")))
        defer { Task { await tok.stop() } }
        #expect(await RawHTTP.get(tokPort, Self.search, auth: "Bearer tkn").status == 200)
        #expect(await RawHTTP.get(tokPort, Self.search, auth: "Bearer other").status == 401)
    }

    @Test("each fault mode is observable, counted, and spent after its count")
    func faults() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(200))
        defer { Task { await sim.stop() } }
        sim.inject(Fault(.status(503), path: "/api/v1/*/executions/search", count: 2))
        #expect(await RawHTTP.get(port, Self.search).status == 503)
        #expect(await RawHTTP.get(port, Self.search).status == 503)
        #expect(await RawHTTP.get(port, Self.search).status == 200)

        sim.inject(Fault(.rateLimited(retryAfter: 7), path: "*search*"))
        let limited = await RawHTTP.get(port, Self.search)
        #expect(limited.status == 429 && limited.headers["retry-after"] == "7")

        sim.inject(Fault(.slow(seconds: 0.6)))
        let t0 = Date()
        #expect(await RawHTTP.get(port, Self.search).status == 200)
        #expect(Date().timeIntervalSince(t0) >= 0.55)

        sim.inject(Fault(.truncatedBody))
        let cut = await RawHTTP.get(port, Self.search + "?size=50")
        #expect(cut.status == 200 && !cut.complete && cut.body.count > 0)

        sim.inject(Fault(.dropConnection))
        #expect(await RawHTTP.get(port, Self.search).dropped)

        sim.inject(Fault(.lyingTotal(5)))
        #expect(Fixture.results(await RawHTTP.get(port, Self.search)).total == 205)

        sim.inject(Fault(.status(500), path: "*", skip: 1))
        #expect(await RawHTTP.get(port, "/api/v1/configs").status == 200)
        #expect(await RawHTTP.get(port, "/api/v1/configs").status == 500)
        #expect(sim.pendingFaults.isEmpty)

        let log = sim.requests.all
        #expect(log.count == 10)
        #expect(log.filter { $0.fault != nil }.count == 8)
        #expect(log.contains { $0.status == 0 && $0.fault == "dropped connection" })
        #expect(sim.requests.count(pathPrefix: "/api/v1/configs") == 2)
        sim.requests.reset()
        #expect(sim.requests.count == 0)
    }

    @Test("stop and restart on the same port")
    func restart() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(20))
        #expect(await RawHTTP.get(port, Self.search).status == 200)
        await sim.stop()
        #expect(await RawHTTP.get(port, Self.search).dropped)
        try await sim.start()
        #expect(sim.port == port)
        #expect(await RawHTTP.get(port, Self.search).status == 200)
        await sim.stop()
    }

    @Test("advance: arrivals after the old now, decisions, one purge (404 and gone from search)")
    func advance() async throws {
        let (sim, port) = try await Fixture.started(Fixture.config(400))
        defer { Task { await sim.stop() } }
        let before = Dictionary(uniqueKeysWithValues: sim.truth().map { ($0.id, $0) })
        let oldNow = sim.now
        let summary = sim.advance(by: 2 * 86_400)
        #expect(sim.now == oldNow + 2 * 86_400 * 1_000_000)
        #expect(!summary.arrived.isEmpty)
        #expect(summary.purged.count == 1)
        let after = Dictionary(uniqueKeysWithValues: sim.truth().map { ($0.id, $0) })
        for id in summary.arrived { #expect(after[id]!.startDate! > oldNow && before[id] == nil) }
        let decided = summary.changed.filter { before[$0]?.state == .paused && after[$0]?.state != .paused }
        #expect(!decided.isEmpty)
        #expect(summary.changed.contains { before[$0]?.state == .running || before[$0]?.state == .queued })
        let purged = summary.purged[0]
        #expect(after[purged] == nil && sim.purgedIDs == [purged])
        #expect(await RawHTTP.get(port, "/api/v1/acme/executions/\(purged)").status == 404)
        let all = Fixture.ids(await RawHTTP.get(port, Self.search + "?size=1000"))
        #expect(!all.contains(purged) && all.count == after.count)
        #expect(sim.advance(by: 1).arrived.count >= 1)
    }
}
