import AppTrailModel
import Foundation
import Testing

@testable import KestraSimulator

/// What a client meets around the API: a login proxy, a reverse proxy's sub-path, the UI, the Date header,
/// a token without the APP READ permission (what `apptrail doctor` must tell apart).
@Suite("Front")
struct FrontTests {
    static let search = "/api/v1/acme/executions/search"

    /// A small Enterprise dataset at `Fixture.now` with the admin endpoints on, shaped by `change`.
    static func config(_ change: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorConfiguration {
        var config = Fixture.config(50)
        config.adminEndpoints = true
        change(&config)
        return config
    }

    @Test("login page: every request outside /_sim/ gets 200 HTML with the escaped title")
    func loginPage() async throws {
        let (sim, port) = try await Fixture.started(
            Self.config {
                $0.loginPage = "Please log in & <stay> \"here\""
                $0.auth = .bearer(token: "tkn")
                $0.pathPrefix = "/kestra"
            })
        defer { Task { await sim.stop() } }
        for target in [Self.search, "/kestra" + Self.search, "/api/v1/configs", "/", "/ui/main/executions"] {
            let r = await RawHTTP.get(port, target, auth: "Bearer tkn")
            #expect(r.status == 200, "\(target)")
            #expect(r.headers["content-type"] == "text/html; charset=utf-8", "\(target)")
            #expect(r.text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            #expect(r.text.contains("<title>Please log in &amp; &lt;stay&gt; &quot;here&quot;</title>"))
            #expect(r.text.contains("<form method=\"post\" action=\"/login\">") && r.text.contains("</html>"))
            #expect(r.count("Date") == 1)
        }
        #expect(await RawHTTP.request(port, Self.search, method: "POST").status == 200)
        let state = await RawHTTP.get(port, "/_sim/state")
        #expect(state.status == 200 && (state.json() as? [String: Any])?["now"] as? String == Fixture.now.iso)
        #expect(sim.requests.count == 6)
    }

    @Test("path prefix: /kestra/api/... serves the API, paths outside the prefix 404, /_sim/ stays at the root")
    func pathPrefix() async throws {
        #expect(SimulatorConfiguration(pathPrefix: "kestra/").pathPrefix == "/kestra")
        #expect(SimulatorConfiguration(pathPrefix: "//tools//kestra//").pathPrefix == "/tools/kestra")
        #expect(SimulatorConfiguration(pathPrefix: "/").pathPrefix == "")
        var changed = SimulatorConfiguration()
        changed.pathPrefix = "kestra/"
        #expect(changed.pathPrefix == "/kestra")

        let (sim, port) = try await Fixture.started(Self.config { $0.pathPrefix = "/kestra/" })
        defer { Task { await sim.stop() } }
        let found = await RawHTTP.get(port, "/kestra" + Self.search + "?size=100")
        #expect(found.status == 200 && found.headers["content-type"] == "application/json")
        #expect(Set(Fixture.ids(found)) == Set(sim.executionIDs))
        #expect(
            (await RawHTTP.get(port, "/kestra/api/v1/configs").json() as? [String: Any])?["edition"] as? String == "EE")
        for target in [Self.search, "/api/v1/configs", "/kestrax/api/v1/configs", "/ui", "/"] {
            let missing = await RawHTTP.get(port, target)
            #expect(missing.status == 404, "\(target)")
            #expect((missing.json() as? [String: Any])?["message"] as? String == "Page Not Found", "\(target)")
        }
        #expect(await RawHTTP.get(port, "/_sim/state").status == 200)
        #expect(await RawHTTP.get(port, "/kestra/_sim/state").status == 404)
        // Faults match the path behind the proxy, so the default `/api/*` pattern still applies.
        sim.inject(Fault(.status(503)))
        #expect(await RawHTTP.get(port, "/kestra" + Self.search).status == 503)
        #expect(sim.requests.count(pathPrefix: "/kestra/api/") == 3)
    }

