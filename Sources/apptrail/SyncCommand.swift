import AppTrailCore
import AppTrailModel
import ArgumentParser
import KestraClient
import Sync

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

    @Option(name: .long, help: ArgumentHelp("The Kestra base URL (env KESTRA_URL or KESTRA_HOST).", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("The tenant (env KESTRA_TENANT; default main).", valueName: "id"))
    var tenant: String?

    @Option(name: .long, help: ArgumentHelp("Read the bearer token from this file (or set the token itself in KESTRA_API_TOKEN).", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("app"), help: ArgumentHelp("Sync only this app (repeatable).", valueName: "id"),
            completion: Completions.apps)
    var apps: [String] = []

    @Flag(name: .long, help: "Scan every execution by start date and keep those with an app label.")
    var discover = false

    @Option(name: .long, help: ArgumentHelp("The earliest start date of a first read (YYYY-MM-DD or an ISO-8601 instant).", valueName: "date"))
    var since: String?

    @Flag(name: .long, help: "Ignore watermarks and read everything again.")
    var full = false

    @Flag(name: .long, help: "Fetch and report what would change; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "Executions per request (1 to 1000).")
    var pageSize = 1000

    @Option(name: .customLong("label-key"), help: ArgumentHelp("An app label key, in order of precedence (repeatable; default system.app, system_app).", valueName: "key"))
    var labelKeys: [String] = []

    @Option(name: .long, help: "API generation: auto, 0.22, 1 or 2.")
    var apiVersion = "auto"

    @Option(name: .long, help: ArgumentHelp("A PEM file of CA certificates for a server behind a private CA.", valueName: "path"))
    var caBundle: String?

    @Flag(name: .long, help: "Do not verify the server's TLS certificate (never the default).")
    var insecure = false

    func validate() throws {
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 1000") }
        guard APIVersionChoice(apiVersion) != nil else { throw ValidationError("--api-version must be one of auto, 0.22, 1, 2") }
        if let since, Instant(iso: since) == nil { throw ValidationError("--since is not a date (YYYY-MM-DD) or an ISO-8601 instant: \(since)") }
        if discover && !apps.isEmpty { throw ValidationError("--discover and --app exclude each other") }
        if insecure && caBundle != nil { throw ValidationError("--insecure and --ca-bundle exclude each other") }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            var settings = try global.settings()
            if let server { settings.serverURL = server; settings.origins["server"] = .flag("--server") }
            if let tenant { settings.tenant = tenant; settings.origins["tenant"] = .flag("--tenant") }
            if let tokenFile { try settings.readToken(file: tokenFile) }
            if !labelKeys.isEmpty { settings.labelKeys = labelKeys; settings.origins["label_keys"] = .flag("--label-key") }
            if let choice = APIVersionChoice(apiVersion), apiVersion != "auto" {
                settings.apiVersion = choice
                settings.origins["api_version"] = .flag("--api-version")
            }
            if let caBundle { settings.transport.caBundle = caBundle; settings.origins["ca_bundle"] = .flag("--ca-bundle") }
            settings.transport.insecure = insecure
            reporter.protect(settings.secrets)
            var options = SyncOptions()
            options.apps = apps
            options.discover = discover
            options.since = since.flatMap { Instant(iso: $0) }
            options.full = full
            options.dryRun = dryRun
            options.pageSize = pageSize
            options.labelKeys = settings.labelKeys
            _ = try AppTrail.sync(settings: settings, options: options, reporter: reporter)
        }
    }
}
