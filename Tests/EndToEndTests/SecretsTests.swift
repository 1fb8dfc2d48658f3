import AppTrailTestSupport
import Foundation
import Testing

/// Credentials never leave apptrail: not on stdout or stderr, not in a URL it prints, not in any file it
/// leaves behind (the warehouse's raw bytes included), whichever command runs and however it ends.
@Suite struct SecretsTests {
    /// How the simulated server wants to be authenticated.
    enum Auth: String, CustomStringConvertible, Sendable, CaseIterable {
        case bearer, basic
        var description: String { rawValue }
    }

    // Distinctive values: none of them can occur by chance in a warehouse, a report or a log line. The
    // token is longer than the 40 characters a decode error quotes, so a cut-short echo is caught too; the
    // password has characters a URL must percent-encode.
    static let token = "tok-7Kq2Vx9PzL4wNc8Rj3Hs6Yb1Tf5Gm0Da-apptrail-e2e-secret"
    static let wrongToken = "wrong-9Tz4Bn7Qw2Lx5Kd8Hv3Pc6Jr1Ym0Sa-not-accepted"
    static let user = "audit-usr-Qm4Zr8"
    static let password = "Hunter2-Pq9/x!Lw7Xe"
    static let wrongPassword = "NotIt-Vb3/k!Ty8Ou"
    static let now = "2026-11-25T12:00:00Z"

