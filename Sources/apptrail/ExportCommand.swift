import AppTrailCore
import ArgumentParser

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the auditors' CSV of each app, with a SHA-256 manifest and export.json.",
        discussion: """
            One <app>.csv per app (every app the warehouse knows, or each --app) with its executions submitted in
            [--from, --to), manifest-sha256.txt (check it with: cd OUT && sha256sum -c manifest-sha256.txt) and
            export.json. Files are written under temporary names and renamed when complete; the manifest comes last.

            Example:
              apptrail export --app expenseApproval --from 2026-10-01 --to 2026-11-01 --out audit-2026-10
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("app"),
        help: ArgumentHelp("An app to export (repeatable; default: every app).", valueName: "id"),
        completion: Completions.apps)
    var apps: [String] = []

    @Option(
        name: .long, help: ArgumentHelp("Executions submitted at or after this date or instant.", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Executions submitted before this date or instant.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "exports"

    @Flag(name: .long, help: "Start each CSV with a UTF-8 byte-order mark, for Excel.")
    var bom = false

    /// The options as the library takes them; a date that is not one is the problem.
    func options() throws(Problem) -> AppTrail.ExportOptions {
        try AppTrail.ExportOptions(apps: apps, from: from, to: to, out: out, bom: bom)
    }

    func validate() throws {
        try checkUsage { () throws(Problem) in _ = try options() }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let result = try AppTrail.export(
                options: try options(), settings: try global.settings(), reporter: reporter)
            print(
                "\(result.files.count) \(result.files.count == 1 ? "file" : "files") in \(result.folder), manifest \(result.manifest)"
            )
        }
    }
}
