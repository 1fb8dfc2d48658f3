import Foundation
import Testing

/// `docs/commands/` has a page per command naming each of its flags, and an index of every command with the
/// flags all commands share: a command or flag added without its documentation fails here.
@Suite struct DocsTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/commands").path

    /// A command of the binary, from its own description (`--experimental-dump-help`).
    struct Command {
        var path: [String]
        var flags: [String]
        var positionals: [String]
    }

    private func commands() throws -> [Command] {
        let dump = try run(Binaries.apptrail, ["--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var out: [Command] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            let flags = arguments.flatMap { ($0["names"] as? [[String: String]] ?? []).filter { $0["kind"] == "long" }.map { "--" + $0["name"]! } }
                .filter { $0 != "--help" && $0 != "--version" }
            let positionals = arguments.filter { $0["kind"] as? String == "positional" }.compactMap { $0["valueName"] as? String }
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if !path.isEmpty, subcommands.isEmpty { out.append(Command(path: path, flags: flags, positionals: positionals)) }
            for sub in subcommands where sub["commandName"] as? String != "help" {
                walk(sub, path + [sub["commandName"] as! String])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return out
    }

    @Test func everyCommandAndFlagIsDocumented() throws {
        let all = try commands()
        #expect(all.count >= 9)
        // `demo` makes its own warehouse and reads no config file: it shares only --quiet and --log-format.
        let others = all.filter { $0.path != ["demo"] }
        let shared = others.dropFirst().reduce(Set(others.first?.flags ?? [])) { $0.intersection($1.flags) }
        #expect(shared.isSuperset(of: ["--db", "--config", "--quiet", "--log-format"]))
        let demo = try #require(all.first { $0.path == ["demo"] })
        #expect(Set(demo.flags) == ["--quiet", "--log-format", "--out"])
        let index = try String(contentsOfFile: Self.docs + "/README.md", encoding: .utf8)
        for flag in shared { #expect(index.contains("`\(flag)"), "docs/commands/README.md lacks the shared flag \(flag)") }

        var missing: [String] = []
        for command in all {
            let page = Self.docs + "/\(command.path[0]).md"
            #expect(index.contains("(\(command.path[0]).md)"), "docs/commands/README.md does not link \(command.path[0]).md")
            guard let text = try? String(contentsOfFile: page, encoding: .utf8) else {
                missing.append("\(command.path[0]).md (no page)")
                continue
            }
            let name = "apptrail " + command.path.joined(separator: " ")
            if !text.contains(name) { missing.append("\(command.path[0]).md: \(name)") }
            for flag in command.flags where !shared.contains(flag) && !text.contains("`\(flag)") {
                missing.append("\(command.path[0]).md: \(name) \(flag)")
            }
            for positional in command.positionals where !text.contains(positional.uppercased()) {
                missing.append("\(command.path[0]).md: \(name) \(positional.uppercased())")
            }
        }
        #expect(missing.isEmpty, "undocumented: \(missing.joined(separator: ", "))")
    }
}
