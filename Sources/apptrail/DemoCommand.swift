import AppTrailCore
import ArgumentParser

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job against a built-in Kestra simulator.",
        discussion: """
            Starts a simulated Kestra server (seeded, realistic app executions) on a free loopback port, syncs it
            into a fresh warehouse OUT/apptrail.db (an earlier one there is replaced; --db and KESTRA_* are not
            used), makes the weekly report of the last complete week (workbook and CSVs) and the auditors' export
            of that week under OUT/exports, and prints where each file is. Nothing leaves this machine.

            Example:
              apptrail demo --out /tmp/apptrail-demo
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The folder for the demo's files.", valueName: "dir"))
    var out = "demo"

    func run() async throws {
        let reporter = global.reporter()
        try await runCommand(reporter) {
            let report = try await AppTrail.demo(directory: out, settings: try global.settings(), reporter: reporter)
            print(report.text, terminator: "")
        }
    }
}
