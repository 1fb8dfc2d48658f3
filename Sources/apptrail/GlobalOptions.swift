import AppTrailCore
import AppTrailModel
import ArgumentParser
import Foundation
import Sync

/// The options every command shares, and the way each command ends.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The warehouse file (env APPTRAIL_DB; default ./apptrail.db).", valueName: "path"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A YAML config file (env APPTRAIL_CONFIG; default ./apptrail.yaml when it exists).", valueName: "path"))
    var config: String?

    @OptionGroup var reporting: ReportingOptions

    /// Whether only errors are printed (`--quiet`).
    var quiet: Bool { reporting.quiet }

    /// Settings from defaults, the config file, the environment and these flags, in that order; `toShow`
    /// keeps going past a setting that cannot be used (see `Settings.unusable`).
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment, toShow: Bool = false) throws
        -> Settings
    {
        var s = Settings()
        if let config {
            s.configFile = (config, .flag("--config"))
        } else if let path = environment["APPTRAIL_CONFIG"], !path.isEmpty {
            s.configFile = (path, .environment("APPTRAIL_CONFIG"))
        } else if FileManager.default.fileExists(atPath: "apptrail.yaml") {
            s.configFile = ("apptrail.yaml", .byDefault)
        }
        if let path = s.configFile?.path { try s.apply(configFile: path, toShow: toShow) }
        try s.apply(environment: environment)
        if let db {
            s.databasePath = db
            s.origins[.db] = .flag("--db")
        }
        return s
    }

    /// The command's reporter, masking every secret of the environment and the config file from its first
    /// line, error lines included; a command that learns more (`--token-file`, `--server`) adds them.
    func reporter() -> Reporter {
        let environment = ProcessInfo.processInfo.environment
        var known = Settings()
        // Settings that fail to load are reported by the command; their secrets are masked all the same.
        if let all = try? settings(environment: environment) {
            known = all
        } else {
            try? known.apply(environment: environment)
        }
        return reporting.reporter(secrets: known.secrets)
    }
}

/// `--quiet` and `--log-format`: how a command reports on stderr. Every command takes them; `demo`, which
/// reads no warehouse or config file of the user's, takes only them.
struct ReportingOptions: ParsableArguments {
    @Flag(name: .long, help: "Print errors only.")
    var quiet = false

    @Option(name: .long, help: "Progress format on stderr: text or json.")
    var logFormat: Reporter.Format = .text

    /// The command's reporter, masking `secrets` and every password or token of the environment, even when
    /// another credential is the one in use.
    func reporter(secrets: [String] = []) -> Reporter {
        let environment = ProcessInfo.processInfo.environment
        let unused = ["KESTRA_API_TOKEN", "KESTRA_PASSWORD"].compactMap { environment[$0] }
        return Reporter(format: logFormat, quiet: quiet, secrets: secrets + unused)
    }
}

extension Reporter.Format: ExpressibleByArgument {}

/// Runs a check of the library as the command line is read: its problem ends the command as a wrong flag
/// does (argument-parser's usage error: the line, `(see --help)`, exit 64).
func checkUsage(_ check: () throws(Problem) -> Void) throws {
    do {
        try check()
    } catch {
        throw ValidationError(error.message)
    }
}

/// Runs a command body and turns apptrail's errors into one line on stderr and their exit code.
func runCommand(_ reporter: Reporter, _ body: () throws -> Void) throws {
    ignoreFileSizeSignal()
    do {
        try body()
    } catch {
        throw commandEnd(error, reporter)
    }
}

/// `runCommand` for async command bodies (`demo`, whose sync can be interrupted too).
func runCommand(_ reporter: Reporter, _ body: () async throws -> Void) async throws {
    ignoreFileSizeSignal()
    do {
        try await body()
    } catch {
        throw commandEnd(error, reporter)
    }
}

/// Reports how a command body failed and gives what `run()` throws: for a sync stopped by a signal its
/// outcome line, for an apptrail error its one `error:` line, then the exit code; any other error as it is.
private func commandEnd(_ error: any Error, _ reporter: Reporter) -> any Error {
    switch error {
    case let stopped as SyncInterrupted:
        reporter.stopped(
            String(describing: stopped),
            [
                ("interrupted", true), ("signal", Interruption.name(of: stopped.signal)),
                ("stored", stopped.stored), ("exit_code", Int(stopped.exitCode.rawValue)),
            ])
        return ExitCode(stopped.exitCode.rawValue)
    case let failure as AppTrailError:
        reporter.error(String(describing: failure))
        return ExitCode(failure.exitCode.rawValue)
    default:
        return error
    }
}

/// Past a file size limit (`ulimit -f`) a write then fails with EFBIG and is reported like a full disk,
/// instead of SIGXFSZ killing the process in the middle of a file.
func ignoreFileSizeSignal() {
    signal(SIGXFSZ, SIG_IGN)
}
