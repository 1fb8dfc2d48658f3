import AppTrailTestSupport
import Foundation
import Testing

/// Tables as a person reads them in a terminal: durations in days and hours, apps within 100 columns; CSV
/// and JSON keep the seconds for programs.
@Suite struct TableOutputTests {
    static let now = "2026-11-25T12:00:00Z"

    /// A folder whose `./apptrail.db` holds a sync of a simulated Enterprise server.
    private func syncedFolder(executions: Int, apps: Int) throws -> String {
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", String(executions), "--apps", String(apps), "--edition", "ee",
            "--tenant", "main", "--now", Self.now,
        ])
        let dir = temporaryFolder("apptrail-e2e")
        let sync = try run(
            Binaries.apptrail, ["sync", "--quiet", "--server", sim.url], environment: ["APPTRAIL_NOW": Self.now],
            directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        return dir
    }

    /// Seconds read back from a table's `2d 3h`, `4m 10s`, `4.2s`, and how much the text may have dropped.
    private func seconds(_ text: String) -> (value: Double, dropped: Double)? {
        let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        var total = 0.0
        var smallest = 1.0
        for part in text.split(separator: " ") {
            guard let unit = part.last, let size = units[unit], let n = Double(part.dropLast()) else { return nil }
            total += n * size
            smallest = part.contains(".") ? 0.1 : size
        }
        return (total, smallest)
    }

    @Test func durationsReadAsDaysAndHoursInATableAndAsSecondsInCSV() throws {
        let dir = try syncedFolder(executions: 2000, apps: 6)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["APPTRAIL_NOW": Self.now]

        let csv = try run(
            Binaries.apptrail, ["query", "summary", "--week", "2026-W47", "--format", "csv"], environment: env,
            directory: dir)
        let table = try run(
            Binaries.apptrail, ["query", "summary", "--week", "2026-W47"], environment: env, directory: dir)
        #expect(csv.status == 0 && table.status == 0, "\(csv.stderr)\(table.stderr)")
        let csvRows = csv.stdout.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(csvRows.first)
        let p90 = try #require(header.firstIndex(of: "decision_p90_s"))
        let tableLines = table.stdout.split(separator: "\n").map(String.init)
        // The table's header names the figure without the unit suffix, since the cells carry their units.
        #expect(tableLines[0].contains("decision_p90 ") && !tableLines[0].contains("_s "), "\(tableLines[0])")
        var compared = 0
        for row in csvRows.dropFirst() where !row[p90].isEmpty {
            let line = try #require(tableLines.first { $0.hasPrefix(row[0] + " ") }, "\(row[0])")
            // The cell under the header's column: the table's columns are split by two spaces or more.
            let cells = line.split(separator: /\s{2,}/).map(String.init)
            let cell = cells[p90]
            let parsed = try #require(seconds(cell), "'\(cell)' is not a duration")
            let exact = try #require(Double(row[p90]))
            #expect(parsed.value <= exact + 0.01 && exact < parsed.value + parsed.dropped, "\(cell) for \(exact) s")
            compared += 1
        }
        #expect(compared >= 3)
        #expect(table.stdout.contains("d ") || table.stdout.contains("h "), "a week of approvals has waits of hours")
    }

    @Test func appsFitOneHundredColumnsWithTheirIdsWhole() throws {
        let dir = try syncedFolder(executions: 500, apps: 8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["APPTRAIL_NOW": Self.now]
        // A long name from an app file: cut short in the table, whole in CSV.
        let longName = "Capital expenditure request for facilities, equipment and multi-year service contracts"
        try "id: capexRequestFacilities\nname: \(longName)\ntype: io.kestra.plugin.ee.apps.Execution\n"
            .write(toFile: dir + "/capex.yaml", atomically: true, encoding: .utf8)
        let imported = try run(
            Binaries.apptrail, ["apps", "import", "--quiet", "capex.yaml"], environment: env, directory: dir)
        #expect(imported.status == 0, "\(imported.stderr)")

        let table = try run(Binaries.apptrail, ["apps"], environment: env, directory: dir)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 11)
        for line in lines { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        #expect(lines[0].hasPrefix("app ") && lines[0].hasSuffix("status"))
        #expect(
            lines.contains {
                $0.hasPrefix("capexRequestFacilities") && $0.contains("  Capital expend") && $0.contains("…")
            })
        let csv = try run(Binaries.apptrail, ["apps", "--format", "csv"], environment: env, directory: dir)
        #expect(
            csv.stdout.contains("capexRequestFacilities,\"\(longName)\",")
                || csv.stdout.contains("capexRequestFacilities,\(longName),"))
        #expect(
            csv.stdout.hasPrefix(
                "app_id,name,namespace,flow_id,type,disabled,expiration_type,expires_at,submissions_total,submissions_remaining,expiration_status\r\n"
            ))

        // An id too long for any table is cut only when nothing else can give, and the table still fits.
        try "id: \(String(repeating: "veryLongAppId", count: 8))\n".write(
            toFile: dir + "/long.yaml", atomically: true, encoding: .utf8)
        #expect(
            try run(Binaries.apptrail, ["apps", "import", "--quiet", "long.yaml"], environment: env, directory: dir)
                .status == 0)
        let cut = try run(Binaries.apptrail, ["apps"], environment: env, directory: dir).stdout.split(separator: "\n")
        for line in cut { #expect(line.count <= 100, "\(line.count) columns: \(line)") }
        #expect(cut.contains { $0.hasPrefix("veryLongAppIdveryLongAppId") && $0.contains("…") })
    }
}