    /// The byte strings that must never appear: each secret as given, as sent, and as a URL carries it.
    static var needles: [(name: String, bytes: Data)] {
        func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed)!
        var list = [
            ("token", token), ("wrong token", wrongToken), ("password", password),
            ("percent-encoded password", encoded), ("wrong password", wrongPassword),
            ("user:password base64", b64("\(user):\(password)")),
            ("user:wrong password base64", b64("\(user):\(wrongPassword)")),
            ("user", user), ("user:password in a URL", "\(user):\(encoded)"), ("token base64", b64(token)),
        ]
        // A message that quotes a value cut short would show only the start of a secret.
        for (name, value) in list where value.count > 16 {
            list.append(("start of the \(name)", String(value.prefix(16))))
        }
        return list.map { ($0.0, Data($0.1.utf8)) }
    }

    /// Every run of the binary in every scenario, and every file left behind, checked for the needles.
    final class LeakAudit {
        let root: String
        var runs = 0
        var commands = Set<String>()
        var scenarios: [String] = []
        var filesScanned = 0
        var bytesScanned = 0
        var leaks: [String] = []

        init(root: String) { self.root = root }

        /// Runs apptrail, expects `status`, and checks stdout, stderr and every URL they print.
        @discardableResult
        func run(
            _ scenario: String, _ arguments: [String], environment: [String: String], status: Int32,
            directory: String? = nil, stdin: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> RunResult {
            let r = try AppTrailTestSupport.run(
                Binaries.apptrail, arguments, environment: environment,
                directory: directory ?? root + "/work", stdin: stdin)
            runs += 1
            commands.insert(arguments.starts(with: ["apps", "import"]) ? "apps import" : arguments[0])
            scenarios.append(scenario)
            #expect(r.status == status, "\(scenario): exit \(r.status)\n\(r.stderr)", sourceLocation: sourceLocation)
            scan(Data(r.stdout.utf8), where: "\(scenario): stdout")
            scan(Data(r.stderr.utf8), where: "\(scenario): stderr")
            for url in SecretsTests.urls(in: r.stdout + "\n" + r.stderr) where SecretsTests.hasCredentials(url) {
                leaks.append("\(scenario): a URL with credentials: \(url)")
            }
            return r
        }

        func scan(_ data: Data, where place: String) {
            for needle in SecretsTests.needles where data.range(of: needle.bytes) != nil {
                leaks.append("\(place): the \(needle.name)")
            }
        }

        /// Reads every file under the root, hidden ones and SQLite's side files included, as raw bytes.
        func scanFiles() throws {
            let files = FileManager.default.enumerator(atPath: root)!
            while let relative = files.nextObject() as? String {
                let path = root + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                // The test's own inputs hold the secrets on purpose.
                guard !relative.hasPrefix("inputs/") else { continue }
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                filesScanned += 1
                bytesScanned += data.count
                scan(data, where: relative)
            }
        }

        var summary: String {
            "secrets: \(runs) runs of \(commands.count) commands (\(commands.sorted().joined(separator: ", "))), "
                + "\(filesScanned) files scanned (\(bytesScanned) bytes), \(leaks.count) leaks"
        }
    }

    /// The URLs in printed text.
    static func urls(in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"[A-Za-z][A-Za-z0-9+.-]*://[^\s)"'<>]+"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// Whether a URL carries `user@` or `user:password@`.
    static func hasCredentials(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://") else { return false }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }

    /// A file under the root holding the secrets on purpose (a token file, a config), outside the scan.
    static func input(_ root: String, _ name: String, _ text: String) throws -> String {
        let path = root + "/inputs/" + name
        try FileManager.default.createDirectory(atPath: root + "/inputs", withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: Auth.allCases)
    func noCommandPrintsOrStoresACredential(auth: Auth) throws {
        var simEnvironment = ["KESTRA_USERNAME": Self.user, "KESTRA_PASSWORD": Self.password]
        if auth == .bearer { simEnvironment = ["KESTRA_API_TOKEN": Self.token] }
        let sim = try SimulatorProcess(
            ["--seed", "11", "--executions", "400", "--edition", "ee", "--now", Self.now],
            environment: simEnvironment)
        let root = temporaryFolder("apptrail-e2e")
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        let audit = LeakAudit(root: root)
        let encodedPassword = Self.password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed)!
        let hostPort = String(sim.url.dropFirst("http://".count))

        // Both kinds of secret are always in the environment; the server's kind decides which one is sent.
        // TMPDIR keeps a dry run's scratch warehouse inside the scanned tree.
        var base = [
            "APPTRAIL_NOW": Self.now, "TMPDIR": root + "/tmp", "KESTRA_TENANT": "acme",
            "KESTRA_USERNAME": Self.user, "KESTRA_PASSWORD": Self.password,
        ]
        if auth == .bearer { base["KESTRA_API_TOKEN"] = Self.token }
        var env = base
        env["KESTRA_URL"] = sim.url
        var wrong = env
        if auth == .bearer {
            wrong["KESTRA_API_TOKEN"] = Self.wrongToken
        } else {
            wrong["KESTRA_PASSWORD"] = Self.wrongPassword
        }
        let expectedHeader =
            auth == .bearer
            ? "Bearer \(Self.token)" : "Basic " + Data("\(Self.user):\(Self.password)".utf8).base64EncodedString()

        // sync: the success paths.
        try audit.run("sync", ["sync"], environment: env, status: 0)
        try audit.run(
            "sync, JSON log", ["sync", "--full", "--page-size", "37", "--log-format", "json"], environment: env,
            status: 0)
        try audit.run(
            "sync --dry-run into a new file", ["sync", "--dry-run", "--log-format", "json", "--db", "dry.db"],
            environment: env, status: 0)
        try audit.run("sync --dry-run", ["sync", "--dry-run", "--full"], environment: env, status: 0)
        let apps = try audit.run("apps as CSV", ["apps", "--format", "csv"], environment: env, status: 0)
        let app = String(apps.stdout.split(separator: "\r\n")[1].prefix { $0 != "," })
        try audit.run("sync --app", ["sync", "--app", app, "--full"], environment: env, status: 0)
        try audit.run("sync --discover", ["sync", "--discover", "--db", "discover.db"], environment: env, status: 0)

        // sync: the server named with credentials in its URL, by flag, variable and config file. With basic
        // auth they are the ones the server wants; with a token the token wins and the URL's are dropped.
        let credentialURL = "http://\(Self.user):\(encodedPassword)@\(hostPort)"
        var bare = base
        if auth == .basic {
            bare["KESTRA_USERNAME"] = nil
            bare["KESTRA_PASSWORD"] = nil
        }
        let urlRun = try audit.run(
            "sync --server user:password@", ["sync", "--server", credentialURL, "--db", "url.db"], environment: bare,
            status: 0)
        #expect(urlRun.stderr.contains("connected to \(sim.url):"), "\(urlRun.stderr)")
        var urlEnv = bare
        urlEnv["KESTRA_URL"] = credentialURL
        try audit.run(
            "KESTRA_URL=user:password@", ["sync", "--db", "url.db", "--log-format", "json"], environment: urlEnv,
            status: 0)
        let urlConfig = try Self.input(root, "url.yaml", "server: \(credentialURL)\n")
        try audit.run(
            "config server: user:password@", ["sync", "--config", urlConfig, "--db", "url.db"], environment: bare,
            status: 0)
        let wrongURL =
            "http://\(Self.user):\(Self.wrongPassword.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed)!)@\(hostPort)"
        var wrongURLEnv = bare
        wrongURLEnv["KESTRA_API_TOKEN"] = nil
        let refusedURL = try audit.run(
            "sync --server user:wrong@", ["sync", "--server", wrongURL, "--db", "url.db"], environment: wrongURLEnv,
            status: 77)
        #expect(
            refusedURL.stderr
                == "error: authentication refused (HTTP 401): check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME/KESTRA_PASSWORD (\(sim.url)/api/v1/configs)\n"
        )
        try audit.run(
            "sync --server ftp://user:password@",
            ["sync", "--server", "ftp://\(Self.user):\(encodedPassword)@\(hostPort)"],
            environment: bare, status: 64)

        // sync: the token from a file, by flag and by the config file.
        if auth == .bearer {
            let tokenFile = try Self.input(root, "token", Self.token + "\n")
            // No credential in the environment, since it would win over the config file's.
            var noToken = env
            noToken["KESTRA_API_TOKEN"] = nil
            noToken["KESTRA_USERNAME"] = nil
            try audit.run("sync --token-file", ["sync", "--token-file", tokenFile], environment: noToken, status: 0)
            let config = try Self.input(
                root, "apptrail.yaml", "server: \(sim.url)\ntoken_file: \(tokenFile)\ntenant: acme\n")
            try audit.run(
                "config token_file", ["sync", "--config", config, "--log-format", "json"], environment: noToken,
                status: 0)
            try audit.run("config token_file, status", ["status", "--config", config], environment: noToken, status: 0)
            let wrongFile = try Self.input(root, "wrong-token", Self.wrongToken)
            try audit.run(
                "sync --token-file, refused", ["sync", "--token-file", wrongFile], environment: noToken, status: 77)
            try audit.run(
                "sync --token-file missing", ["sync", "--token-file", root + "/inputs/none"], environment: noToken,
                status: 66)
        }

        // sync: the failure paths.
        let refused = try audit.run("wrong credentials", ["sync"], environment: wrong, status: 77)
        #expect(
            refused.stderr
                == "error: authentication refused (HTTP 401): check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME/KESTRA_PASSWORD (\(sim.url)/api/v1/configs)\n"
        )
        try audit.run("wrong credentials, JSON log", ["sync", "--log-format", "json"], environment: wrong, status: 77)
        var down = env
        down["KESTRA_URL"] = "http://\(Self.user):\(encodedPassword)@127.0.0.1:9"
        let unreachable = try audit.run("server down", ["sync", "--db", "down.db"], environment: down, status: 69)
        #expect(
            unreachable.stderr.hasSuffix(
                "error: server unreachable after 5 tries: Couldn't connect to server (http://127.0.0.1:9/api/v1/configs)\n"
            ))
        try sim.admin("POST", "/_sim/fault?kind=status&status=500&path=/api/*&count=2")
        let flaky = try audit.run("server 500s, then answers", ["sync", "--full"], environment: env, status: 0)
        #expect(flaky.stderr.contains("warning: retrying: HTTP 500; try 2 of 5 in "), "\(flaky.stderr)")
        try sim.admin("POST", "/_sim/fault?kind=status&status=500&path=/api/*&count=10")
        try audit.run("server 500s", ["sync", "--log-format", "json"], environment: env, status: 69)
        try sim.admin("DELETE", "/_sim/faults")
        // A proxy that echoes the request into a page: the credential comes back in the body, once where a
        // decode error quotes it, once as plain text.
        let echo = #"{"results":[{"id":"\#(expectedHeader)","namespace":1}],"total":1}"#
        try sim.admin(
            "POST",
            "/_sim/fault?kind=malformedBody&path=/api/v1/*/executions/search&count=1&body="
                + echo.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        let badPage = try audit.run("a page echoing the credential", ["sync", "--full"], environment: env, status: 65)
        #expect(badPage.stderr.contains("error: bad response for page 1 of "), "\(badPage.stderr)")
        try sim.admin(
            "POST",
            "/_sim/fault?kind=malformedBody&path=/api/v1/*/executions/search&count=1&body="
                + "Authorization: \(expectedHeader)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        try audit.run(
            "a text page echoing the credential", ["sync", "--full", "--log-format", "json"], environment: env,
            status: 65)
        try sim.admin("DELETE", "/_sim/faults")

        // Bad flags and settings.
        try audit.run("sync --page-size 0", ["sync", "--page-size", "0"], environment: env, status: 64)
        try audit.run("sync --frobnicate", ["sync", "--frobnicate"], environment: env, status: 64)
        try audit.run("sync without a server", ["sync"], environment: base, status: 64)
        try audit.run(
            "bad APPTRAIL_NOW", ["status"], environment: env.merging(["APPTRAIL_NOW": "soon"]) { $1 }, status: 64)
        let badConfig = try Self.input(root, "bad.yaml", "server: \(credentialURL)\ncolour: [red\n")
        try audit.run("config not YAML", ["sync", "--config", badConfig], environment: env, status: 78)
        let unknownKey = try Self.input(root, "unknown.yaml", "server: \(credentialURL)\npassword: \(Self.password)\n")
        try audit.run("config with an unknown key", ["status", "--config", unknownKey], environment: env, status: 78)
        try audit.run("export --from x", ["export", "--from", "x"], environment: env, status: 64)
        try audit.run("report --format pdf", ["report", "--format", "pdf"], environment: env, status: 64)
        try audit.run("query --param x", ["query", "summary", "--param", "x"], environment: env, status: 64)

        // Every other command, in its success path and a failure path, with the secrets still set.
        try audit.run("status", ["status"], environment: env, status: 0)
        try audit.run("status, no warehouse", ["status", "--db", "none.db"], environment: env, status: 66)
        try audit.run("apps", ["apps"], environment: env, status: 0)
        try audit.run(
            "apps as JSON", ["apps", "--format", "json", "--log-format", "json"], environment: env, status: 0)
        let appsFile = try Self.input(root, "apps.yaml", "id: expenses\nexpiration:\n  type: LIMIT\n  limit: 100\n")
        try audit.run("apps import", ["apps", "import", appsFile], environment: env, status: 0)
        let badApps = try Self.input(
            root, "bad-apps.yaml", "id: broken\nexpiration:\n  type: TTL\n  ttl: \(Self.password)\n")
        try audit.run(
            "apps import of a bad file quoting the password", ["apps", "import", badApps], environment: env, status: 65)
        try audit.run(
            "query", ["query", "summary", "--week", "2026-W47", "--format", "csv"], environment: env, status: 0)
        // Everything apptrail wrote about its runs, errors included, back on stdout.
        let dump = try Self.input(
            root, "runs.sql", "-- name: runs\n-- description: every run\nSELECT * FROM sync_runs\n")
        try audit.run("query of every stored run", ["query", dump, "--format", "json"], environment: env, status: 0)
        try audit.run("query, unknown", ["query", "nope"], environment: env, status: 64)
        try audit.run(
            "report", ["report", "--week", "2026-W47", "--format", "all", "--out", "weekly-out"], environment: env,
            status: 0)
        try audit.run("report, unknown", ["report", "weekley"], environment: env, status: 64)
        try audit.run(
            "export",
            ["export", "--from", "2026-11-01", "--to", "2026-11-25", "--out", "exports", "--log-format", "json"],
            environment: env, status: 0)
        try audit.run("export, unknown app", ["export", "--app", "nope"], environment: env, status: 64)
        let page = try run(Binaries.kestraSim, ["dump", "--seed", "5", "--executions", "50", "--format", "page"]).stdout
        let pageFile = try Self.input(root, "page.json", page)
        try audit.run("import", ["import", pageFile, "--db", "imported.db"], environment: env, status: 0)
        try audit.run(
            "import from stdin", ["import", "-", "--db", "imported.db"], environment: env, status: 0,
            stdin: Data(page.utf8))
        let badImport = try Self.input(root, "bad.ndjson", "{\"results\": 3}\n")
        try audit.run(
            "import of a bad file", ["import", badImport, "--db", "imported.db"], environment: env, status: 65)
        try audit.run("import, missing", ["import", "none.ndjson"], environment: env, status: 66)
        try audit.run("demo", ["demo", "--out", "demo"], environment: env, status: 0)
        try audit.run("help", ["sync", "--help"], environment: env, status: 0)

        try audit.scanFiles()
        print(audit.summary + " [\(auth)]")
        #expect(audit.leaks.isEmpty, "\(audit.leaks.joined(separator: "\n"))")
        #expect(audit.filesScanned >= 20, "\(audit.summary)")
        #expect(
            audit.commands.isSuperset(of: [
                "sync", "import", "apps", "apps import", "query", "report", "export", "status", "demo",
            ]),
            "\(audit.commands)")
    }
}
