import AppTrailCore
import AppTrailModel
import ArgumentParser
import Foundation

@main
struct AppTrailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apptrail",
        abstract: "Audit and analytics reporter for Kestra app executions.",
        discussion: """
            Syncs the executions of Kestra Apps into a local SQLite warehouse, from cron, safely.

            Example:
              KESTRA_URL=https://kestra.example.com KESTRA_API_TOKEN=... apptrail sync
            """,
        version: AppTrailVersion.description,
        subcommands: [
            SyncCommand.self, ImportCommand.self, AppsCommand.self, QueryCommand.self, ReportCommand.self,
            ExportCommand.self, StatusCommand.self, ConfigCommand.self, DoctorCommand.self, DemoCommand.self,
            DatasetteMetadataCommand.self,
        ]
    )

    /// Parses and runs the command. A wrong flag or value ends like every other error: one `error:` line on
    /// stderr and its exit code (64), without the usage text (`--help` has it).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error where error is ArgumentParser.ExitCode || exitCode(for: error).isSuccess {
            // An error the command has printed already, or --help and --version. Help is laid out here, to the
            // terminal's width, from the text argument-parser gives unwrapped.
            let text = fullMessage(for: error, columns: 100_000)
            guard !(error is ArgumentParser.ExitCode), text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:") else {
                exit(withError: error)
            }
            print(HelpLayout.layout(text, width: TerminalWidth.columns(of: STDOUT_FILENO)))
            Foundation.exit(0)
        } catch {
            let first = self.message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            let message = UsageMistake.explain(first, arguments: Array(CommandLine.arguments.dropFirst()), root: self)
            FileHandle.standardError.write(Data("error: \(OneLine.printable(message)) (see --help)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
