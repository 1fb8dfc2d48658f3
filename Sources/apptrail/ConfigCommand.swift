import AppTrailCore
import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the effective settings and where each came from.",
        subcommands: [ConfigShowCommand.self],
        defaultSubcommand: ConfigShowCommand.self
    )
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract:
            "Print every setting: its value (secrets masked) and its source (flag, environment, config file, default).",
        discussion: """
            Flags win over the environment, which wins over the config file, which wins over defaults. The config
            file is --config, APPTRAIL_CONFIG, or ./apptrail.yaml when it exists; an unknown key in it is an
            error (exit 78) naming the key and its line. See docs/configuration.md.

            Example:
              apptrail config show --config /etc/apptrail/apptrail.yaml
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: Settings.ShowFormat = .text

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let settings = try global.settings(toShow: true)
            // The reporter masks whatever a value could still hold (a secret in a path is not impossible).
            print(reporter.mask(try settings.showText(format)), terminator: "")
            // Every setting is on screen; the one that cannot be used ends the command as a config error.
            if let problem = settings.unusable.sorted(by: { $0.key < $1.key }).first?.value { throw problem }
        }
    }
}

extension Settings.ShowFormat: ExpressibleByArgument {}
