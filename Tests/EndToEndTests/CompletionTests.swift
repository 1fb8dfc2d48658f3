import AppTrailTestSupport
import Foundation
import Testing

/// The bash completion as a user meets it: after `--app ` it offers the apps of their own warehouse.
@Suite struct CompletionTests {
    /// What bash's completion offers for `words`, the last one being completed, with the script of the built
    /// binary (the binary itself is the first word, as a user's `apptrail` would be found on the PATH).
    private func complete(_ words: [String], directory: String) throws -> [String] {
        let script = try run(Binaries.apptrail, ["--generate-completion-script", "bash"]).stdout
        let file = directory + "/apptrail.bash"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let line = ([Binaries.apptrail] + words).joined(separator: " ")
        let quoted = ([Binaries.apptrail] + words).map { "'\($0)'" }.joined(separator: " ")
        let r = try run(
            "/bin/bash",
            [
                "-c",
                """
                . "$0"; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                _apptrail "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf '%s\\n' "${COMPREPLY[@]}"
                """, file,
            ], directory: directory)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func appOptionsCompleteTheWarehousesApps() throws {
        let sim = try SimulatorProcess([
            "--seed", "5", "--executions", "300", "--apps", "4", "--edition", "ee", "--tenant", "main",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sync = try run(Binaries.apptrail, ["sync", "--quiet", "--server", sim.url], directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        let listed = try run(Binaries.apptrail, ["apps", "--format", "csv"], directory: dir)
        let apps = listed.stdout.split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(apps.count == 4, "\(listed.stdout) \(listed.stderr) \(sync.stderr)")

        // The default warehouse of the folder, and one named with --db from elsewhere.
        #expect(try complete(["export", "--app", ""], directory: dir) == apps)
        let elsewhere = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        #expect(try complete(["sync", "--db", dir + "/apptrail.db", "--app", ""], directory: elsewhere) == apps)
        let first = try #require(apps.first)
        #expect(
            try complete(["export", "--app", String(first.prefix(3))], directory: dir)
                == apps.filter { $0.hasPrefix(first.prefix(3)) })
        // No warehouse: nothing offered, and no error on the user's screen.
        #expect(try complete(["export", "--app", ""], directory: elsewhere) == [])
    }
}
