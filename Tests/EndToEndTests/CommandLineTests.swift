import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// The built `apptrail` binary: output, exit codes and files, as cron and people see them.
@Suite struct CommandLineTests {
    @Test func helpListsEveryCommandWithAnExample() throws {
        let r = try run(Binaries.apptrail, ["--help"])
        #expect(r.status == 0)
        for command in ["sync", "import", "apps", "query", "status", "demo"] {
            #expect(r.stdout.contains("  \(command) "))
        }
        for command in ["sync", "import", "apps import", "query", "status", "demo"] {
            let help = try run(Binaries.apptrail, command.split(separator: " ").map(String.init) + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "\(command) --help has no example")
        }
    }

    @Test func syncWithoutAServerIsAUsageError() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try run(Binaries.apptrail, ["sync"], directory: dir)
        #expect(r.status == 64)
        #expect(r.stderr == "error: no Kestra server: pass --server URL or set KESTRA_URL\n")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/apptrail.db"))
    }

    @Test(arguments: [
        (["sync", "--server", "http://127.0.0.1:9", "--page-size", "2000"], "--page-size must be between 1 and 1000"),
        (
            ["sync", "--server", "http://127.0.0.1:9", "--api-version", "3"],
            "--api-version must be one of auto, 0.22, 1, 2"
        ),
        (
            ["sync", "--server", "http://127.0.0.1:9", "--since", "last week"],
            "--since is not a date (YYYY-MM-DD) or an ISO-8601 instant: last week"
        ),
        (
            ["sync", "--server", "http://127.0.0.1:9", "--discover", "--app", "a"],
            "--discover and --app exclude each other"
        ),
        (["sync", "--frobnicate"], "unknown option '--frobnicate'"),
        (["import"], "missing expected argument '<file> ...'"),
        // A typo gets the name it is close to, in the same line.
        (["synk"], "unknown command 'synk'; did you mean 'sync'?"),
        (["reprot", "weekly"], "unknown command 'reprot'; did you mean 'report'?"),
        (["apps", "lst"], "unknown command 'lst'; did you mean 'list'?"),
        (
            ["frobnicate"],
            "unknown command 'frobnicate'; commands: sync, import, apps, query, report, export, status, config, doctor, demo, datasette-metadata"
        ),
        (["sync", "--qiet"], "unknown option '--qiet'; did you mean '--quiet'?"),
        (["report", "--formt", "csv"], "unknown option '--formt'; did you mean '--format'?"),
        (["query", "summary", "extra"], "unexpected argument 'extra'"),
    ])
    func wrongFlagsExit64NamingTheFlag(arguments: [String], message: String) throws {
        let r = try run(Binaries.apptrail, arguments, directory: temporaryFolder("apptrail-e2e"))
        #expect(r.status == 64)
        // One line, like every other error; the usage is in --help.
        #expect(r.stderr == "error: \(message) (see --help)\n", "\(r.stderr)")
    }

    @Test func aNameHoldingTerminalControlsIsShownEscaped() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let command = try run(Binaries.apptrail, ["sy\u{1B}]0;owned\u{07}nc"], directory: dir)
        #expect(command.status == 64)
        #expect(
            command.stderr
                == "error: unknown command 'sy\\u{1b}]0;owned\\u{7}nc'; commands: sync, import, apps, query, report, export, status, config, doctor, demo, datasette-metadata (see --help)\n"
        )
        // Through the reporter: a query's name.
        let query = try run(Binaries.apptrail, ["query", "red\u{1B}[31m"], directory: dir)
        #expect(
            query.status == 64 && !query.stderr.contains("\u{1B}") && query.stderr.contains("'red\\u{1b}[31m'"),
            "\(query.stderr)")
    }

    @Test func aMissingInputExits66() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try run(Binaries.apptrail, ["import", "nope.ndjson"], directory: dir)
        #expect(r.status == 66)
        #expect(r.stderr == "error: cannot read nope.ndjson: no such file or not readable\n")
        let s = try run(Binaries.apptrail, ["status", "--db", "missing.db"], directory: dir)
        #expect(s.status == 66)
        #expect(
            s.stderr
                == "error: no warehouse at missing.db: run `apptrail sync` or `apptrail import` first, or pass --db\n")
    }

    @Test func anUnreachableServerExits69WithoutCredentialsInTheMessage() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try run(
            Binaries.apptrail, ["sync", "--server", "http://127.0.0.1:9"],
            environment: ["KESTRA_USERNAME": "ops", "KESTRA_PASSWORD": "Sup3r-Secret!"], directory: dir)
        #expect(r.status == 69)
        #expect(
            r.stderr.hasSuffix(
                "error: server unreachable after 5 tries: Couldn't connect to server (http://127.0.0.1:9/api/v1/configs)\n"
            ))
        #expect(!r.stderr.contains("Sup3r-Secret!"))
        // A first sync that reached nothing leaves no warehouse; into one that exists, the failed run is recorded.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        _ = try Warehouse(path: dir + "/apptrail.db")
        let again = try run(
            Binaries.apptrail, ["sync", "--server", "http://127.0.0.1:9"],
            environment: ["KESTRA_USERNAME": "ops", "KESTRA_PASSWORD": "Sup3r-Secret!"], directory: dir)
        #expect(again.status == 69)
        #expect(
            try Warehouse(path: dir + "/apptrail.db", readOnly: true).recentRuns(limit: 1).first?.outcome == "failed")
        let db = try Data(contentsOf: URL(fileURLWithPath: dir + "/apptrail.db"))
        #expect(db.range(of: Data("Sup3r-Secret!".utf8)) == nil)
    }

    @Test func credentialsInTheURLMoveToTheHeaderAndNeverShow() throws {
        let sim = try SimulatorProcess(
            ["--seed", "3", "--executions", "40", "--edition", "oss"],
            environment: ["KESTRA_USERNAME": "ops", "KESTRA_PASSWORD": "pa55"])
        let dir = temporaryFolder("apptrail-e2e")
        let url = sim.url.replacingOccurrences(of: "http://", with: "http://ops:pa55@")
        let r = try run(Binaries.apptrail, ["sync", "--server", url], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("pa55"))
        #expect(r.stderr.contains("connected to \(sim.url):"))
        let server = try Warehouse(path: dir + "/apptrail.db", readOnly: true).read { db in
            try String.fetchOne(db, sql: "SELECT server FROM sync_runs")
        }
        #expect(server == sim.url)
    }

    @Test func quietSyncPrintsNothingAndJSONLogsAreOneObjectPerLine() throws {
        let sim = try SimulatorProcess(["--seed", "3", "--executions", "60", "--edition", "oss"])
        let dir = temporaryFolder("apptrail-e2e")
        let quiet = try run(
            Binaries.apptrail, ["sync", "--quiet"], environment: ["KESTRA_URL": sim.url], directory: dir)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        let json = try run(
            Binaries.apptrail, ["sync", "--log-format", "json", "--db", "other.db"],
            environment: ["KESTRA_URL": sim.url], directory: dir)
        #expect(json.status == 0)
        let lines = json.stderr.split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] as? String == "info")
            #expect(object?["msg"] is String)
        }
        let last = try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any]
        #expect(last?["inserted"] as? Int ?? 0 > 0)
    }

    @Test func demoRunsTheMainJob() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try run(
            Binaries.apptrail, ["demo", "--out", "out"], environment: ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"],
            directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\nwarehouse:       out/apptrail.db\n"))
        let count = try Warehouse(path: dir + "/out/apptrail.db", readOnly: true).executionCount()
        #expect(count > 1000)
        #expect(r.stdout.contains("synced \(count) app executions"))
        // The rest of the main job: the weekly report of the last complete week, as a workbook and CSVs, and the
        // auditors' export of that week, whose manifest checks.
        #expect(r.stdout.contains("\nweekly report:   out/weekly-2026-W47.xlsx  (2026-W47, "))
        #expect(r.stdout.contains("\n  as CSV:        out/weekly-2026-W47/\n"))
        #expect(
            r.stdout.contains(
                "\nauditor export:  out/exports/  (8 CSV files; check: cd out/exports && sha256sum -c manifest-sha256.txt)\n"
            ))
        for file in [
            "weekly-2026-W47.xlsx", "weekly-2026-W47/summary.csv", "weekly-2026-W47/daily.csv",
            "weekly-2026-W47/approvals.csv",
            "weekly-2026-W47/apps.csv", "exports/export.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: dir + "/out/" + file), "\(file)")
        }
        let check = try run(
            "/usr/bin/sha256sum", ["--strict", "-c", "manifest-sha256.txt"], directory: dir + "/out/exports")
        // Eight CSV files and export.json.
        #expect(
            check.status == 0 && check.stdout.components(separatedBy: ": OK\n").count == 10
                && check.stdout.contains("export.json: OK\n"), "\(check.stdout)")
    }

    @Test func appsImportReadsYAMLAndRefusesBadFilesWithTheLine() throws {
        let dir = temporaryFolder("apptrail-e2e")
        try
            "id: expenses\nexpiration:\n  type: LIMIT\n  limit: 100\n---\nid: vacation\nexpiration:\n  startDate: 2026-11-01T00:00:00Z\n  endDate: 2026-12-24\n"
            .write(toFile: dir + "/apps.yaml", atomically: true, encoding: .utf8)
        try "id: broken\nexpiration:\n  type: TTL\n  ttl: forever\n".write(
            toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try run(Binaries.apptrail, ["apps", "import", "apps.yaml", "bad.yaml"], directory: dir)
        #expect(bad.status == 65)
        #expect(bad.stderr == "error: bad.yaml:4: 'expiration.ttl' is not an ISO-8601 duration: forever\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/apptrail.db"))
        let good = try run(Binaries.apptrail, ["apps", "import", "apps.yaml"], directory: dir)
        #expect(good.status == 0)
        #expect(good.stderr == "app expenses: expiration LIMIT\napp vacation: expiration WINDOW\n")
        let apps = try Warehouse(path: dir + "/apptrail.db", readOnly: true).appDefinitions()
        #expect(apps.map(\.id) == ["expenses", "vacation"])
        let list = try run(
            Binaries.apptrail, ["apps", "--format", "csv"], environment: ["APPTRAIL_NOW": "2026-12-01T00:00:00Z"],
            directory: dir)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(
            list.stdout
                == "app_id,name,namespace,flow_id,type,disabled,expiration_type,expires_at,submissions_total,submissions_remaining,expiration_status\r\n"
                + "expenses,,,,,false,LIMIT,,0,100,ACTIVE\r\nvacation,,,,,false,WINDOW,2026-12-24T00:00:00.000Z,0,,ACTIVE\r\n"
        )
        let table = try run(
            Binaries.apptrail, ["apps"], environment: ["APPTRAIL_NOW": "2026-12-20T00:00:00Z"], directory: dir)
        #expect(table.stdout.contains("EXPIRING_SOON"))
    }

    @Test func queryRunsReadOnlyAndNamesWhatIsWrong() throws {
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "300", "--edition", "oss", "--now", "2026-11-25T12:00:00Z",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        #expect(
            try run(Binaries.apptrail, ["sync", "--quiet"], environment: ["KESTRA_URL": sim.url], directory: dir).status
                == 0)
        let csv = try run(
            Binaries.apptrail,
            [
                "query", "pending_approvals", "--param", "as_of=2026-11-25T12:00:00Z", "--param", "hours=0", "--format",
                "csv",
            ], directory: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(
            csv.stdout.hasPrefix(
                "app_id,execution_id,submitted_at,waiting_since,pending_age_s,submitted_by,namespace,flow_id\r\n"))
        #expect(csv.stdout.split(separator: "\r\n").count > 1)

        let week = try run(
            Binaries.apptrail, ["query", "summary", "--format", "csv"],
            environment: ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"], directory: dir)
        let explicit = try run(
            Binaries.apptrail, ["query", "summary", "--format", "csv", "--week", "2026-W47"], directory: dir)
        let byParams = try run(
            Binaries.apptrail,
            [
                "query", "summary", "--format", "csv", "--param", "from=2026-11-16", "--param", "to=2026-11-23",
                "--param", "as_of=2026-11-23",
            ], directory: dir)
        #expect(week.status == 0 && week.stdout == explicit.stdout && week.stdout == byParams.stdout, "\(week.stderr)")
        #expect(week.stdout.contains("\r\nTOTAL,"))
        let badWeek = try run(Binaries.apptrail, ["query", "summary", "--week", "2026-W54"], directory: dir)
        #expect(
            badWeek.status == 64 && badWeek.stderr == "error: --week is not an ISO week such as 2026-W47: 2026-W54\n")

        let unknown = try run(Binaries.apptrail, ["query", "pendng"], directory: dir)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr
                == "error: unknown query 'pendng'; available: approvals, apps, audit, backlog, daily, headline, pending_approvals, summary, top_submitters, weekly_trend\n"
        )
        // The period fills :from and :to; :limit has no default.
        let missing = try run(Binaries.apptrail, ["query", "top_submitters"], directory: dir)
        #expect(missing.status == 64)
        #expect(
            missing.stderr == "error: query top_submitters needs --param limit=VALUE; it declares: from, to, limit\n")

        try "-- name: purge\n-- description: tries to write\nUPDATE executions SET state = 'SUCCESS'\n".write(
            toFile: dir + "/purge.sql", atomically: true, encoding: .utf8)
        let writes = try run(Binaries.apptrail, ["query", "purge.sql"], directory: dir)
        #expect(writes.status == 78)
        #expect(writes.stderr == "error: purge.sql: the query writes to the warehouse; queries are read-only\n")
        let paused = try Warehouse(path: dir + "/apptrail.db", readOnly: true).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM executions WHERE state != 'SUCCESS'") ?? 0
        }
        #expect(paused > 0)
    }
}
