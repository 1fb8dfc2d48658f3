import AppTrailCore
import ArgumentParser
import Foundation

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
        abstract: "Print every setting: its value (secrets masked) and its source (flag, environment, config file, default).",
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
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let reporter = global.reporter()
        try runCommand(reporter) {
            let settings = try global.settings(toShow: true)
            let shown = settings.shown()
            switch format {
            case .text:
                let keyWidth = max(7, shown.map(\.key.count).max() ?? 0)
                // A long value (the folders searched) runs past the column rather than push every source off an
                // 80-column screen.
                let valueWidth = max(5, shown.map(\.value.count).filter { $0 <= 40 }.max() ?? 0)
                func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
                var out = pad("setting", keyWidth) + "  " + pad("value", valueWidth) + "  source\n"
                for s in shown { out += pad(s.key, keyWidth) + "  " + pad(s.value, valueWidth) + "  \(s.origin)\n" }
                // The reporter masks whatever a value could still hold (a secret in a path is not impossible).
                print(reporter.mask(out), terminator: "")
            case .json:
                let object = Dictionary(uniqueKeysWithValues: shown.map { s in
                    (s.key, ["value": s.value, "source": s.origin.kind, "from": s.origin.description])
                })
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(reporter.mask(String(decoding: data, as: UTF8.self)))
            }
            // Every setting is on screen; the one that cannot be used ends the command as a config error.
            if let problem = settings.unusable.sorted(by: { $0.key < $1.key }).first?.value { throw problem }
        }
    }
}
