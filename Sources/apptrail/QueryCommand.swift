import Analysis
import AppTrailCore
import ArgumentParser
import Foundation

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run an analysis of queries/ (or an .sql file) on the warehouse, read-only; --list shows them.",
        discussion: """
            NAME is a query's name or a path to an .sql file. Names are looked up in APPTRAIL_QUERIES, ./queries,
            PREFIX/share/apptrail/queries beside the binary, then among the queries built into apptrail; a file
            found earlier overrides a later one of the same name. Every parameter the file declares in a
            '-- param: NAME TYPE description' line is given with --param NAME=VALUE and binds as its TYPE, never
            by its looks: text (as given: an app id 1e5 or 007 stays text), integer, number, or instant
            (YYYY-MM-DD or ISO-8601). A value that is not of its type exits 64. The period parameters :from,
            :to and :as_of come from --week or --from/--to (default: the last complete ISO week; as_of is the
            period's end, or now when earlier). A statement that writes is refused before anything runs.

            Example:
              apptrail query --list
              apptrail query summary --week 2026-W47 --format csv
              apptrail query pending_approvals --param as_of=2026-11-25T12:00:00Z --param hours=48
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: ArgumentHelp("A query's name or an .sql file.", valueName: "name-or-file"),
        completion: .custom { _, _, prefix in QueryCatalog.locate().names.filter { $0.hasPrefix(prefix) } })
    var query: String?

    @Flag(name: .long, help: "List the queries found by name, with their descriptions and where each comes from.")
    var list = false

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("A parameter of the query (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: "Output: table, csv or json.")
    var format: ResultSet.Format = .table

    @OptionGroup(title: "Period (fills :from, :to and :as_of)") var period: PeriodOptions

    func validate() throws {
        if list, query != nil { throw ValidationError("--list takes no query name") }
        if !list, query == nil { throw ValidationError("missing expected argument '<name-or-file>' (or --list)") }
        try checkUsage { () throws(Problem) in _ = try AppTrail.QueryOptions.parameters(parameters) }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            guard let query else {
                return print(
                    AppTrail.listQueries().text(width: TerminalWidth.columns(of: STDOUT_FILENO)), terminator: "")
            }
            let options = AppTrail.QueryOptions(
                query: query, parameters: try AppTrail.QueryOptions.parameters(parameters), period: period.request)
            let result = try AppTrail.query(options: options, settings: try global.settings())
            print(result.formatted(format), terminator: "")
        }
    }
}

extension ResultSet.Format: ExpressibleByArgument {}
