import AppTrailTestSupport
import Foundation
import Testing

/// `apptrail datasette-metadata`: the committed contrib/datasette/metadata.yml is exactly what the binary makes,
/// the file is YAML that gives back every text it holds, and Datasette (from PyPI, which `make deps` installs)
/// serves a warehouse with it: descriptions shown, internal tables hidden, a canned query with apptrail's figures.
@Suite struct DatasetteTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let committed = repository + "/contrib/datasette/metadata.yml"
    static let now = "2026-11-25T12:00:00Z"

    /// The runner's PATH and HOME: the Python that `make deps` gave PyYAML and Datasette, not the binaries' bare one.
    static let python = ["PATH", "HOME"].reduce(into: [String: String]()) {
        $0[$1] = ProcessInfo.processInfo.environment[$1]
    }

    @Test func theCommittedMetadataIsWhatTheBinaryMakes() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let committed = try String(contentsOfFile: Self.committed, encoding: .utf8)
        let printed = try run(Binaries.apptrail, ["datasette-metadata"], directory: dir)
        #expect(printed.status == 0 && printed.stderr.isEmpty, "\(printed.stderr)")
        let same = printed.stdout == committed
        #expect(
            same,
            """
            contrib/datasette/metadata.yml is not what this apptrail makes (\(firstDifference(committed, printed.stdout))); make it \
            again with `make datasette-metadata` and review the difference
            """)
        let written = try run(Binaries.apptrail, ["datasette-metadata", "--out", "metadata.yml"], directory: dir)
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        #expect(
            written.stderr.hasPrefix("metadata.yml: database apptrail, ") && written.stderr.hasSuffix(" queries\n"),
            "\(written.stderr)")
        #expect(
            FileManager.default.contents(atPath: dir + "/metadata.yml") == Data(printed.stdout.utf8),
            "--out writes what stdout shows")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir) == ["metadata.yml"],
            "no temporary file is left behind")
    }

    @Test func theDatabaseIsNamedAsDatasetteNamesTheWarehouseFile() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (arguments, environment, key) in [
            (["--db", "/srv/data/warehouse.db"], [:], "warehouse"),
            ([], ["APPTRAIL_DB": "/srv/apptrail.v2.sqlite"], "\"apptrail.v2\""),
            (["--db", "/srv/warehouse.db", "--database", "reports"], [:], "reports"),
            (["--database", "2024"], [:], "\"2024\""),
        ] as [([String], [String: String], String)] {
            let r = try run(
                Binaries.apptrail, ["datasette-metadata"] + arguments, environment: environment, directory: dir)
            #expect(
                r.status == 0 && r.stdout.contains("\ndatabases:\n  \(key):\n"),
                "\(arguments) \(environment): \(r.stderr)")
        }
        let empty = try run(Binaries.apptrail, ["datasette-metadata", "--database", ""], directory: dir)
        #expect(
            empty.status == 64 && empty.stderr == "error: --database takes a name, not '' (see --help)\n",
            "\(empty.stderr)")
        let nowhere = try run(
            Binaries.apptrail, ["datasette-metadata", "--out", "missing/metadata.yml"], directory: dir)
        #expect(
            nowhere.status == 73
                && nowhere.stderr == "error: cannot write missing/metadata.yml: No such file or directory\n",
            "\(nowhere.stderr)")
    }

    /// A query whose texts YAML could misread (quotes, a colon, a hash, a backslash, a tab, a line separator, a
    /// parameter named `on`, which YAML 1.1 reads as true) comes back from PyYAML exactly as apptrail read it.
    @Test func theMetadataIsYAMLThatGivesBackEveryText() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/q", withIntermediateDirectories: true)
        let description =
            "Quotes \"double\" and 'single', a colon: a hash # a backslash \\ a tab\t, é ☃ and a separator\u{2028}."
        let sql =
            "SELECT :on AS \"yes\",\t'a: #b' AS odd,   \n       'x' AS y -- trailing spaces above\nFROM executions"
        try "-- name: odd\n-- description: \(description)\n-- param: on text the \"on\" word\n\(sql)\n"
            .write(toFile: dir + "/q/odd.sql", atomically: true, encoding: .utf8)
        let control = "SELECT 'a\u{1}b' AS x"
        try "-- name: control\n-- description: A control character in the SQL.\n\(control)\n".write(
            toFile: dir + "/q/control.sql", atomically: true, encoding: .utf8)
        let r = try run(
            Binaries.apptrail, ["datasette-metadata", "--database", "on", "--out", "m.yml"],
            environment: ["APPTRAIL_QUERIES": dir + "/q"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let script = """
            import json, sys, yaml
            print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))
            """
        let parsed = try run("/usr/bin/env", ["python3", "-c", script, dir + "/m.yml"], environment: Self.python)
        #expect(parsed.status == 0, "PyYAML cannot read the metadata: \(parsed.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        let database = try #require(
            (root["databases"] as? [String: Any])?["on"] as? [String: Any], "the key 'on' is a string")
        let queries = try #require(database["queries"] as? [String: [String: Any]])
        #expect(queries["odd"]?["sql"] as? String == sql)
        #expect(queries["odd"]?["params"] as? [String] == ["on"])
        #expect(
            (queries["odd"]?["description"] as? String)?.hasPrefix(
                description + " Parameters: on (text): the \"on\" word.") == true)
        #expect(queries["control"]?["sql"] as? String == control)
        #expect(queries["daily"]?["title"] as? String == "Daily", "the built-in queries are there beside the folder's")
        let tables = try #require(database["tables"] as? [String: [String: Any]])
        for (name, table) in tables {
            #expect((table["description"] as? String)?.isEmpty == false, "\(name)")
            #expect((table["columns"] as? [String: String])?.isEmpty == false, "\(name)")
        }
        #expect(
            Set(tables.filter { $0.value["hidden"] as? Bool == true }.keys) == [
                "grdb_migrations", "warehouse_version", "demo_files", "sqlite_stat1",
            ])
    }

    /// Datasette serves the demo's warehouse with the metadata: what it shows and a canned query's figures.
    @Test func datasetteServesTheWarehouseWithApptrailsFigures() throws {
        let check = try run("/usr/bin/env", ["python3", "-c", "import datasette"], environment: Self.python)
        guard check.status == 0 else {
            Issue.record(
                "Datasette is not installed for the runner's python3: `make deps` installs it (\(check.stderr))")
            return
        }
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["APPTRAIL_NOW": Self.now]
        let demo = try run(Binaries.apptrail, ["demo", "--out", "d", "--quiet"], environment: env, directory: dir)
        try #require(demo.status == 0, "\(demo.stderr)")
        let warehouse = dir + "/d/apptrail.db"
        let metadata = try run(
            Binaries.apptrail, ["datasette-metadata", "--db", warehouse, "--out", "metadata.yml", "--quiet"],
            directory: dir)
        try #require(metadata.status == 0, "\(metadata.stderr)")

        let server = try DatasetteServer(
            warehouse: warehouse, metadata: dir + "/metadata.yml", log: dir + "/datasette.log",
            environment: Self.python)
        defer { server.stop() }

        let database = try server.json("/apptrail.json") as? [String: Any]
        let tables = try #require(database?["tables"] as? [[String: Any]])
        #expect(
            Set(tables.filter { $0["hidden"] as? Bool == true }.compactMap { $0["name"] as? String })
                == ["grdb_migrations", "warehouse_version", "demo_files", "sqlite_stat1"])
        let queryFiles = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/queries").filter {
            $0.hasSuffix(".sql")
        }
        let canned = (database?["queries"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(canned) == Set(queryFiles.map { String($0.dropLast(4)) }))
        // The table's page shows its description: where test runs are, and which view leaves them out.
        let page = try server.text("/apptrail/executions")
        #expect(page.contains("TEST and PLAYGROUND runs are kept here too, but left out by the view app_executions"))

        // Every canned query, its parameters typed as a person types them in Datasette's form (a bare date, an
        // instant with an offset), against apptrail's rows of the same values: the same rows, the same figures (apptrail
        // rounds seconds to 3 decimals and rates to 4 when it writes).
        let week = [("from", "2026-11-16"), ("to", "2026-11-23T01:00:00+01:00"), ("as_of", "2026-11-23")]
        let cases: [(String, [(String, String)])] = [
            ("summary", week), ("headline", week), ("daily", Array(week.prefix(2))),
            ("approvals", Array(week.prefix(2))),
            ("top_submitters", Array(week.prefix(2)) + [("limit", "3")]),
            ("audit", [("app", "expenseApproval")] + week.prefix(2)),
            ("apps", [("as_of", "2026-11-25T12:00:00Z")]), ("backlog", [("as_of", "2026-11-23")]),
            ("pending_approvals", [("as_of", "2026-11-25T12:00:00Z"), ("hours", "24")]),
            ("weekly_trend", [("as_of", "2026-11-25"), ("weeks", "4")]),
        ]
        #expect(Set(cases.map(\.0)) == Set(canned))
        for (name, parameters) in cases {
            let query = parameters.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                .joined(separator: "&")
            let served = try server.json("/apptrail/\(name).json?\(query)&_shape=array&_size=max")
            let rows = try #require(
                served as? [[String: Any]], "\(name), Datasette's answer: \(String(describing: served))")
            let figures = try run(
                Binaries.apptrail,
                ["query", name, "--db", warehouse, "--format", "json"]
                    + parameters.flatMap { ["--param", "\($0)=\($1)"] },
                environment: env)
            #expect(figures.status == 0, "\(figures.stderr)")
            let expected = try #require(
                try JSONSerialization.jsonObject(with: Data(figures.stdout.utf8)) as? [[String: Any]])
            #expect(rows.count == expected.count, "\(name): Datasette \(rows.count) rows, apptrail \(expected.count)")
            for (served, ours) in zip(rows, expected) {
                #expect(Set(served.keys) == Set(ours.keys), "\(name)")
                for (key, value) in ours where !Self.same(value, served[key] ?? NSNull()) {
                    Issue.record("\(name) \(key): apptrail \(value), Datasette \(served[key] ?? "nothing")")
                }
            }
        }
        let daily = try #require(
            try server.json("/apptrail/daily.json?from=2026-11-16&to=2026-11-23&_shape=array") as? [[String: Any]])
        #expect(daily.contains { ($0["submissions"] as? Int ?? 0) > 0 })
    }

    /// Whether apptrail's value is Datasette's as apptrail writes it: equal, or a number within half a unit of the
    /// last place apptrail keeps (3 decimals for seconds, 4 for rates).
    static func same(_ ours: Any, _ theirs: Any) -> Bool {
        if ours is NSNull || theirs is NSNull { return ours is NSNull && theirs is NSNull }
        if let a = ours as? NSNumber, let b = theirs as? NSNumber, !(ours is String) {
            return (a.doubleValue - b.doubleValue).magnitude <= 0.0005 + 1e-9
        }
        return "\(ours)" == "\(theirs)"
    }

    /// The first line where `expected` and `actual` differ, both shown.
    private func firstDifference(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        guard
            let line = zip(e, a).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
                ?? (e.count == a.count ? nil : min(e.count, a.count))
        else { return "same lines" }
        return "line \(line + 1): committed '\(line < e.count ? e[line] : "")', made '\(line < a.count ? a[line] : "")'"
    }

    /// JSON with sorted keys, to compare two parsed documents whatever their key order.
    private func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }
}

