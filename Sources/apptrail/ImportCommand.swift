import AppTrailCore
import ArgumentParser

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import executions from files as the Kestra API sends them.",
        discussion: """
            A file holds one search page ({"results": [...]}), a JSON array of executions, or NDJSON (one
            execution per line). '-' reads stdin. Each file lands whole or not at all; importing the same file
            twice changes nothing.

            Example:
              apptrail import executions-2026-11.ndjson
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Files to import ('-' for stdin).", valueName: "file"))
    var files: [String]

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let settings = try global.settings()
            _ = try AppTrail.importExecutions(files: files, settings: settings, reporter: reporter)
        }
    }
}
