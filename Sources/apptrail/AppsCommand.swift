import AppTrailCore
import ArgumentParser

struct AppsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "Manage the app definitions the warehouse knows.",
        subcommands: [AppsImportCommand.self]
    )
}

struct AppsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import app definitions from YAML files (one app per document).",
        discussion: """
            For servers without the Apps API (open source) or to pin expirations. Both expiration shapes are
            understood: {type: TTL|DATE|LIMIT, ...} and {startDate, endDate}.

            Example:
              apptrail apps import apps/expense-approval.yaml
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("YAML files ('-' for stdin).", valueName: "file"))
    var files: [String]


    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            _ = try AppTrail.importApps(files: files, settings: try global.settings(), reporter: reporter)
        }
    }
}
