import AppTrailTestSupport
import Foundation
import Testing

/// Progress of sync, import, export and report: a bar redrawn in place on a terminal (a pseudo-terminal made
/// by `script`), plain lines at a steady pace off one, nothing with --quiet.
@Suite(.serialized) struct ProgressTests {
    static let now = "2026-11-25T12:00:00Z"

    /// Runs `arguments` of apptrail on a pseudo-terminal wide enough for every field of the bar, and returns
    /// what the terminal showed (TerminalBarTests tries narrow ones).
    private func onTerminal(_ arguments: [String], environment: [String: String], directory: String) throws -> String {
        let command =
            "stty cols 160 rows 24; " + ([Binaries.apptrail] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let r = try run(
            "/usr/bin/script", ["-qec", command, "/dev/null"],
            environment: environment.merging(["TERM": "xterm"]) { a, _ in a },
            directory: directory)
        #expect(r.status == 0, "\(r.stdout)")
        return r.stdout
    }

    private func lines(_ text: String, of task: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("\(task): ") }
    }

    @Test func aTerminalGetsABarAndALogGetsLinesAtASteadyPace() throws {
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "6000", "--apps", "5", "--edition", "oss", "--now", Self.now,
        ])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now]

        // Off a terminal, once a second here (10 s by default): plain lines, no escape codes.
        let started = Date()
        let plain = try run(
            Binaries.apptrail, ["sync", "--page-size", "20", "--db", dir + "/a.db"],
            environment: env.merging(["APPTRAIL_PROGRESS_INTERVAL": "1"]) { a, _ in a })
        let seconds = Date().timeIntervalSince(started)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stderr.contains("\u{1B}") && !plain.stderr.contains("\r"))
        let progress = lines(plain.stderr, of: "sync")
        #expect(progress.count >= 2 && progress.count <= Int(seconds) + 2, "\(progress.count) lines in \(seconds) s")
        #expect(
            progress.dropLast().allSatisfy {
                $0.range(
                    of:
                        #"^sync: (scope|check) 1 of 1, [0-9,]+( of [0-9,]+)? executions( \([0-9]+%\))?, [0-9,]+/s(, [0-9dhms ]+ left)? \(.+\)$"#,
                    options: .regularExpression) != nil
            }, "\(progress)")
        #expect(
            progress.last?.range(
                of: #"^sync: [0-9,]+ executions in [0-9.]+ s \([0-9,]+/s\)$"#, options: .regularExpression) != nil)

        // A run shorter than the pace prints its last line only (the pace made an hour, so that a loaded machine
        // cannot make this run longer than it).
        let quick = try run(
            Binaries.apptrail, ["sync", "--db", dir + "/b.db"],
            environment: env.merging(["APPTRAIL_PROGRESS_INTERVAL": "3600"]) { a, _ in a })
        #expect(lines(quick.stderr, of: "sync").count == 1)

        // On a terminal: the bar, redrawn in place, with counts, rate and time left; then the last line.
        let screen = try onTerminal(
            ["sync", "--page-size", "20", "--db", dir + "/c.db"], environment: env, directory: dir)
        #expect(screen.contains("\r\u{1B}[Ksync  scope 1 of 1  ["), "\(screen.prefix(300))")
        #expect(
            screen.range(
                of:
                    #"sync  scope 1 of 1  \[[#.]{24}\]  +[0-9]+%  [0-9,]+/[0-9,]+ executions  [0-9,]+/s  [0-9dhms ]+ left"#,
                options: .regularExpression) != nil)
        #expect(
            screen.range(of: #"\r\x{1B}\[Ksync: [0-9,]+ executions in [0-9.]+ s"#, options: .regularExpression) != nil)
        #expect(screen.contains("synced: inserted "))

        // --quiet: nothing at all on success, on a terminal too.
        let quiet = try onTerminal(["sync", "--quiet", "--db", dir + "/d.db"], environment: env, directory: dir)
        #expect(quiet.isEmpty, "\(quiet)")
    }

    @Test func importExportAndReportShowTheirProgressToo() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = "\"$0\" dump --seed 3 --executions 20000 --apps 5 --edition oss --now \(Self.now) > \"$1\""
        #expect(try run("/bin/sh", ["-c", dump, Binaries.kestraSim, dir + "/x.ndjson"]).status == 0)
        let env = ["APPTRAIL_NOW": Self.now, "APPTRAIL_DB": dir + "/a.db"]

        let imported = try onTerminal(["import", dir + "/x.ndjson"], environment: env, directory: dir)
        #expect(
            imported.range(
                of: #"\r\x{1B}\[Kimport  \[[#.]{24}\]  +[0-9]+%  [0-9,]+/[0-9,]+ KB"#, options: .regularExpression)
                != nil, "\(imported.prefix(300))")
        #expect(imported.range(of: #"import: [0-9,]+ KB in [0-9.]+ s"#, options: .regularExpression) != nil)

        let exported = try onTerminal(["export", "--out", dir + "/e"], environment: env, directory: dir)
        #expect(
            exported.range(
                of: #"\r\x{1B}\[Kexport  \[[#.]{24}\]  +[0-9]+%  [0-9,]+/[0-9,]+ executions"#,
                options: .regularExpression) != nil, "\(exported.prefix(300))")

        let reported = try onTerminal(
            ["report", "--format", "all", "--out", dir + "/r"], environment: env, directory: dir)
        #expect(
            reported.range(of: #"report: [0-9]+ sheets in [0-9.]+ s"#, options: .regularExpression) != nil,
            "\(reported.prefix(300))")

        // Off a terminal the same commands print their last line, once, and no escape codes.
        for arguments in [["export", "--out", dir + "/e2"], ["report", "--out", dir + "/r2"]] {
            let r = try run(Binaries.apptrail, arguments, environment: env)
            #expect(r.status == 0 && !r.stderr.contains("\u{1B}"))
            #expect(lines(r.stderr, of: arguments[0]).count == 1, "\(r.stderr)")
        }
    }
}
