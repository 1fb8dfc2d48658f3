import AppTrailCore
import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the warehouse's freshness: last sync, counts, warnings.",
        discussion: """
            Example:
              apptrail status --db /var/lib/apptrail/apptrail.db
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let report = try AppTrail.status(settings: try global.settings())
            print(report.text, terminator: "")
        }
    }
}
