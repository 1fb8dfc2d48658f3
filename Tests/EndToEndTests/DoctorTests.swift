import AppTrailTestSupport
import Foundation
import Testing
import Warehouse

/// `apptrail doctor` against the simulator as an operator meets a new set-up: each check's line, its fix and
/// the exit code of the first failure; and `sync` saying the same in one line.
@Suite struct DoctorTests {
    static let now = "2026-11-25T12:00:00Z"
    let env = ["KESTRA_TENANT": "acme", "APPTRAIL_NOW": DoctorTests.now]

    func simulator(_ more: [String] = [], environment: [String: String] = [:]) throws -> SimulatorProcess {
        try SimulatorProcess(
            ["--seed", "6", "--executions", "120", "--edition", "ee", "--now", DoctorTests.now] + more,
            environment: environment)
    }

    func doctor(_ arguments: [String], env: [String: String]? = nil, in dir: String) throws -> RunResult {
        try run(Binaries.apptrail, ["doctor"] + arguments, environment: env ?? self.env, directory: dir)
    }

    func line(_ output: String, _ check: String) -> String {
        output.split(separator: "\n").map(String.init).first(where: { $0.dropFirst(6).hasPrefix(check + ":") }) ?? ""
    }

    @Test func aHealthyServerPassesEveryCheck() throws {
        let sim = try simulator()
        let dir = temporaryFolder("apptrail-doctor")
        let r = try doctor(["--server", sim.url], in: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let port = sim.url.split(separator: ":").last ?? ""
        #expect(
            r.stdout == """
                ok    settings: server \(sim.url) (flag --server), tenant acme (environment KESTRA_TENANT), no credentials, label keys system.app, system_app (default), no config file
                ok    warehouse: no warehouse at ./apptrail.db yet: the first sync creates it; the folder is writable; the lock is free
                ok    name-resolution: 127.0.0.1 is an address: nothing to resolve
                ok    connection: connected to 127.0.0.1 port \(port)
                skip  tls: plain HTTP: no TLS
                ok    base-url: \(sim.url)
                ok    answer: Kestra's JSON (GET /api/v1/configs)
                ok    search: readable: 120 executions in tenant acme
                ok    execution: readable (execution \(try latestExecutionId(sim)))
                ok    apps: readable: 8 apps
                ok    api: generation 1, Kestra 1.3.26, Enterprise edition (Apps API), tenant acme (environment KESTRA_TENANT)
                \(line(r.stdout, "labels"))
                ok    clock: the server's clock agrees with APPTRAIL_NOW
                doctor: 13 checks: 12 ok, 1 skipped

                """)
        #expect(line(r.stdout, "labels").hasPrefix("ok    labels: of the latest 100 executions, "))
        // It writes nothing.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)

        let json = try doctor(["--server", sim.url, "--format", "json"], in: dir)
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let checks = object?["checks"] as? [[String: Any]] ?? []
        #expect(
            checks.map { $0["check"] as? String ?? "" } == [
                "settings", "warehouse", "name-resolution", "connection", "tls", "base-url", "answer", "search",
                "execution",
                "apps", "api", "labels", "clock",
            ])
        #expect(
            checks.map { $0["status"] as? String ?? "" } == Array(repeating: "ok", count: 4) + ["skip"]
                + Array(repeating: "ok", count: 8))
        #expect(object?["exit_code"] as? Int == 0)
        let labels = checks.first(where: { $0["check"] as? String == "labels" })?["details"] as? [String: Any]
        let carried =
            (labels?["system.app"] as? Int ?? 0) + (labels?["system_app"] as? Int ?? 0)
            + (labels?["without"] as? Int ?? 0)
        #expect(labels?["sampled"] as? Int == 100 && carried == 100, "\(labels ?? [:])")
        #expect(
            line(r.stdout, "labels")
                == "ok    labels: of the latest 100 executions, \(labels?["system.app"] ?? 0) carry system.app, \(labels?["system_app"] ?? 0) carry system_app, \(labels?["without"] ?? 0) neither; the Apps API lists 8 apps"
        )

        let quiet = try doctor(["--server", sim.url, "--quiet"], in: dir)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)")
    }

    /// The id of the newest execution, as the doctor reads it.
    func latestExecutionId(_ sim: SimulatorProcess) throws -> String {
        let page = try run(
            "/usr/bin/curl",
            ["-sf", sim.url + "/api/v1/acme/executions/search?sort=state.startDate:desc&sort=id:desc&page=1&size=1"])
        let object = try JSONSerialization.jsonObject(with: Data(page.stdout.utf8)) as? [String: Any]
        return ((object?["results"] as? [[String: Any]])?.first?["id"] as? String) ?? "?"
    }

    @Test func aLoginProxysPageIsNamedAndTheFirstSyncLeavesNoWarehouse() throws {
        let sim = try simulator(["--login-page", "Please log in"])
        let dir = temporaryFolder("apptrail-doctor")
        let r = try doctor(["--server", sim.url], in: dir)
        #expect(r.status == 69)
        #expect(
            line(r.stdout, "answer")
                == "FAIL  answer: GET /api/v1/configs answered an HTML page ('Please log in'), not Kestra's JSON; fix: point the server URL at Kestra's own address (the API's base URL); behind a login proxy, have it let /api/ through with the token"
        )
        #expect(
            r.stdout.hasSuffix("doctor: 13 checks: 6 ok, 1 failed, 6 skipped: exit 69, from the first failure\n"),
            "\(r.stdout)")

        let sync = try run(
            Binaries.apptrail, ["sync", "--server", sim.url, "--db", "new.db"], environment: env, directory: dir)
        #expect(sync.status == 69)
        #expect(
            sync.stderr
                == "error: the server answered an HTML page ('Please log in'), not Kestra's API: is --server the API's base URL, behind a login proxy? (\(sim.url)/api/v1/configs)\n"
        )
        #expect(!sync.stderr.contains("NSCocoaErrorDomain") && !sync.stderr.contains("connected"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func aURLFromTheBrowserOrTheAPIDocsIsReducedToItsBase() throws {
        let sim = try simulator(["--path-prefix", "/kestra"])
        let dir = temporaryFolder("apptrail-doctor")
        let noTenant = ["APPTRAIL_NOW": DoctorTests.now]
        let pasted = sim.url + "/kestra/api/v1/acme"
        let r = try doctor(["--server", pasted], env: noTenant, in: dir)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(
            line(r.stdout, "base-url")
                == "warn  base-url: the server URL ends in /api/v1/acme, a path apptrail adds itself: the base is \(sim.url)/kestra, tenant acme, which sync uses; fix: set the server URL (flag --server) to \(sim.url)/kestra"
        )
        #expect(line(r.stdout, "api").hasSuffix(", tenant acme (default)"))

        let sync = try run(
            Binaries.apptrail, ["sync", "--server", pasted, "--db", "w.db"], environment: noTenant, directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(
            sync.stderr.hasPrefix(
                "note: the server URL (flag --server) ends in /api/v1/acme, a path apptrail adds itself: using \(sim.url)/kestra, tenant acme\nconnected to \(sim.url)/kestra: API generation 1"
            ),
            "\(sync.stderr)")
        #expect(try Warehouse(path: dir + "/w.db", readOnly: true).executionCount() > 50)

        let browser = try doctor(["--server", sim.url + "/kestra/ui/acme/executions?page=2"], in: dir)
        #expect(browser.status == 0, "\(browser.stdout)")
        #expect(
            line(browser.stdout, "base-url").hasPrefix(
                "warn  base-url: the server URL ends in /ui/acme/executions?page=2, "))

        let conflict = try run(
            Binaries.apptrail, ["sync", "--server", pasted, "--tenant", "other", "--db", "c.db"], environment: noTenant,
            directory: dir)
        #expect(conflict.status == 78)
        #expect(
            conflict.stderr
                == "error: the server URL names tenant 'acme' (/api/v1/acme) but the flag --tenant sets 'other': keep one\n"
        )

        // Without the reverse proxy's prefix nothing answers as Kestra.
        let unprefixed = try doctor(["--server", sim.url], in: dir)
        #expect(unprefixed.status == 78)
        #expect(
            line(unprefixed.stdout, "answer")
                == "FAIL  answer: no Kestra API at \(sim.url): /api/v1/configs and the executions search answer 404; fix: set the server URL to Kestra's base URL, with the path a reverse proxy serves it under (https://host/kestra)"
        )
    }

    /// A server that answers every request with a redirect to a login page, as an SSO gateway does.
    @Test func aRedirectToALoginPageIsNamedNotFollowed() throws {
        let dir = temporaryFolder("apptrail-doctor")
        let script = """
            import http.server, os, sys
            class Redirect(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(302)
                    self.send_header("Location", "https://sso.example.com/login?rd=" + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
            with open(sys.argv[1] + ".tmp", "w") as f:
                f.write(str(server.server_port))
            os.rename(sys.argv[1] + ".tmp", sys.argv[1])
            server.serve_forever()
            """
        let portFile = dir + "/../redirect-\(UUID().uuidString).port"
        let gateway = try launch("/usr/bin/env", ["python3", "-c", script, portFile])
        defer {
            // A test runner hands SIGTERM down blocked: only SIGKILL is sure to stop it.
            kill(gateway.processIdentifier, SIGKILL)
            gateway.waitUntilExit()
            try? FileManager.default.removeItem(atPath: portFile)
        }
        while !FileManager.default.fileExists(atPath: portFile) && gateway.isRunning { usleep(20_000) }
        let port = try String(contentsOfFile: portFile, encoding: .utf8)
        let url = "http://127.0.0.1:\(port)"
        let r = try doctor(["--server", url], in: dir)
        #expect(r.status == 69)
        #expect(
            line(r.stdout, "answer")
                == "FAIL  answer: GET /api/v1/configs answered a redirect (HTTP 302) to https://sso.example.com/login?rd=/api/v1/configs, which apptrail does not follow; fix: set the server URL to where Kestra's API answers: https:// when http:// moved, Kestra's own address behind a login proxy"
        )
        let sync = try run(Binaries.apptrail, ["sync", "--server", url], environment: env, directory: dir)
        #expect(sync.status == 69)
        #expect(
            sync.stderr
                == "error: the server redirected the request (HTTP 302) to https://sso.example.com/login?rd=/api/v1/configs, which apptrail does not follow: set --server to where Kestra's API answers, not to a login proxy or an http:// address that moved (\(url)/api/v1/configs)\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func credentialsRefusedOrForbiddenAreNamedPerEndpoint() throws {
        let token = "tok-doctor-9Zq"
        let sim = try simulator(["--forbid-apps"], environment: ["KESTRA_API_TOKEN": token])
        let dir = temporaryFolder("apptrail-doctor")
        let refused = try doctor(["--server", sim.url], in: dir)
        #expect(refused.status == 77)
        #expect(
            line(refused.stdout, "search")
                == "FAIL  search: authentication refused (HTTP 401) on the executions search; fix: check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME and KESTRA_PASSWORD"
        )
        let sync = try run(
            Binaries.apptrail, ["sync", "--server", sim.url, "--db", "x.db"], environment: env, directory: dir)
        #expect(sync.status == 77)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)

        var withToken = env
        withToken["KESTRA_API_TOKEN"] = token
        let forbidden = try doctor(["--server", sim.url], env: withToken, in: dir)
        #expect(forbidden.status == 0, "\(forbidden.stdout)")
        #expect(!forbidden.stdout.contains(token))
        #expect(line(forbidden.stdout, "settings").contains("a bearer token (environment KESTRA_API_TOKEN)"))
        #expect(
            line(forbidden.stdout, "apps")
                == "warn  apps: permission denied (HTTP 403) on the Apps API: the sync goes on without the apps' definitions (names, expiration); fix: grant the token's user or service account read access to apps in this tenant"
        )
        #expect(line(forbidden.stdout, "labels").hasPrefix("ok    labels: of the latest 100 executions, "))
        #expect(!line(forbidden.stdout, "labels").contains("Apps API"))

        // One execution by id refused while the search passes: the search is the first match, skipped.
        try sim.admin("POST", "/_sim/fault?kind=status&status=403&path=/api/v1/acme/executions/*&count=5&skip=1")
        let execution = try doctor(["--server", sim.url], env: withToken, in: dir)
        #expect(execution.status == 77)
        #expect(
            line(execution.stdout, "execution").hasPrefix(
                "FAIL  execution: permission denied (HTTP 403) on reading one execution: the credentials were accepted but may not read executions; fix: "
            ),
            "\(execution.stdout)")
    }

    @Test func aSkewedClockAndAMissingLabelKeyAreWarnings() throws {
        let sim = try simulator(["--clock-skew", "150"])
        let dir = temporaryFolder("apptrail-doctor")
        let r = try doctor(["--server", sim.url, "--label-key", "system.app"], in: dir)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(
            line(r.stdout, "clock")
                == "warn  clock: the server's clock is 2m 30s ahead of APPTRAIL_NOW; fix: synchronise both clocks (NTP): the sync re-reads 5 minutes before its watermark, and a skew past a minute eats that margin"
        )
        #expect(
            line(r.stdout, "labels").hasSuffix(
                "; fix: executions carry system_app, which the label keys (flag --label-key) leave out: add --label-key system_app"
            ),
            "\(r.stdout)")
        #expect(r.stdout.hasSuffix("doctor: 13 checks: 10 ok, 2 warnings, 1 skipped\n"))

        let behind = try simulator(["--clock-skew", "-45"])
        let close = try doctor(["--server", behind.url], in: dir)
        #expect(line(close.stdout, "clock") == "ok    clock: the server's clock is 45s behind APPTRAIL_NOW")
    }

    @Test func theWarehouseFolderTheLockAndAnUnreachableServer() throws {
        let dir = temporaryFolder("apptrail-doctor")
        let closed = try doctor(["--server", "http://127.0.0.1:9", "--db", "missing/apptrail.db"], in: dir)
        #expect(closed.status == 73)
        #expect(
            line(closed.stdout, "warehouse")
                == "FAIL  warehouse: the warehouse's folder missing does not exist; fix: create it (mkdir -p missing) for the user who runs the sync, or choose another --db (APPTRAIL_DB)"
        )
        #expect(line(closed.stdout, "connection").hasPrefix("FAIL  connection: no connection to http://127.0.0.1:9: "))
        #expect(line(closed.stdout, "clock") == "skip  clock: not checked: the connection check failed")

        let sim = try simulator()
        _ = try run(Binaries.apptrail, ["sync", "--server", sim.url, "--quiet"], environment: env, directory: dir)
        let stored = try Warehouse(path: dir + "/apptrail.db", readOnly: true).executionCount()
        #expect(stored > 50)
        let lock = try WarehouseLock(warehousePath: dir + "/apptrail.db")
        let held = try doctor(["--server", sim.url], in: dir)
        #expect(held.status == 0)
        #expect(
            line(held.stdout, "warehouse")
                == "warn  warehouse: ./apptrail.db holds \(stored) executions; the folder is writable; the lock is held by pid \(getpid()): a sync is running now; fix: nothing to change if a sync is running; a sync started meanwhile exits 75 and the next one goes on"
        )
        _ = lock

        let none = try run(
            Binaries.apptrail, ["doctor"], environment: ["APPTRAIL_NOW": DoctorTests.now], directory: dir)
        #expect(none.status == 78)
        #expect(
            line(none.stdout, "settings")
                == "FAIL  settings: no Kestra server: pass --server URL or set KESTRA_URL; fix: set KESTRA_URL, pass --server URL, or put server: in the config file"
        )
    }
}
