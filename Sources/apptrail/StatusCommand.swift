import AppTrailCore
import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show the warehouse's freshness, the approvers' backlog and apps about to expire; --check for monitoring.",
        discussion: """
            With --check, exits 1 when the last successful sync is older than --max-age (or there is none) or an
            active app expires within --expiring-within, with one `problem:` line each; else 0. DURATION is 90s,
            15m, 2h, 7d, 2w, 1h30m or ISO-8601 (PT2H).

            Examples:
              apptrail status --db /var/lib/apptrail/apptrail.db
              apptrail status --check --quiet --max-age 1h --expiring-within 7d     # cron, monitoring
              apptrail status --format json                                        # collectors
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Exit 1 when a problem is found (a sync too old, an app about to expire).")
    var check = false

    @Option(
        name: .long,
        help: ArgumentHelp("The oldest last successful sync that is fresh (default 1h).", valueName: "duration"))
    var maxAge: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Apps expiring within this span are a problem (default 7d).", valueName: "duration"))
    var expiringWithin: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Pending approvals waiting longer than this are the backlog (default 2d).", valueName: "duration"))
    var pendingOlderThan: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    /// The thresholds as the library takes them; a duration that is not one is the problem.
    func thresholds() throws(Problem) -> StatusThresholds {
        try StatusThresholds(maxAge: maxAge, expiringWithin: expiringWithin, pendingOlderThan: pendingOlderThan)
    }

    func validate() throws {
        try checkUsage { () throws(Problem) in _ = try thresholds() }
    }

    func run() throws {
        let reporter = global.reporter()
        var problems = false
        try runCommand(reporter) {
            let report = try AppTrail.status(settings: try global.settings(), thresholds: try thresholds())
            switch format {
            case .json: print(try report.json(), terminator: "")
            case .text: print(global.quiet ? report.problemText : report.text, terminator: "")
            }
            problems = !report.problems.isEmpty
        }
        if check && problems { throw ExitCode(1) }
    }
}
