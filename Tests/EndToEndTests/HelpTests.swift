import AppTrailTestSupport
import Foundation
import Testing

/// `--help` as people read it: laid out to their terminal, paragraphs refilled, examples whole.
@Suite struct HelpTests {
    static let commands = [[], ["sync"], ["import"], ["apps"], ["apps", "import"], ["query"], ["report"], ["export"], ["status"],
                           ["config"], ["config", "show"], ["demo"]]

    /// The lines of the overview (before USAGE) that are examples: indented, kept whole to be copied.
    private func isExample(_ line: String) -> Bool { line.hasPrefix("  ") }

    @Test(arguments: [40, 80, 120])
    func everyHelpFitsTheWidthButForItsExamples(width: Int) throws {
        for command in Self.commands {
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
        #expect(lines.contains { $0.hasPrefix("Reads every app it can find") && $0.hasSuffix("holds the warehouse lock.") })
        for width in ["40", "80"] {
            let narrow = try run(Binaries.apptrail, ["sync", "--help"], environment: ["COLUMNS": width])
            #expect(narrow.stdout.contains("\n  */15 * * * * KESTRA_URL=https://kestra.example.com apptrail sync --quiet --db /var/lib/apptrail/apptrail.db\n"))
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
}
