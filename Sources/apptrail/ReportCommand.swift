import AppTrailCore
import ArgumentParser
import Exports
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Make a report (weekly by default): an Excel workbook, CSV files, an HTML page, or all three; --list shows them.",
        discussion: """
            NAME is a report's name (weekly, monthly) or a path to a .yaml report file. Names are looked up in
            APPTRAIL_REPORTS, ./reports, PREFIX/share/apptrail/reports beside the binary, then among the reports
            built into apptrail; a file found earlier overrides a later one of the same name, and the queries a
            report names are looked up the same way. The period is
            --week or --from/--to, by default the report's own: the last complete ISO week (weekly) or calendar
            month (monthly). Writes NAME-PERIOD.xlsx, the folder NAME-PERIOD/ with one CSV per sheet, and/or the
            self-contained page NAME-PERIOD.html (to mail) into --out, each under a temporary name until all are
            complete.

            Example:
              apptrail report weekly --week 2026-W47 --format all --out reports-2026
              apptrail report --list
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp("A report's name or a .yaml file (default: weekly).", valueName: "name-or-file"),
        completion: .custom { _, _, prefix in ReportCatalog.locate().names.filter { $0.hasPrefix(prefix) } })
    var report: String?

    @Flag(name: .long, help: "List the reports found by name, with their descriptions and where each comes from.")
    var list = false

    @OptionGroup(title: "Period (default: the report's own, the last complete week or month)") var period: PeriodOptions

    @Option(name: .long, help: "What to write: xlsx, csv, html or all.")
    var format: ReportRun.Format = .xlsx

    @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "."

    func validate() throws {
        if list, report != nil { throw ValidationError("--list takes no report name") }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            if list {
                return print(
                    AppTrail.listReports().text(width: TerminalWidth.columns(of: STDOUT_FILENO)), terminator: "")
            }
            let options = AppTrail.ReportOptions(
                report: report ?? "weekly", period: period.request, format: format, out: out)
            let output = try AppTrail.report(options: options, settings: try global.settings(), reporter: reporter)
            if let workbook = output.workbook { print(workbook) }
            if let folder = output.csvFolder { print(folder + "/") }
            if let page = output.html { print(page) }
        }
    }
}

extension ReportRun.Format: ExpressibleByArgument {}
