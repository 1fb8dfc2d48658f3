import AppTrailCore
import ArgumentParser

/// `--week` or `--from/--to`: the period of `query` and `report`.
struct PeriodOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ISO week.", valueName: "YYYY-Www"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp("The period's start: a date or instant (with --to).", valueName: "date"))
    var from: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The period's end, exclusive: a date or instant (with --from).", valueName: "date"))
    var to: String?

    /// The period as the library takes it.
    var request: PeriodRequest { PeriodRequest(week: week, from: from, to: to) }

    func validate() throws {
        try checkUsage { () throws(Problem) in try request.checkFlags() }
    }
}
