import AppTrailCore
import ArgumentParser

struct DatasetteMetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasette-metadata",
        abstract:
            "Print Datasette's metadata for the warehouse: every table, view and column described, the queries canned.",
        discussion: """
            The tables, views and columns are those of a warehouse of this apptrail, freshly migrated; their
            descriptions are docs/warehouse.md's; the canned queries are the queries 'apptrail query --list' shows,
            each with its parameters. apptrail's internal tables are described and hidden. The warehouse itself is
            not read: --db gives only the database's name in Datasette, its file name without the suffix, unless
            --database names it. The same apptrail and queries give the same bytes.

            Example:
              apptrail datasette-metadata --db /var/lib/apptrail/apptrail.db --out metadata.yml
              datasette serve /var/lib/apptrail/apptrail.db --metadata metadata.yml
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database's name in Datasette (default: the --db file's name without its suffix).", valueName: "name"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Write the metadata to this file instead of stdout.", valueName: "file"))
    var out: String?

    /// The options as the library takes them.
    var options: AppTrail.DatasetteOptions { AppTrail.DatasetteOptions(database: database, out: out) }

    func validate() throws {
        try checkUsage { () throws(Problem) in try options.check() }
    }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let metadata = try AppTrail.datasetteMetadata(
                options: options, settings: try global.settings(), reporter: reporter)
            if out == nil { print(metadata.text, terminator: "") }
        }
    }
}
