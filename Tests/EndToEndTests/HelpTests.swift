import AppTrailTestSupport
import Foundation
import Testing

/// `--help` as people read it: laid out to their terminal, paragraphs refilled, examples whole.
@Suite struct HelpTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// Each command's `--help` at 80 columns, as recorded: `apptrail.txt` for the root, `apptrail-apps-import.txt`
    /// for `apptrail apps import`.
    static let snapshots = "Tests/Snapshots/help"
    /// Set to 1, the snapshot test writes each help that differs from its snapshot, or has none, and removes the
    /// snapshots of commands that are gone (each still reported, so that a run that records does not pass unseen).
    static let recordVariable = "APPTRAIL_RECORD_SNAPSHOTS"
    static let howToRecord =
        "\(recordVariable)=1 swift test --skip-build --filter EndToEndTests.HelpTests, then review the files' diff"

    /// Every command of the binary, from its own description (`--experimental-dump-help`): the root (`[]`),
    /// then each subcommand by its path (`["apps", "import"]`); argument-parser's `help` left out.
    static func commands() throws -> [[String]] {
        let dump = try run(Binaries.apptrail, ["--experimental-dump-help"])
        #expect(dump.status == 0)
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var out: [[String]] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            out.append(path)
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String, name != "help" else { continue }
                walk(sub, path + [name])
            }
        }
        walk(try #require(tool["command"] as? [String: Any]), [])
        return out
    }

    /// The lines of the overview (before USAGE) that are examples: indented, kept whole to be copied.
    private func isExample(_ line: String) -> Bool { line.hasPrefix("  ") }

    @Test(arguments: [40, 80, 120])
    func everyHelpFitsTheWidthButForItsExamples(width: Int) throws {
        for command in try Self.commands() {
            let r = try run(Binaries.apptrail, command + ["--help"], environment: ["COLUMNS": String(width)])
            #expect(r.status == 0)
            #expect(r.stderr.isEmpty)
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let usage = try #require(lines.firstIndex { $0.hasPrefix("USAGE: ") }, "\(command)")
            for (i, line) in lines.enumerated() where line.count > width {
                // Only an example line of the overview may be longer: a wrapped command could not be pasted.
                #expect(i < usage && isExample(line), "\(command) at \(width): \(line.count) columns: \(line)")
            }
        }
    }

    @Test func paragraphsHaveNoHardBreaksAndTheCrontabExampleIsOneLine() throws {
        let r = try run(Binaries.apptrail, ["sync", "--help"], environment: ["COLUMNS": "1000"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // At 1,000 columns each paragraph of the discussion is one line: the source's breaks are gone.
        #expect(
            lines.contains { $0.hasPrefix("Reads every app it can find") && $0.hasSuffix("holds the warehouse lock.") })
        for width in ["40", "80"] {
            let narrow = try run(Binaries.apptrail, ["sync", "--help"], environment: ["COLUMNS": width])
            #expect(
                narrow.stdout.contains(
                    "\n  */15 * * * * KESTRA_URL=https://kestra.example.com apptrail sync --quiet --db /var/lib/apptrail/apptrail.db\n"
                ))
        }
        // Options keep their help in a column at 80 and put it under the option at 40.
        let eighty = try run(Binaries.apptrail, ["sync", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(eighty.contains("\n  --quiet                 Print errors only.\n"))
        let forty = try run(Binaries.apptrail, ["sync", "--help"], environment: ["COLUMNS": "40"]).stdout
        #expect(forty.contains("\n  --quiet\n      Print errors only.\n"))
    }

    @Test func versionAndCompletionScriptsAreNotLaidOut() throws {
        let version = try run(Binaries.apptrail, ["--version"], environment: ["COLUMNS": "20"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("apptrail "))
        #expect(version.stdout.contains("SQLite "))
        let bash = try run(Binaries.apptrail, ["--generate-completion-script", "bash"], environment: ["COLUMNS": "20"])
        #expect(bash.status == 0)
        #expect(bash.stdout.hasPrefix("#!/bin/bash\n"))
    }

    /// Each command's help, byte for byte, is its recorded snapshot: a change of a flag, a text or the layout
    /// shows in review as a change of these files. A command without a snapshot fails, and so does a snapshot
    /// without a command.
    @Test func everyCommandsHelpIsItsSnapshot() throws {
        let recording = ProcessInfo.processInfo.environment[Self.recordVariable] == "1"
        let folder = Self.repository + "/" + Self.snapshots
        let commands = try Self.commands()
        #expect(commands.count >= 13, "the command tree has \(commands.count) commands")
        var names: Set<String> = []
        for command in commands {
            let name = (["apptrail"] + command).joined(separator: "-") + ".txt"
            names.insert(name)
            let shown = (["apptrail"] + command + ["--help"]).joined(separator: " ")
            let r = try run(Binaries.apptrail, command + ["--help"], environment: ["COLUMNS": "80"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(shown): exit \(r.status), \(r.stderr)")
            let recorded = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            guard recorded != r.stdout else { continue }
            if recording {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try r.stdout.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
                Issue.record(
                    "recorded \(Self.snapshots)/\(name) for \(shown): review it, and run the test again without \(Self.recordVariable)"
                )
            } else if let recorded {
                Issue.record(
                    "\(shown) is not \(Self.snapshots)/\(name): \(Self.firstDifference(recorded, r.stdout)); if the change is meant, re-record with \(Self.howToRecord)"
                )
            } else {
                Issue.record("\(shown) has no snapshot \(Self.snapshots)/\(name): record it with \(Self.howToRecord)")
            }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for stale in files.filter({ $0.hasSuffix(".txt") && !names.contains($0) }).sorted() {
            if recording {
                try FileManager.default.removeItem(atPath: folder + "/" + stale)
                Issue.record("removed \(Self.snapshots)/\(stale), the snapshot of a command that is gone")
            } else {
                Issue.record(
                    "\(Self.snapshots)/\(stale) is the snapshot of no command: remove it, or re-record with \(Self.howToRecord)"
                )
            }
        }
    }

    /// The first line where two texts differ, both ways, for a failure message.
    static func firstDifference(_ recorded: String, _ actual: String) -> String {
        let a = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let was = line < a.count ? "'\(a[line])'" : "the end"
        let now = line < b.count ? "'\(b[line])'" : "the end"
        return "line \(line + 1) was \(was), is \(now)"
    }
}
