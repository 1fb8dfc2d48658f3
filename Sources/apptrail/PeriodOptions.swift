import ArgumentParser

/// `--week` or `--from/--to`: the period of `query` and `report`.
struct PeriodOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ISO week.", valueName: "YYYY-Www"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp("The period's start: a date or instant (with --to).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("The period's end, exclusive: a date or instant (with --from).", valueName: "date"))
    var to: String?

    /// Whether any of the three was given.
    var isGiven: Bool { week != nil || from != nil || to != nil }

    func validate() throws {
        if week != nil, from != nil || to != nil { throw ValidationError("--week and --from/--to exclude each other") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    }
}
