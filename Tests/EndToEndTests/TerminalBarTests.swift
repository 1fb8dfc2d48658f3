import AppTrailTestSupport
import Foundation
import Testing

/// The sync bar on terminals of 40, 80 and 120 columns: never wider than the terminal, whatever the app names,
/// always redrawn in place; and a bar per crawl whose total never changes and whose percentage never falls back.
@Suite(.serialized) struct TerminalBarTests {
    static let now = "2026-11-25T12:00:00Z"
    /// App ids far wider than a terminal, one of East Asian wide characters, and one with an escape sequence.
    static let longApps = [
        "colour\u{1B}[31mred\u{07}", "出張申請のための非常に長いアプリケーション名と説明-travel-request-approval",
        "a-very-long-latin-app-id-that-goes-on-and-on-well-past-any-terminal-width-"
            + String(repeating: "x", count: 80),
    ]

    @Test(arguments: [40, 80, 120]) func theBarFitsTheTerminalAndLeavesNoStackedLines(columns: Int) throws {
        let sim = try SimulatorProcess(["--seed", "3", "--executions", "3000", "--apps", "5", "--now", Self.now])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var arguments = ["sync", "--page-size", "20", "--db", dir + "/a.db", "--app", "expenseApproval"]
        for app in Self.longApps { arguments += ["--app", app] }
        let command = ([Binaries.apptrail] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let r = try run(
            "/usr/bin/script", ["-qec", "stty cols \(columns) rows 24; " + command, "/dev/null"],
            environment: ["KESTRA_URL": sim.url, "KESTRA_TENANT": "acme", "APPTRAIL_NOW": Self.now, "TERM": "xterm"],
            directory: dir)
        #expect(r.status == 0, "\(r.stdout)")

        // Each frame of the bar, as drawn after `\r ESC[K`, fits in the terminal's width less one column.
        let frames = r.stdout.components(separatedBy: "\r\u{1B}[K").map {
            $0.prefix { !["\r", "\n", "\r\n"].contains($0) }
        }
        .filter { $0.hasPrefix("sync  ") }
        #expect(frames.count >= 5, "\(r.stdout.prefix(400))")
        let wide = frames.filter { Terminal.width(String($0)) > columns - 1 }
        #expect(wide.isEmpty, "\(columns) columns: \(wide.prefix(3))")
        // Control characters of app ids never reach the bar.
        #expect(!frames.contains { $0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
        if columns >= 80 { #expect(frames.contains { $0.contains("colour[31mred") }, "\(frames)") }
        // The long names were cut, not left out or wrapped.
        #expect(frames.contains { $0.hasSuffix("…") }, "\(frames.prefix(5))")

        // What stays on screen: the messages and the last lines, and no bar stacked above them.
        let screen = Terminal.screen(r.stdout)
        #expect(!screen.isEmpty)
        for line in screen {
            #expect(
                ["connected to ", "reading ", "warning: ", "sync: ", "synced: "].contains { line.hasPrefix($0) },
                "\(line)")
        }
        #expect(screen.filter { $0.hasPrefix("sync: ") }.count == 1, "\(screen)")
    }

    @Test func eachCrawlsBarCountsAgainstAFixedTotalAndNeverFallsBack() throws {
        let sim = try SimulatorProcess(["--seed", "5", "--executions", "4000", "--apps", "6", "--now", Self.now])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = [
            "KESTRA_URL": sim.url, "KESTRA_TENANT": "acme", "APPTRAIL_NOW": Self.now, "APPTRAIL_PROGRESS_INTERVAL": "0",
        ]
        // A first sync (the scan and a check of each app's open executions), then one an hour later, whose
        // checks read what ended since.
        let first = try run(Binaries.apptrail, ["sync", "--page-size", "20", "--db", dir + "/a.db"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        try sim.admin("POST", "/_sim/advance?seconds=3600")
        let second = try run(
            Binaries.apptrail, ["sync", "--page-size", "5", "--db", dir + "/a.db"],
            environment: env.merging(["APPTRAIL_NOW": "2026-11-25T13:00:00Z"]) { _, b in b })
        #expect(second.status == 0, "\(second.stderr)")

        for stderr in [first.stderr, second.stderr] {
            let lines = stderr.split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("sync: ") && !$0.contains(" in ")
            }
            let frames = lines.compactMap(Frame.init)
            #expect(frames.count == lines.count, "unparsed: \(lines.filter { Frame($0) == nil }.prefix(3))")
            #expect(frames.filter { $0.total != nil }.count >= 10)
            // Stages come in order: the scopes' new executions, the checks, the reads by id.
            let order = frames.map { [$0.phase, $0.index] }
            #expect(
                zip(order, order.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) || $0 == $1 }, "\(order)")
            // Within one crawl's bar, the total never changes once given and the percentage never falls back.
            var previous: Frame?
            for frame in frames {
                if let p = previous, p.crawl == frame.crawl {
                    if p.total != nil { #expect(frame.total == p.total, "\(p.text) -> \(frame.text)") }
                    #expect(
                        frame.done >= p.done && (frame.percent ?? 0) >= (p.percent ?? 0), "\(p.text) -> \(frame.text)")
                }
                previous = frame
            }
            // Counted are the executions each crawl had not read yet: never more than the server's total.
            #expect(
                frames.allSatisfy { f in f.total.map { f.done <= $0 } ?? true },
                "\(frames.filter { f in f.total.map { f.done > $0 } ?? false }.first?.text ?? "")")
        }
    }

    /// One plain progress line: `sync: scope 1 of 7, 1,200 of 4,000 executions (30%), 900/s, 3s left (discovery scan)`.
    struct Frame {
        var text: String
        var phase: Int
        var index: Int
        var done: Int
        var total: Int?
        var percent: Int?
        var detail: String

        var crawl: String { "\(phase) \(index) \(detail)" }

        init?(_ line: String) {
            let pattern =
                #"^sync: (scope|check|by id) ?([0-9]*)(?: of [0-9]+)?, ([0-9,]+)(?: of ([0-9,]+))? executions(?: \(([0-9]+)%\))?, [0-9,]+/s(?:, [0-9dhms ]+ left)? \((.*)\)$"#
            let regex = try! NSRegularExpression(pattern: pattern)
            guard let m = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
            func group(_ n: Int) -> String? { Range(m.range(at: n), in: line).map { String(line[$0]) } }
            func number(_ n: Int) -> Int? { group(n).flatMap { Int($0.replacingOccurrences(of: ",", with: "")) } }
            text = line
            phase = ["scope": 0, "check": 1, "by id": 2][group(1)!]!
            index = number(2) ?? 0
            done = number(3)!
            total = number(4)
            percent = number(5)
            detail = group(6)!
        }
    }
}

