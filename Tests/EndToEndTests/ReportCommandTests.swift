import AppTrailTestSupport
import Foundation
import Testing

/// `apptrail report` and `apptrail export` through the built binary: files, output, errors and exit codes.
@Suite struct ReportCommandTests {
    let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"]

    /// A folder with a warehouse synced from a small simulated server.
    func syncedFolder() throws -> String {
        let sim = try SimulatorProcess([
            "--seed", "4", "--executions", "300", "--edition", "ee", "--now", "2026-11-25T12:00:00Z",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        var environment = env
        environment["KESTRA_URL"] = sim.url
        environment["KESTRA_TENANT"] = "acme"
        let r = try run(Binaries.apptrail, ["sync", "--quiet"], environment: environment, directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    @Test func reportAndExportWriteTheirFilesAndSayWhere() throws {
        let dir = try syncedFolder()
        let report = try run(
            Binaries.apptrail, ["report", "--week", "2026-W47", "--format", "all", "--out", "r", "--quiet"],
            environment: env, directory: dir)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == "r/weekly-2026-W47.xlsx\nr/weekly-2026-W47/\nr/weekly-2026-W47.html\n")
        #expect(report.stderr.isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/r/weekly-2026-W47").sorted()
                == ["approvals.csv", "apps.csv", "daily.csv", "summary.csv"])
        // Zipped at deflate level 1 (zip_speed.c): a sheet recompressed by zlib at level 1 has exactly the stored size.
        let script = """
            import sys, zipfile, zlib
            i = zipfile.ZipFile(sys.argv[1]).getinfo('xl/worksheets/sheet1.xml')
            data = zipfile.ZipFile(sys.argv[1]).read(i)
            print([l for l in (1, 6) if len((c := zlib.compressobj(l, zlib.DEFLATED, -15, 8)).compress(data) + c.flush()) == i.compress_size])
            """
        let level = try run("/usr/bin/env", ["python3", "-c", script, "r/weekly-2026-W47.xlsx"], directory: dir)
        #expect(level.stdout == "[1]\n", "\(level.stdout) \(level.stderr)")
        // Without a period: the report's own, the last complete ISO week before APPTRAIL_NOW.
        let byDefault = try run(Binaries.apptrail, ["report", "--quiet"], environment: env, directory: dir)
        #expect(byDefault.status == 0 && byDefault.stdout == "./weekly-2026-W47.xlsx\n", "\(byDefault.stderr)")
        let monthly = try run(
            Binaries.apptrail, ["report", "monthly", "--format", "csv", "--quiet"], environment: env, directory: dir)
        #expect(monthly.status == 0 && monthly.stdout == "./monthly-2026-10/\n", "\(monthly.stderr)")

        let export = try run(
            Binaries.apptrail, ["export", "--from", "2026-11-16", "--to", "2026-11-23", "--out", "e"], environment: env,
            directory: dir)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasSuffix(" files in e, manifest e/manifest-sha256.txt\n"))
        #expect(export.stderr.contains(".csv: "), "progress lines go to stderr")
        let check = try run("/usr/bin/sha256sum", ["--strict", "-c", "manifest-sha256.txt"], directory: dir + "/e")
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func wrongChoicesAndBadFilesAreOneLineErrorsWithTheirExitCode() throws {
        let dir = try syncedFolder()
        let unknown = try run(Binaries.apptrail, ["report", "weekley"], environment: env, directory: dir)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.hasSuffix("error: unknown report 'weekley'; did you mean 'weekly'?\n"), "\(unknown.stderr)")

        let both = try run(
            Binaries.apptrail, ["report", "--week", "2026-W47", "--from", "2026-11-01", "--to", "2026-11-02"],
            environment: env, directory: dir)
        #expect(
            both.status == 64 && both.stderr.contains("--week and --from/--to exclude each other"), "\(both.stderr)")
        let format = try run(Binaries.apptrail, ["report", "--format", "pdf"], environment: env, directory: dir)
        #expect(
            format.status == 64 && format.stderr.contains("xlsx") && format.stderr.contains("csv"), "\(format.stderr)")

        try "name: bad\nsheets:\n  - sheet: A\n    query: summary\n    colour: red\n".write(
            toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try run(Binaries.apptrail, ["report", "bad.yaml"], environment: env, directory: dir)
        #expect(bad.status == 78)
        #expect(
            bad.stderr
                == "error: bad.yaml:5: unknown key 'colour' in a sheet; expected: sheet, title, query, csv, params, columns, other_columns, total, note, chart\n"
        )

