import AppTrailTestSupport
import Foundation
import Testing

/// `docs/commands/` has a page per command naming each of its flags, and an index of every command with the
/// flags all commands share: a command or flag added without its documentation fails here. And every document
/// that a comment or a page cites is one of the repository's.
@Suite struct DocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let docs = repository + "/docs/commands"

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
            let flags = arguments.flatMap {
                ($0["names"] as? [[String: String]] ?? []).filter { $0["kind"] == "long" }.map { "--" + $0["name"]! }
            }
            .filter { $0 != "--help" && $0 != "--version" }
            let positionals = arguments.filter { $0["kind"] as? String == "positional" }.compactMap {
                $0["valueName"] as? String
            }
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if !path.isEmpty, subcommands.isEmpty {
                out.append(Command(path: path, flags: flags, positionals: positionals))
            }
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
        for flag in shared {
            #expect(index.contains("`\(flag)"), "docs/commands/README.md lacks the shared flag \(flag)")
        }

        var missing: [String] = []
        for command in all {
            let page = Self.docs + "/\(command.path[0]).md"
            #expect(
                index.contains("(\(command.path[0]).md)"), "docs/commands/README.md does not link \(command.path[0]).md"
            )
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

    /// The folders and top-level files whose comments and pages may cite a document. Kestra's OpenAPI documents and
    /// the hostile inputs of `Tests/Fixtures`, and the fuzzing seeds, are data kept as they came, not ours to word;
    /// `.ci/` is the CI machine's entry point, which describes that machine rather than the project.
    static let citing = [
        "Sources", "Tests", "docs", "contrib", "queries", "reports", "bench", "scripts", "Plugins",
        "README.md", "Makefile", "Package.swift",
    ]
    static let notCiting = ["Tests/Fixtures", "bench/fuzz/seeds"]
    /// The shared folder outside the repository, spelt in two pieces so that this file does not name it.
    static let outside = ["..", "shared"].joined(separator: "/")
    static let textExtensions: Set<String> = [
        "swift", "md", "sql", "yaml", "yml", "py", "sh", "c", "h", "mdoc", "service",
        "timer", "example", "modulemap", "",
    ]

    /// A Markdown file name that a text cites, with the folders before it (`../`, `docs/`) and a link's `#anchor`
    /// after it. A name right after a `/`, a letter or a digit (the end of a URL) is not one, nor is an `.md` that
    /// follows something other than a letter or a digit (a Swift interpolation's `)`).
    static let citation = try! NSRegularExpression(
        pattern:
            #"(?<![A-Za-z0-9_./\\-])((?:\.\.?/)*[A-Za-z0-9_][A-Za-z0-9_./-]*\.md)(#[A-Za-z0-9_-]*)?(?![A-Za-z0-9_])"#)

    /// What of a line may cite a document: in Swift and C sources the comment after `//`, in SQL the comment after
    /// `--` (code that opens a page by its file name cites nothing); in pages, scripts and YAML the whole line (a
    /// Python docstring is prose).
    static func citingPart(of line: String, in file: String) -> Substring? {
        let marker: String
        switch (file as NSString).pathExtension {
        case "swift", "c", "h": marker = "//"
        case "sql": marker = "--"
        default: return line[...]
        }
        return line.range(of: marker).map { line[$0.upperBound...] }
    }

    /// Every file of `citing` that holds text, with its path relative to the repository.
    static func citingFiles() -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for entry in citing {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: repository + "/" + entry, isDirectory: &isFolder) else { continue }
            guard isFolder.boolValue else {
                files.append(entry)
                continue
            }
            for case let path as String in fm.enumerator(atPath: repository + "/" + entry) ?? NSEnumerator() {
                let relative = entry + "/" + path
                guard !notCiting.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }),
                    textExtensions.contains((path as NSString).pathExtension)
                else { continue }
                if fm.fileExists(atPath: repository + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                    files.append(relative)
                }
            }
        }
        return files.sorted()
    }

    /// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.
    static func anchors(of page: String) -> Set<String> {
        var anchors: Set<String> = []
        var fenced = false
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                fenced.toggle()
                continue
            }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            let slug = String(
                title.unicodeScalars.filter {
                    CharacterSet.alphanumerics.contains($0) || "_- ".unicodeScalars.contains($0)
                }
                .map(Character.init)
            ).replacingOccurrences(of: " ", with: "-")
            var candidate = slug
            var n = 0
            while anchors.contains(candidate) {
                n += 1
                candidate = "\(slug)-\(n)"
            }
            anchors.insert(candidate)
        }
        return anchors
    }

    /// A comment or a page that cites a document names one of the repository: the path, read from the citing file's
    /// folder or from the repository's root, exists inside the repository, and a link's `#anchor` is a heading of
    /// that page. Nothing cites the shared folder beside the repository whose documents its own pages replaced.
    @Test func everyCitedDocumentIsInTheRepository() throws {
        let files = Self.citingFiles()
        #expect(files.count > 300, "the scan found only \(files.count) files")
        #expect(files.contains("Sources/AppTrailModel/ExecutionFacts.swift") && files.contains("docs/metrics.md"))
        let root = (Self.repository as NSString).standardizingPath
        var wrong: [String] = []
        var cited = 0
        for file in files {
            guard let text = try? String(contentsOfFile: Self.repository + "/" + file, encoding: .utf8) else {
                continue
            }
            let folder = (file as NSString).deletingLastPathComponent
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let part = Self.citingPart(of: String(line), in: file) else { continue }
                let line = String(part)
                if line.contains(Self.outside) { wrong.append("\(file):\(number + 1): mentions \(Self.outside)") }
                let range = NSRange(line.startIndex..., in: line)
                for match in Self.citation.matches(in: line, range: range) {
                    let name = String(line[Range(match.range(at: 1), in: line)!])
                    let anchor = Range(match.range(at: 2), in: line).map { String(line[$0].dropFirst()) }
                    cited += 1
                    // Inside the repository only: a path that climbs out of it (to a folder beside the checkout) is not one.
                    let target = [folder.isEmpty ? name : folder + "/" + name, name]
                        .map { (Self.repository + "/" + $0 as NSString).standardizingPath }
                        .first { $0.hasPrefix(root + "/") && FileManager.default.fileExists(atPath: $0) }
                    guard let target else {
                        wrong.append("\(file):\(number + 1): cites \(name), which is not in the repository")
                        continue
                    }
                    if let anchor, !anchor.isEmpty, line.contains("](\(name)#\(anchor))"),
                        let page = try? String(contentsOfFile: target, encoding: .utf8),
                        !Self.anchors(of: page).contains(anchor)
                    {
                        wrong.append("\(file):\(number + 1): \(name) has no heading #\(anchor)")
                    }
                }
            }
        }
        #expect(cited > 100, "only \(cited) citations found: the pattern no longer matches them")
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.joined(separator: "\n"))")
    }
}