    @Test("UI: /ui, /ui/... and / answer Kestra's HTML shell, without credentials, under the prefix")
    func uiPage() async throws {
        let (sim, port) = try await Fixture.started(
            Self.config { $0.auth = .basic(user: "admin@kestra.io", password: "s3cr3t") })
        defer { Task { await sim.stop() } }
        for target in ["/ui", "/ui/", "/ui/main/executions?page=2", "/"] {
            let r = await RawHTTP.get(port, target)
            #expect(r.status == 200, "\(target)")
            #expect(r.headers["content-type"] == "text/html; charset=utf-8", "\(target)")
            #expect(r.text.contains("<title>Kestra</title>") && r.text.contains("<div id=\"app-container\">"))
        }
        #expect(await RawHTTP.get(port, Self.search).status == 401)
        #expect(await RawHTTP.get(port, "/uix").status == 401)

        let (pre, prePort) = try await Fixture.started(Self.config { $0.pathPrefix = "/kestra" })
        defer { Task { await pre.stop() } }
        let shell = await RawHTTP.get(prePort, "/kestra/ui/main/executions")
        #expect(shell.status == 200 && shell.text.contains("<title>Kestra</title>"))
        #expect(shell.text.contains("src=\"/kestra/ui/assets/index.js\""))
        #expect(await RawHTTP.get(prePort, "/kestra").text.contains("<title>Kestra</title>"))
        #expect(await RawHTTP.get(prePort, "/kestra/").status == 200)
        #expect(await RawHTTP.get(prePort, "/ui/main/executions").status == 404)
    }

    @Test("Date: one RFC 7231 header on every response, the clock plus the skew, moved by /_sim/advance")
    func dateHeader() async throws {
        #expect(WireTime.httpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(WireTime.httpDate(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(WireTime.httpDate(951_782_400 * 1_000_000_000 + 999_999_999) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(WireTime.httpDate(1_796_546_977 * 1_000_000_000) == "Sun, 06 Dec 2026 08:49:37 GMT")

        let (sim, port) = try await Fixture.started(Self.config { $0.clockSkew = 120 })
        defer { Task { await sim.stop() } }
        let expected = "Wed, 25 Nov 2026 12:02:00 GMT"
        sim.inject(Fault(.status(503), path: "/api/v1/configs"))
        for target in [Self.search, "/api/v1/configs", "/api/v1/acme/executions/0000000000000000000000", "/ui"] {
            let r = await RawHTTP.get(port, target)
            #expect(r.headers["date"] == expected, "\(target)")
            #expect(r.count("Date") == 1, "\(target)")
        }
        #expect(await RawHTTP.request(port, "/_sim/advance?seconds=90000", method: "POST").status == 200)
        #expect(await RawHTTP.get(port, Self.search).headers["date"] == "Thu, 26 Nov 2026 13:02:00 GMT")
        sim.advance(by: 0.9)
        #expect(await RawHTTP.get(port, Self.search).headers["date"] == "Thu, 26 Nov 2026 13:02:00 GMT")

        let (late, latePort) = try await Fixture.started(
            Self.config {
                $0.clockSkew = -30.5
                $0.loginPage = "Sign in"
            })
        defer { Task { await late.stop() } }
        let page = await RawHTTP.get(latePort, Self.search)
        #expect(page.headers["date"] == "Wed, 25 Nov 2026 11:59:29 GMT" && page.count("Date") == 1)
        #expect(SimulatorConfiguration().clockSkew == 0 && SimulatorConfiguration(clockSkew: .nan).clockSkew == 0)
    }

    @Test("forbidden apps: 403 with a JSON message on the Apps API alone; executions still 200")
    func appsForbidden() async throws {
        let (sim, port) = try await Fixture.started(Self.config { $0.appsForbidden = true })
        defer { Task { await sim.stop() } }
        for target in ["/api/v1/acme/apps/search?size=100", "/api/v1/acme/apps/expenseApproval"] {
            let r = await RawHTTP.get(port, target)
            #expect(r.status == 403, "\(target)")
            #expect(r.headers["content-type"] == "application/json")
            #expect(r.text == #"{"message":"Forbidden: missing permission APP READ"}"#)
        }
        #expect(Fixture.results(await RawHTTP.get(port, Self.search + "?size=100")).total == 50)
        let id = sim.executionIDs[3]
        #expect(await RawHTTP.get(port, "/api/v1/acme/executions/\(id)").status == 200)
        #expect(await RawHTTP.get(port, "/api/v1/configs").status == 200)

        // Open source has no Apps API at all: 404, not 403.
        let (oss, ossPort) = try await Fixture.started(
            Self.config {
                $0 = Fixture.config(20, edition: .oss)
                $0.appsForbidden = true
            })
        defer { Task { await oss.stop() } }
        #expect(await RawHTTP.get(ossPort, "/api/v1/main/apps/search").status == 404)
    }
}
