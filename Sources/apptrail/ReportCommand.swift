import AppTrailCore
import ArgumentParser
import Exports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Make a report of reports/ (weekly by default): an Excel workbook, CSV files, an HTML page, or all three.",
        discussion: """
            NAME is a file of reports/ without .yaml (weekly, monthly), or a path to a report file. The period is
            --week or --from/--to, by default the report's own: the last complete ISO week (weekly) or calendar
            month (monthly). Writes NAME-PERIOD.xlsx, the folder NAME-PERIOD/ with one CSV per sheet, and/or the
            self-contained page NAME-PERIOD.html (to mail) into --out, each under a temporary name until all are
            complete.

            Example:
              apptrail report weekly --week 2026-W47 --format all --out reports-2026
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A report of reports/ or a .yaml file.", valueName: "name-or-file"))
    var report = "weekly"

    @OptionGroup(title: "Period (default: the report's own, the last complete week or month)") var period: PeriodOptions

    @Option(name: .long, help: "What to write: xlsx, csv, html or all.")
    var format: ReportRun.Format = .xlsx

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "."

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let output = try AppTrail.report(report, week: period.week, from: period.from, to: period.to, format: format, out: out,
                                             settings: try global.settings(), reporter: reporter)
            if let workbook = output.workbook { print(workbook) }
            if let folder = output.csvFolder { print(folder + "/") }
            if let page = output.html { print(page) }
        }
    }
}

extension ReportRun.Format: ExpressibleByArgument {}
