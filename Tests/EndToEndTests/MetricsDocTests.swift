import Foundation
import Testing

/// docs/metrics.md's worked example, run as a reader would: its executions saved to the file it names, each
/// `$ ` command of its console block run by the shell with the built `apptrail` on the PATH, and the output
/// compared with the page, line by line. A rule that changes without the page fails here.
@Suite struct MetricsDocTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/metrics.md").path

    /// The fenced blocks of a Markdown page: the info string and the lines.
    static func blocks(_ text: String) -> [(info: String, lines: [String])] {
        var blocks: [(String, [String])] = []
        var current: (String, [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let open = current {
                    blocks.append(open)
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return blocks
    }

    @Test func theWorkedExampleGivesThePagesFigures() throws {
        let blocks = Self.blocks(try String(contentsOfFile: Self.page, encoding: .utf8))
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = try #require(blocks.first { $0.info.hasPrefix("ndjson ") })
        let file = String(data.info.dropFirst("ndjson ".count))
        try (data.lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        #expect(data.lines.count == 7)

        let console = try #require(blocks.first { $0.info == "console" })
        var steps: [(command: String, output: [String])] = []
        for line in console.lines {
            if line.hasPrefix("$ ") { steps.append((String(line.dropFirst(2)), [])) } else { steps[steps.count - 1].output.append(line) }
        }
        #expect(steps.count == 5)
        let path = Binaries.directory.path + ":/usr/bin:/bin"
        for step in steps {
            let r = try run("/bin/sh", ["-c", step.command], environment: ["PATH": path, "APPTRAIL_NOW": "2026-11-25T12:00:00Z"], directory: dir)
            #expect(r.status == 0, "\(step.command): \(r.stderr)")
            let printed = r.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(Array(printed.dropLast()) == step.output, "\(step.command)")
        }
    }
}