        let app = try run(Binaries.apptrail, ["export", "--app", "nope"], environment: env, directory: dir)
        #expect(
            app.status == 64 && app.stderr.hasPrefix("error: unknown app 'nope'; the warehouse knows: "),
            "\(app.stderr)")
        // A typo of a known id: the one line names it instead of the whole list.
        let typo = try run(Binaries.apptrail, ["export", "--app", "expenseaproval"], environment: env, directory: dir)
        #expect(
            typo.status == 64
                && typo.stderr == "error: unknown app 'expenseaproval'; did you mean 'expenseApproval'?\n",
            "\(typo.stderr)")
        let order = try run(
            Binaries.apptrail, ["export", "--from", "2026-11-23", "--to", "2026-11-16"], environment: env,
            directory: dir)
        #expect(order.status == 64 && order.stderr.contains("--from must be before --to"), "\(order.stderr)")
        try Data().write(to: URL(fileURLWithPath: dir + "/plainfile"))
        let out = try run(Binaries.apptrail, ["export", "--out", "plainfile/sub"], environment: env, directory: dir)
        // The system's reason, not Foundation's "The operation could not be completed".
        #expect(
            out.status == 73 && out.stderr == "error: cannot write plainfile/sub: Not a directory\n", "\(out.stderr)")
        let xlsx = try run(Binaries.apptrail, ["report", "--out", "plainfile/sub"], environment: env, directory: dir)
        #expect(
            xlsx.status == 73 && xlsx.stderr == "error: cannot write plainfile/sub: Not a directory\n", "\(xlsx.stderr)"
        )
        #expect(
            !FileManager.default.fileExists(atPath: dir + "/weekly-2026-W47.xlsx"), "a failed report writes nothing")
    }

    /// A quiet week, W53 and a month with nothing: complete reports, exit 0, nothing on stderr under `--quiet`,
    /// only JSON lines with `--log-format json` (libxlsxwriter's own warnings never printed raw).
    @Test(arguments: [
        (["report", "--week", "2026-W30"], "weekly-2026-W30"),
        (["report", "--week", "2026-W53"], "weekly-2026-W53"),
        (["report", "monthly", "--from", "2026-07-01", "--to", "2026-08-01"], "monthly-2026-07"),
    ])
    func emptyPeriodsMakeEveryFile(arguments: [String], base: String) throws {
        let dir = try syncedFolder()
        let quiet = try run(
            Binaries.apptrail, arguments + ["--format", "all", "--out", "q", "--quiet"], environment: env,
            directory: dir)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout == "q/\(base).xlsx\nq/\(base)/\nq/\(base).html\n")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/q").sorted() == [
                base, base + ".html", base + ".xlsx",
            ])
        let json = try run(
            Binaries.apptrail, arguments + ["--format", "all", "--out", "j", "--log-format", "json"], environment: env,
            directory: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let lines = json.stderr.split(separator: "\n")
        #expect(
            !lines.isEmpty
                && lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] },
            "\(json.stderr)")
        #expect(!json.stderr.contains("WARNING") && !json.stderr.contains("[ERROR]"))
        let summary = try String(contentsOfFile: dir + "/j/\(base)/summary.csv", encoding: .utf8)
        #expect(summary.hasPrefix("app_id,submissions,") && summary.contains("\r\nTOTAL,0,"), "\(summary)")
    }

    /// The approvals sheet names the decisions without an approver; the page a manager forwards holds them too.
    @Test func decisionsWithoutAnApproverAreLabelled() throws {
        let dir = try syncedFolder()
        let r = try run(
            Binaries.apptrail, ["report", "--week", "2026-W47", "--format", "all", "--quiet"], environment: env,
            directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOfFile: dir + "/weekly-2026-W47/approvals.csv", encoding: .utf8)
        let blanks = csv.split(separator: "\r\n").filter {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().first == ""
        }.count
        #expect(blanks > 0, "the simulator has decisions without an approver: \(csv)")
        let script = """
            import openpyxl, sys
            ws = openpyxl.load_workbook(sys.argv[1])["Approvals"]
            print(sum(1 for row in ws.iter_rows(min_row=3, values_only=True) if row[1] == "(no approver recorded)"))
            """
        // The Python that has openpyxl: the test runner's PATH and HOME, not the binaries' bare environment.
        let python = ["PATH", "HOME"].reduce(into: [String: String]()) {
            $0[$1] = ProcessInfo.processInfo.environment[$1]
        }
        let shown = try run(
            "/usr/bin/env", ["python3", "-c", script, "weekly-2026-W47.xlsx"], environment: python, directory: dir)
        #expect(shown.stdout == "\(blanks)\n", "\(shown.stdout) \(shown.stderr)")
        let html = try String(contentsOfFile: dir + "/weekly-2026-W47.html", encoding: .utf8)
        #expect(html.components(separatedBy: ">(no approver recorded)</td>").count - 1 == blanks)
    }

    /// `./reports` is where people write their reports to: a folder without definitions is not the catalogue.
    @Test func reportsWrittenToAReportsFolderDoNotHideTheCatalogue() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = "\"$0\" dump --seed 3 --executions 500 --apps 3 --edition oss --now 2026-11-25T12:00:00Z > \"$1\""
        #expect(try run("/bin/sh", ["-c", dump, Binaries.kestraSim, dir + "/x.ndjson"]).status == 0)
        let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"]
        #expect(
            try run(Binaries.apptrail, ["import", "--quiet", "x.ndjson"], environment: env, directory: dir).status == 0)
        for _ in 0..<2 {
            let r = try run(
                Binaries.apptrail, ["report", "weekly", "--quiet", "--out", "reports"], environment: env, directory: dir
            )
            #expect(r.status == 0 && r.stdout == "reports/weekly-2026-W47.xlsx\n", "\(r.stderr)")
        }
    }
}
