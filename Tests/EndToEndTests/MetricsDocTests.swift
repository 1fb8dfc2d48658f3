import AppTrailTestSupport
import Foundation
import Testing

/// docs/metrics.md, run as a reader would: no example on the page goes unchecked.
///
/// The page is cut into its `## ` sections, and each section's example runs in a temporary folder of its own (an
/// example starts from an empty folder, as the page says, so that it can be copied alone). Within a section the
/// fenced blocks are taken in page order:
///
/// - a data block, whose info string is a language and a file name (`ndjson bookings.ndjson`, `yaml apps.yaml`,
///   `sql runs.sql`), is saved under that name, each line ended by a newline;
/// - a `console` block is a list of steps, each a `$ ` command line followed by the lines it prints. The command
///   runs in `/bin/sh` with the built `apptrail` first on the PATH and `APPTRAIL_NOW=2026-11-25T12:00:00Z`; it must
///   exit 0 and print nothing on stderr (a step that shows an error redirects it: `2>&1; echo "exit $?"`), and its
///   stdout, CRLF read as LF, must be the page's lines exactly.
///
/// Any other fence fails, and so does a data file that no later command of its section names: every block of the
/// page is either run or used by what is run. A figure that changes without the page fails here.
@Suite struct MetricsDocTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/metrics.md").path

    /// The clock every example is read at (a Wednesday, in ISO week 2026-W48).
    static let now = "2026-11-25T12:00:00Z"

    /// The languages a data block may be written in.
    static let dataLanguages: Set<String> = ["ndjson", "json", "yaml", "sql"]

    /// A fenced block: its info string, its lines, and the page line it opens on.
    struct Block: Sendable {
        var info: String
        var lines: [String]
        var line: Int

        /// A console block's steps; lines before its first `$ ` make a step without a command, which fails.
        var steps: [Step] {
            guard info == "console" else { return [] }
            var steps: [Step] = []
            for line in lines {
                if line.hasPrefix("$ ") {
                    steps.append(Step(command: String(line.dropFirst(2)), output: []))
                } else if steps.isEmpty {
                    steps.append(Step(command: "", output: [line]))
                } else {
                    steps[steps.count - 1].output.append(line)
                }
            }
            return steps
        }
    }

    /// One command of a console block and the lines the page says it prints.
    struct Step: Sendable {
        var command: String
        var output: [String]
    }

    /// A `## ` section of the page (the text before the first one is named `(top)`) and its blocks.
    struct Section: Sendable, CustomTestStringConvertible {
        var title: String
        var blocks: [Block]
        var testDescription: String { title }

        /// The data blocks, as file name and content.
        var files: [(name: String, block: Block)] {
            blocks.compactMap { block in
                let words = block.info.split(separator: " ").map(String.init)
                guard words.count == 2, MetricsDocTests.dataLanguages.contains(words[0]) else { return nil }
                return (words[1], block)
            }
        }

        /// The steps of every console block, in page order.
        var steps: [Step] { blocks.flatMap(\.steps) }
    }

    /// The page's sections with their fenced blocks. A `## ` line inside a block is the block's.
    static func sections(_ text: String) -> [Section] {
        var sections = [Section(title: "(top)", blocks: [])]
        var open: Block?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated()
        {
            if line.hasPrefix("```") {
                if let block = open {
                    sections[sections.count - 1].blocks.append(block)
                    open = nil
                } else {
                    open = Block(info: String(line.dropFirst(3)), lines: [], line: index + 1)
                }
            } else if open != nil {
                open!.lines.append(line)
            } else if line.hasPrefix("## ") {
                sections.append(Section(title: String(line.dropFirst(3)), blocks: []))
            }
        }
        if let open {
            sections[sections.count - 1].blocks.append(
                Block(info: "(unclosed) " + open.info, lines: open.lines, line: open.line))
        }
        return sections
    }

    /// Every fenced block of a Markdown page, in order, as info string and lines (docs/queries.md's test reads this
    /// page's worked example with it).
    static func blocks(_ text: String) -> [(info: String, lines: [String])] {
        sections(text).flatMap(\.blocks).map { ($0.info, $0.lines) }
    }

    /// The sections of the page that hold blocks: the arguments of the test that runs them.
    static let examples: [Section] = sections((try? String(contentsOfFile: page, encoding: .utf8)) ?? "").filter {
        !$0.blocks.isEmpty
    }

    @Test func everyBlockOfThePageIsRunOrUsed() throws {
        let all = Self.sections(try String(contentsOfFile: Self.page, encoding: .utf8))
        for section in all {
            for block in section.blocks
            where block.info != "console" && !section.files.contains(where: { $0.block.line == block.line }) {
                Issue.record(
                    "docs/metrics.md:\(block.line): a fence that is neither `console` nor `LANGUAGE FILE` (\(Self.dataLanguages.sorted().joined(separator: ", "))): '\(block.info)'"
                )
            }
            for (name, block) in section.files {
                #expect(
                    !name.contains("/") && !name.hasPrefix("."),
                    "docs/metrics.md:\(block.line): \(name) is not a plain file name")
                let laterCommands = section.blocks.filter { $0.info == "console" && $0.line > block.line }
                    .flatMap(\.lines).filter { $0.hasPrefix("$ ") }
                #expect(
                    laterCommands.contains { $0.contains(name) },
                    "docs/metrics.md:\(block.line): no command of '\(section.title)' uses \(name)")
            }
            for block in section.blocks where block.info == "console" {
                #expect(
                    block.lines.first?.hasPrefix("$ ") == true,
                    "docs/metrics.md:\(block.line): a console block starts with a `$ ` command")
            }
        }
        // What the page held when this test was last brought up to date: a section or a step lost to a broken
        // fence shows here. Adding an example means raising these numbers.
        #expect(
            Self.examples.map(\.title) == [
                "Which executions count", "What is known about one execution", "Periods", "Figures per app and period",
                "Rounding", "Expiration of an app, as of an instant T", "A worked example",
            ])
        #expect(Self.examples.map { $0.steps.count } == [4, 5, 9, 2, 6, 4, 5])
        #expect(Self.examples.map { $0.files.count } == [2, 1, 1, 1, 2, 2, 1])
    }

    @Test(arguments: MetricsDocTests.examples)
    func theExampleGivesThePagesOutput(_ section: Section) throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = Binaries.directory.path + ":/usr/bin:/bin"
        for block in section.blocks {
            if let file = section.files.first(where: { $0.block.line == block.line }) {
                try (block.lines.map { $0 + "\n" }.joined()).write(
                    toFile: dir + "/" + file.name, atomically: true, encoding: .utf8)
            }
            for step in block.steps {
                let label = "docs/metrics.md:\(block.line), \(section.title): $ \(step.command)"
                let r = try run(
                    "/bin/sh", ["-c", step.command], environment: ["PATH": path, "APPTRAIL_NOW": Self.now],
                    directory: dir)
                #expect(r.status == 0, "\(label): exit \(r.status)")
                #expect(r.stderr.isEmpty, "\(label): printed on stderr: \(r.stderr)")
                let stdout = r.stdout.replacingOccurrences(of: "\r\n", with: "\n")
                #expect(stdout.isEmpty || stdout.hasSuffix("\n"), "\(label): the output does not end with a line end")
                let printed =
                    stdout.isEmpty
                    ? [] : stdout.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                #expect(printed == step.output, "\(label)")
            }
        }
    }
}
