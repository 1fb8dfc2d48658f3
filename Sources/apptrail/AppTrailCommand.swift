import AppTrailCore
import ArgumentParser

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
        subcommands: [SyncCommand.self, ImportCommand.self, AppsCommand.self, QueryCommand.self, ReportCommand.self, ExportCommand.self, StatusCommand.self, ConfigCommand.self, DemoCommand.self]
    )
}
