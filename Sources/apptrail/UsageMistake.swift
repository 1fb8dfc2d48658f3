import AppTrailModel
import ArgumentParser

/// argument-parser's one-line error for a mistyped command or flag, in apptrail's words, with a
/// `did you mean 'sync'?` when a name is close.
enum UsageMistake {
    /// `message` (argument-parser's first line) for the command line `arguments` (without the program).
    static func explain(_ message: String, arguments: [String], root: ParsableCommand.Type) -> String {
        if message.contains("nexpected argument"), let (word, commands) = unknownCommand(arguments, root: root),
            message.contains("'\(word)'")
        {
            return Suggestions.unknown(
                "command", word, among: commands.compactMap { $0.configuration.commandName }, listed: "commands")
        }
        // argument-parser's sentences made to read like apptrail's others: `unknown option '--qiet'; did you
        // mean '--quiet'?` (it finds the option itself).
        let sentence = message.replacingOccurrences(of: "'. Did you mean '", with: "'; did you mean '")
        return sentence.prefix(1).lowercased() + sentence.dropFirst()
    }

    /// The first word of `arguments` that stands where a subcommand of a command with subcommands should,
    /// and those subcommands; nil when every such word names one. (Under a default subcommand, `apps lst`, the
    /// word may be that one's argument: the caller checks that it is the one argument-parser refused.)
    static func unknownCommand(_ arguments: [String], root: ParsableCommand.Type) -> (String, [ParsableCommand.Type])? {
        var command = root
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                return (word, subcommands)
            }
            command = next
        }
        return nil
    }
}
