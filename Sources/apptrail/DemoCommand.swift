import AppTrailCore
import AppTrailDemo
import ArgumentParser
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job against a built-in Kestra simulator.",
        discussion: """
            Starts a simulated Kestra server (seeded, realistic app executions) on a free loopback port, syncs it
            into a fresh warehouse OUT/apptrail.db (APPTRAIL_DB, KESTRA_* and config files are not used), makes
            the weekly report of the last complete week (workbook, CSVs and page) and the auditors' export of that
            week under OUT/exports, and prints where each file is. Nothing leaves this machine.

            It replaces only files an earlier demo wrote in OUT, which that demo's warehouse lists: a warehouse
            it did not make, or any other file where it would write, stops it (exit 73) before it changes anything.

            Example:
              apptrail demo --out /tmp/apptrail-demo
            """
    )

    // Not GlobalOptions: the demo makes its own warehouse and reads no config file, so --db and --config
    // would be ignored.
    @OptionGroup var reporting: ReportingOptions

    @Option(name: .long, help: ArgumentHelp("The folder for the demo's files.", valueName: "dir"))
    var out = "demo"

    func run() async throws {
        let reporter = reporting.reporter()
        try await runCommand(reporter) {
            // The environment only for the clock (APPTRAIL_NOW): the demo replaces the server, tenant, credentials
            // and warehouse it gives.
            var settings = Settings()
            try settings.apply(environment: ProcessInfo.processInfo.environment)
            let report = try await AppTrail.demo(directory: out, settings: settings, reporter: reporter)
            print(report.text, terminator: "")
        }
    }
}
