import AppTrailCore
import ArgumentParser

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull app executions from a Kestra server into the warehouse.",
        discussion: """
            Reads every app it can find (Apps API, imported app files, the warehouse) or scans every execution
            when none is known. Incremental: each app resumes from its watermark; executions still running or
            waiting for approval are re-read. Exits 75 at once when another sync holds the warehouse lock.

            Example (crontab):
              */15 * * * * KESTRA_URL=https://kestra.example.com apptrail sync --quiet --db /var/lib/apptrail/apptrail.db
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var connection: ServerOptions

    @Option(
        name: .customLong("app"), help: ArgumentHelp("Sync only this app (repeatable).", valueName: "id"),
        completion: Completions.apps)
    var apps: [String] = []

    @Flag(name: .long, help: "Scan every execution by start date and keep those with an app label.")
    var discover = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The earliest start date of a first read (YYYY-MM-DD or an ISO-8601 instant).", valueName: "date"))
    var since: String?

    @Flag(name: .long, help: "Ignore watermarks and read everything again.")
    var full = false

    @Flag(name: .long, help: "Fetch and report what would change; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "Executions per request (1 to 1000).")
    var pageSize = 1000

    /// The flags as the library takes them.
    var flags: AppTrail.SyncFlags {
        var f = AppTrail.SyncFlags()
        f.connection = connection.flags
        f.apps = apps
        f.discover = discover
        f.since = since
        f.full = full
        f.dryRun = dryRun
        f.pageSize = pageSize
        return f
    }

    func validate() throws {
        try checkUsage { () throws(Problem) in try flags.check() }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            _ = try AppTrail.sync(flags: flags, settings: try global.settings(), reporter: reporter)
        }
    }
}
