import AppTrailCore
import ArgumentParser

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check the settings, the warehouse folder and the server, one line per check, each failure with its fix.",
        discussion: """
            Takes sync's settings (flags, environment, config file) and checks in order: the settings and where
            each came from; the warehouse folder and lock; the server's name, connection and TLS certificate;
            the base URL; that the answer is Kestra's JSON, not an HTML page; what the credentials may read
            (executions search, one execution, the Apps API); the API generation, edition and tenant; the app
            label keys of the latest executions; the server's clock. It writes nothing.

            Exits 0 when no check fails (warnings included), else the code of the first failure: 69 unreachable
            or not Kestra's API, 77 credentials refused, 78 configuration, 73 warehouse folder, 65 bad answer.

            Examples:
              KESTRA_URL=https://kestra.example.com KESTRA_API_TOKEN=... apptrail doctor
              apptrail doctor --format json                     # for automation
              apptrail doctor --quiet && systemctl enable --now apptrail-sync.timer
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var connection: ServerOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: DoctorReport.Format = .text

    func validate() throws {
        try checkUsage { () throws(Problem) in try connection.flags.check() }
    }

    func run() throws {
        let reporter = global.reporter()
        let report = AppTrail.doctor(flags: connection.flags, settings: { try global.settings() }, reporter: reporter)
        print(reporter.mask(report.rendered(format, quiet: global.quiet)), terminator: "")
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}

extension DoctorReport.Format: ExpressibleByArgument {}
