import AppTrailTestSupport
import Foundation
import Testing

/// The queries and reports built into the binary, the folders searched over them, `--list`, suggestions,
/// `config show` and completions, through the binary.
@Suite struct CatalogueTests {
    let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"]

    private func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func theBinaryAloneWorksFromAnyFolder() throws {
        // A copy of the binary, alone in a folder, run from another folder without queries/ or reports/.
        let bin = temporaryFolder("apptrail-e2e")
        try FileManager.default.copyItem(atPath: Binaries.apptrail, toPath: bin + "/apptrail")
        let apptrail = bin + "/apptrail"
        let work = temporaryFolder("apptrail-e2e")
        let demo = try run(apptrail, ["demo", "--out", "d", "--quiet"], environment: env, directory: work)
        #expect(demo.status == 0, "\(demo.stderr)")
        let query = try run(
            apptrail, ["query", "summary", "--week", "2026-W47", "--db", "d/apptrail.db", "--format", "csv"],
            directory: work)
        #expect(query.status == 0 && query.stdout.contains("\r\nTOTAL,"), "\(query.stderr)")
        let report = try run(
            apptrail, ["report", "weekly", "--week", "2026-W47", "--db", "d/apptrail.db", "--out", "r", "--quiet"],
            environment: env, directory: work)
        #expect(report.status == 0 && report.stdout == "r/weekly-2026-W47.xlsx\n", "\(report.stderr)")
        let monthly = try run(
            apptrail, ["report", "monthly", "--db", "d/apptrail.db", "--out", "r", "--format", "csv", "--quiet"],
            environment: env, directory: work)
        #expect(monthly.status == 0 && monthly.stdout == "r/monthly-2026-10/\n", "\(monthly.stderr)")
        let export = try run(
            apptrail,
            ["export", "--from", "2026-11-16", "--to", "2026-11-23", "--db", "d/apptrail.db", "--out", "e", "--quiet"],
            directory: work)
        #expect(
            export.status == 0 && export.stdout.hasSuffix(" files in e, manifest e/manifest-sha256.txt\n"),
            "\(export.stderr)")
        let status = try run(apptrail, ["status", "--db", "d/apptrail.db"], environment: env, directory: work)
        #expect(status.status == 0 && !status.stdout.isEmpty, "\(status.stderr)")
        let list = try run(apptrail, ["query", "--list"], directory: work)
        #expect(
            list.status == 0 && list.stdout.contains("\nsummary            built-in  Per app with a submission"),
            "\(list.stdout)")
    }

    @Test func aFolderAddsToAndOverridesTheBuiltInOnes() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let demo = try run(Binaries.apptrail, ["demo", "--out", "d", "--quiet"], environment: env, directory: dir)
        #expect(demo.status == 0, "\(demo.stderr)")
        try write(
            "-- name: summary\n-- description: Ours: the number of executions.\nSELECT count(*) AS ours FROM executions\n",
            dir + "/queries/summary.sql")
        try write(
            "-- name: per_state\n-- description: Executions per state.\nSELECT state, count(*) AS n FROM executions GROUP BY state ORDER BY state\n",
            dir + "/queries/per_state.sql")
        try write(
            "name: states\ndescription: Executions per state, one sheet.\nsheets:\n  - sheet: States\n    query: per_state\n    csv: states.csv\n",
            dir + "/reports/states.yaml")
        // APPTRAIL_QUERIES comes before ./queries.
        let first = temporaryFolder("apptrail-e2e")
        try write(
            "-- name: per_state\n-- description: The first folder's.\nSELECT 1 AS first\n", first + "/per_state.sql")

        let list = try run(Binaries.apptrail, ["query", "--list"], directory: dir)
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(list.stdout)")
        #expect(lines.first == "name               source                 description")
        #expect(lines.contains("summary            queries/summary.sql    Ours: the number of executions."))
        #expect(lines.contains("per_state          queries/per_state.sql  Executions per state."))
        #expect(
            lines.contains("pending_approvals  built-in               Executions waiting for an approval de…"),
            "\(list.stdout)")
        #expect(lines.count == 12)

        let ours = try run(
            Binaries.apptrail, ["query", "summary", "--db", "d/apptrail.db", "--format", "csv"], directory: dir)
        #expect(ours.status == 0 && ours.stdout.hasPrefix("ours\r\n"), "\(ours.stderr)")
        let overridden = try run(
            Binaries.apptrail, ["query", "per_state", "--db", "d/apptrail.db", "--format", "csv"],
            environment: ["APPTRAIL_QUERIES": first], directory: dir)
        #expect(overridden.stdout == "first\r\n1\r\n", "\(overridden.stderr)")

        // A report of ./reports names a query of ./queries; the built-in weekly report still finds its own.
        let reports = try run(Binaries.apptrail, ["report", "--list"], directory: dir)
        #expect(
            reports.stdout == """
                name     source               description
                monthly  built-in             Submissions, outcomes, decisions and durations pe…
                states   reports/states.yaml  Executions per state, one sheet.
                weekly   built-in             Submissions, outcomes, decisions and durations pe…

                """, "\(reports.stdout)")
        // A wider terminal shows more of each description, never past its width.
        let wide = try run(Binaries.apptrail, ["report", "--list"], environment: ["COLUMNS": "120"], directory: dir)
        let wideLines = wide.stdout.split(separator: "\n")
        #expect(
            wideLines.allSatisfy { $0.count <= 120 } && wideLines.contains { $0.count == 120 && $0.hasSuffix("…") },
            "\(wide.stdout)")
        let states = try run(
            Binaries.apptrail,
            ["report", "states", "--db", "d/apptrail.db", "--week", "2026-W47", "--format", "csv", "--quiet"],
            environment: env, directory: dir)
        #expect(states.status == 0 && states.stdout == "./states-2026-W47/\n", "\(states.stderr)")
        #expect(
            try String(contentsOfFile: dir + "/states-2026-W47/states.csv", encoding: .utf8).hasPrefix("state,n\r\n"))
    }

    @Test func listingTakesNoNameAndANameIsNeededOtherwise() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let both = try run(Binaries.apptrail, ["query", "summary", "--list"], directory: dir)
        #expect(
            both.status == 64 && both.stderr == "error: --list takes no query name (see --help)\n", "\(both.stderr)")
        let none = try run(Binaries.apptrail, ["query"], directory: dir)
        #expect(
            none.status == 64
                && none.stderr == "error: missing expected argument '<name-or-file>' (or --list) (see --help)\n",
            "\(none.stderr)")
        let report = try run(Binaries.apptrail, ["report", "weekly", "--list"], directory: dir)
        #expect(
            report.status == 64 && report.stderr == "error: --list takes no report name (see --help)\n",
            "\(report.stderr)")
    }

    @Test func anUnknownNameListsTheOthersAndSuggestsTheClosest() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let query = try run(Binaries.apptrail, ["query", "sumary", "--db", "x.db"], directory: dir)
        #expect(query.status == 64)
        #expect(query.stderr == "error: unknown query 'sumary'; did you mean 'summary'?\n")
        let far = try run(Binaries.apptrail, ["query", "xyzzy"], directory: dir)
        #expect(
            far.status == 64 && !far.stderr.contains("did you mean") && far.stderr.contains("; available: approvals,"))
        let report = try run(Binaries.apptrail, ["report", "montly"], directory: dir)
        #expect(report.status == 64)
        #expect(report.stderr == "error: unknown report 'montly'; did you mean 'monthly'?\n")
    }

    @Test func configShowNamesTheFoldersSearched() throws {
        let dir = temporaryFolder("apptrail-e2e")
        try FileManager.default.createDirectory(atPath: dir + "/queries", withIntermediateDirectories: true)
        let r = try run(
            Binaries.apptrail, ["config", "show"], environment: ["APPTRAIL_QUERIES": "/nowhere/q"], directory: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let share = Binaries.directory.appendingPathComponent("../share/apptrail").standardized.path
        let queries = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("queries ") })
        #expect(
            queries.contains(
                " /nowhere/q (missing), ./queries (found), \(share)/queries (missing), then built-in  environment APPTRAIL_QUERIES"
            ), "\(queries)")
        let reports = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("reports ") })
        #expect(reports.contains(" ./reports (missing), \(share)/reports (missing), then built-in  "), "\(reports)")
        #expect(reports.hasSuffix("  default"))
    }

    @Test func completionsOfferQueryAndReportNames() throws {
        let dir = temporaryFolder("apptrail-e2e")
        try write("-- name: mine\n-- description: Mine.\nSELECT 1\n", dir + "/queries/mine.sql")
        let queries = try run(
            Binaries.apptrail, ["---completion", "query", "--", "positional@0", "2", "1", "apptrail", "query", "m"],
            directory: dir)
        #expect(queries.status == 0 && queries.stdout == "mine\n", "\(queries.stdout)\(queries.stderr)")
        let reports = try run(
            Binaries.apptrail, ["---completion", "report", "--", "positional@0", "2", "0", "apptrail", "report", ""],
            directory: dir)
        #expect(reports.stdout == "monthly\nweekly\n", "\(reports.stdout)\(reports.stderr)")
        // The shells' scripts ask the binary for them.
        let bash = try run(Binaries.apptrail, ["--generate-completion-script", "bash"])
        #expect(
            bash.stdout.contains("---completion query -- positional@0")
                && bash.stdout.contains("---completion report -- positional@0"))
    }
}
