import AppTrailCore
import ArgumentParser
import Exports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Make a report of reports/ (weekly by default): an Excel workbook, CSV files, or both.",
        discussion: """
            NAME is a file of reports/ without .yaml (weekly, monthly), or a path to a report file. The period is
            --week or --from/--to, by default the report's own: the last complete ISO week (weekly) or calendar
            month (monthly). Writes NAME-PERIOD.xlsx and/or the folder NAME-PERIOD/ with one CSV per sheet into
            --out, each under a temporary name until complete.

            Example:
              apptrail report weekly --week 2026-W47 --format all --out reports-2026
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A report of reports/ or a .yaml file.", valueName: "name-or-file"))
    var report = "weekly"

    @Option(name: .long, help: ArgumentHelp("The ISO week.", valueName: "YYYY-Www"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp("The period's start: a date or instant (with --to).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("The period's end, exclusive (with --from).", valueName: "date"))
    var to: String?

    @Option(name: .long, help: "What to write: xlsx, csv or all.")
    var format: ReportRun.Format = .xlsx

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "."

    func validate() throws {
        if week != nil, from != nil || to != nil { throw ValidationError("--week and --from/--to exclude each other") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let output = try AppTrail.report(report, week: week, from: from, to: to, format: format, out: out,
                                             settings: try global.settings(), reporter: reporter)
            if let workbook = output.workbook { print(workbook) }
            if let folder = output.csvFolder { print(folder + "/") }
        }
    }
}

extension ReportRun.Format: ExpressibleByArgument {}