/// What a terminal shows of a program's output, enough to check a bar redrawn in place.
enum Terminal {
    /// The lines left on screen: `\r` goes back to the start of the line, `ESC[K` erases to its end, other
    /// characters overwrite what is under the cursor.
    static func screen(_ output: String) -> [String] {
        var lines: [String] = []
        var line: [Character] = []
        var cursor = 0
        var rest = Substring(output)
        while let c = rest.first {
            rest = rest.dropFirst()
            switch c {
            case "\n", "\r\n":
                lines.append(String(line))
                line = []
                cursor = 0
            case "\r":
                cursor = 0
            case "\u{1B}":
                guard rest.hasPrefix("[K") else {
                    line.append(c)
                    cursor = line.count
                    continue
                }
                rest = rest.dropFirst(2)
                line.removeSubrange(cursor...)
            default:
                if cursor < line.count { line[cursor] = c } else { line.append(c) }
                cursor += 1
            }
        }
        if !line.isEmpty { lines.append(String(line)) }
        return lines.filter { !$0.isEmpty }
    }

    /// Columns a line takes: two for East Asian wide characters, one for the rest.
    static func width(_ text: String) -> Int {
        text.reduce(0) { sum, c in
            let v = c.unicodeScalars.first!.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1F9FF).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }
}
