import AppTrailCore
import ArgumentParser
import Foundation

/// What the shell completions offer beyond files and fixed values: the names in the user's own warehouse.
enum Completions {
    /// The app ids of the warehouse the command line names (`--db`, `APPTRAIL_DB`, the config file,
    /// `./apptrail.db`), or none when it cannot be read.
    static let apps = CompletionKind.custom { words, _, prefix in
        guard let settings = try? options(in: words).settings() else { return [] }
        return ((try? AppTrail.appIds(settings: settings)) ?? []).filter { $0.hasPrefix(prefix) }
    }

    /// The global options already typed (`--db`, `--config`), the rest of the line ignored.
    static func options(in words: [String]) -> GlobalOptions {
        var arguments: [String] = []
        for (i, word) in words.enumerated() where ["--db", "--config"].contains(word) && i + 1 < words.count {
            arguments += [word, words[i + 1]]
        }
        return (try? GlobalOptions.parse(arguments)) ?? GlobalOptions()
    }
}
