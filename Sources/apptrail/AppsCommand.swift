import Analysis
import AppTrailCore
import ArgumentParser

struct AppsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "List the apps with their expiration status, or import app definitions.",
        subcommands: [AppsListCommand.self, AppsImportCommand.self],
        defaultSubcommand: AppsListCommand.self
    )
}

struct AppsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every known app with its expiration status as of now (the apps query of queries/).",
        discussion: """
            Now is the system clock, or APPTRAIL_NOW. The table (within 100 columns) shows the app, its name, its
            expiry, submissions so far and left, and its status; CSV and JSON add the namespace, flow and type.

            Example:
              apptrail apps --format csv
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output: table, csv or json.")
    var format: ResultSet.Format = .table

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let apps = try AppTrail.apps(settings: try global.settings())
            print(format == .table ? AppTrail.appsTable(apps) : apps.formatted(format), terminator: "")
        }
    }
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