/// `datasette serve` on a free loopback port the kernel picks, its log in a file; `stop()` ends it.
final class DatasetteServer {
    let process = Process()
    private(set) var base = ""

    struct StartFailure: Error, CustomStringConvertible { var description: String }

    init(warehouse: String, metadata: String, log: String, environment: [String: String]) throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-m", "datasette", "serve", warehouse, "--metadata", metadata, "--host", "127.0.0.1", "--port",
            "0",
        ]
        process.environment = environment
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        // Uvicorn names the port it was given on its start-up line; then the server answers when it is ready.
        // Both waits end when the server dies; the deadline only keeps a hung one from holding the suite.
        let deadline = Date().addingTimeInterval(300)
        while base.isEmpty {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                base = String(text[range])
            } else if !process.isRunning || Date() > deadline {
                stop()
                throw StartFailure(description: "datasette did not start: \(text)")
            } else {
                usleep(50_000)
            }
        }
        while (try? run("/usr/bin/curl", ["-sf", "-o", "/dev/null", base + "/-/versions.json"]).status) != 0 {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw StartFailure(
                    description:
                        "datasette did not answer at \(base): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")"
                )
            }
            usleep(50_000)
        }
    }

    /// The body of a page, an error's too (Datasette explains a failed query in it).
    func text(_ path: String) throws -> String {
        let r = try run("/usr/bin/curl", ["-s", base + path])
        guard r.status == 0 else { throw StartFailure(description: "GET \(path): curl exit \(r.status)") }
        return r.stdout
    }

    /// A JSON page, parsed.
    func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try text(path).utf8))
    }

    /// Kills the server and waits for it. SIGKILL, since the child inherits the signal mask of the test's thread,
    /// which blocks SIGTERM: Datasette would never see it. It only read the warehouse, so nothing is lost.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
