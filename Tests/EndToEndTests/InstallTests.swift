import AppTrailTestSupport
import Foundation
import Testing

/// `make install` into a temporary PREFIX, the installed binary run without the Swift toolchain, and
/// `make uninstall`.
///
/// The release build takes minutes and both cores, so `make test` runs this suite alone after the others
/// (APPTRAIL_INSTALL_TEST=1), where it cannot slow the tests that measure time.
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["APPTRAIL_INSTALL_TEST"] == "1",
        "runs alone after the other suites: make test sets APPTRAIL_INSTALL_TEST=1"))
struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let installed = [
        "bin/apptrail", "bin/kestra-sim",
        "share/apptrail/queries/approvals.sql", "share/apptrail/queries/apps.sql", "share/apptrail/queries/audit.sql",
        "share/apptrail/queries/backlog.sql", "share/apptrail/queries/daily.sql", "share/apptrail/queries/headline.sql",
        "share/apptrail/queries/pending_approvals.sql", "share/apptrail/queries/summary.sql",
        "share/apptrail/queries/top_submitters.sql", "share/apptrail/queries/weekly_trend.sql",
        "share/apptrail/reports/monthly.yaml", "share/apptrail/reports/weekly.yaml",
        "share/bash-completion/completions/apptrail", "share/fish/vendor_completions.d/apptrail.fish",
        "share/man/man1/apptrail.1", "share/zsh/site-functions/_apptrail",
    ]

    private func make(_ arguments: [String]) throws -> RunResult {
        // make needs the toolchain on PATH; the installed binary below runs without it.
        try run(
            "/usr/bin/make", ["--no-print-directory", "-C", Self.repository] + arguments,
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            ])
    }

    @Test func installRunsWithoutTheToolchainAndUninstallRemovesEverything() throws {
        let prefix = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let install = try make(["install", "PREFIX=" + prefix])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.hasSuffix("installed \(prefix)/bin/apptrail\n"))

        let files = (FileManager.default.enumerator(atPath: prefix)?.allObjects as? [String] ?? [])
            .filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: prefix + "/" + $0, isDirectory: &d) && !d.boolValue
            }
            .sorted()
        #expect(files == Self.installed)

        // Both binaries are stripped: no symbol table (the dynamic symbols libraries need stay).
        for binary in ["apptrail", "kestra-sim"] {
            let sections = try run("/usr/bin/readelf", ["-S", "-W", prefix + "/bin/" + binary])
            #expect(sections.status == 0 && !sections.stdout.contains(" .symtab "), "\(binary) is not stripped")
        }
        let sim = try run(prefix + "/bin/kestra-sim", ["--help"])
        #expect(sim.status == 0 && sim.stdout.contains("serve"), "\(sim.stderr)")

        // No Swift runtime library is loaded from outside the binary.
        let ldd = try run("/usr/bin/ldd", [prefix + "/bin/apptrail"])
        #expect(ldd.status == 0)
        #expect(
            !ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation")
                && !ldd.stdout.contains("/opt/swift"), "\(ldd.stdout)")
        for library in ["libcurl", "libsqlite3", "libxlsxwriter"] {
            #expect(ldd.stdout.contains(library), "\(library)")
        }

        // `env -i`, a PATH without the toolchain, a folder without queries/ or reports/: the share folder serves.
        let work = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: work) }
        func installed(_ arguments: [String]) throws -> RunResult {
            try run(
                "/usr/bin/env",
                [
                    "-i", "PATH=/usr/bin:/bin", "HOME=" + work, "APPTRAIL_NOW=2026-11-25T12:00:00Z",
                    prefix + "/bin/apptrail",
                ] + arguments, directory: work)
        }
        #expect(try run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", "/bin/sh", "-c", "command -v swift"]).status != 0)
        let version = try installed(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("apptrail 0.1.0 (commit "), "\(version.stderr)")
        let demo = try installed(["demo", "--quiet", "--out", work + "/demo"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(FileManager.default.fileExists(atPath: work + "/demo/weekly-2026-W47.xlsx"))
        #expect(
            try installed([
                "query", "summary", "--from", "2026-11-16", "--to", "2026-11-23", "--db", work + "/demo/apptrail.db",
            ]).status == 0)
        // The binary alone, without its share folder, serves the queries built into it.
        try FileManager.default.createDirectory(atPath: work + "/lonely", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: prefix + "/bin/apptrail", toPath: work + "/lonely/apptrail")
        let lonely = try run(
            "/usr/bin/env",
            [
                "-i", "PATH=/usr/bin:/bin", work + "/lonely/apptrail", "query", "summary", "--db",
                work + "/demo/apptrail.db",
            ],
            directory: work)
        #expect(lonely.status == 0, "\(lonely.stderr)")
        // The installed share folder comes before the built-in queries: an edit there is what runs.
        let list = try installed(["query", "--list"])
        // The path is cut from the left to fit 80 columns: its end names the file.
        let summary = list.stdout.split(separator: "\n").first { $0.hasPrefix("summary ") }
        #expect(summary?.contains("…pptrail/queries/summary.sql  ") == true, "\(list.stdout)")

        // The completions load in their shells' syntax, and the manual names every command.
        #expect(try run("/bin/bash", ["-n", prefix + "/share/bash-completion/completions/apptrail"]).status == 0)
        // bash: the completion offers the commands after `apptrail `.
        let bash = try run(
            "/bin/bash",
            [
                "-c", ". \"$0\"; COMP_WORDS=(apptrail st); COMP_CWORD=1; _apptrail; echo \"${COMPREPLY[*]}\"",
                prefix + "/share/bash-completion/completions/apptrail",
            ])
        #expect(bash.stdout.contains("status"), "\(bash.stdout)\(bash.stderr)")
        #expect(
            try String(contentsOfFile: prefix + "/share/zsh/site-functions/_apptrail", encoding: .utf8).hasPrefix(
                "#compdef apptrail"))
        #expect(
            try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/apptrail.fish", encoding: .utf8)
                .contains("\ncomplete -c 'apptrail' -f\n"))
        let manual = try String(contentsOfFile: prefix + "/share/man/man1/apptrail.1", encoding: .utf8)
        for command in ["sync", "import", "apps", "query", "report", "export", "status", "demo"] {
            #expect(manual.contains(command), "the manual lacks \(command)")
        }

        let uninstall = try make(["uninstall", "PREFIX=" + prefix])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        let left = (FileManager.default.enumerator(atPath: prefix)?.allObjects as? [String] ?? [])
            .filter {
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: prefix + "/" + $0, isDirectory: &d) && !d.boolValue
            }
        #expect(left.isEmpty, "\(left)")
    }

    /// The manual a Unix user expects: no warning from man, and EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES
    /// that name every exit code of the README and every variable apptrail reads.
    @Test func theManualHasEverySectionAndNoWarning() throws {
        let made = try make(["man"])
        #expect(made.status == 0, "\(made.stderr)")
        let page = Self.repository + "/.build-release/man/apptrail.1"
        let checked = try run("/bin/sh", ["-c", "MANWIDTH=80 man --warnings -l \"$0\" >/dev/null", page])
        #expect(checked.status == 0)
        #expect(checked.stderr.isEmpty, "\(checked.stderr)")
        let manual = try String(contentsOfFile: page, encoding: .utf8)
        func section(_ name: String) -> String {
            guard let start = manual.range(of: ".Sh \(name)\n") ?? manual.range(of: ".Sh \"\(name)\"\n") else {
                return ""
            }
            let rest = manual[start.upperBound...]
            return String(rest[..<(rest.range(of: "\n.Sh ")?.lowerBound ?? rest.endIndex)])
        }
        for name in ["ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"] { #expect(!section(name).isEmpty, "no \(name)") }
        // argument-parser's generic "0 on success, >0 if an error occurs" is gone.
        #expect(!manual.contains(".Ex -std"))

        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let heading = try #require(readme.range(of: "### Exit codes"))
        let table = readme[heading.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("|") }
            .prefix { $0.hasPrefix("|") }.dropFirst(2)
        let codes = table.map { $0.split(separator: "|").first!.trimmingCharacters(in: .whitespaces) }
        #expect(codes.count >= 10)
        let exitStatus = section("EXIT STATUS")
        for code in codes { #expect(exitStatus.contains(".It \(code)\n"), "EXIT STATUS lacks \(code)") }

        var variables = Set<String>()
        let sources = Self.repository + "/Sources"
        for file in FileManager.default.enumerator(atPath: sources)?.allObjects as? [String] ?? []
        where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in text.matches(of: /"((?:APPTRAIL|KESTRA)_[A-Z_]+)"/) { variables.insert(String(match.1)) }
        }
        #expect(variables.contains("KESTRA_API_TOKEN") && variables.contains("APPTRAIL_NOW"))
        let environment = section("ENVIRONMENT")
        for variable in variables.sorted() {
            #expect(environment.contains("Ev \(variable)"), "ENVIRONMENT lacks \(variable)")
        }
    }
}
