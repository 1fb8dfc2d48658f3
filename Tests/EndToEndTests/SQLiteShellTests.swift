import AppTrailTestSupport
import Foundation
import Testing

/// Every bundled query run as an auditor runs it: the stock `sqlite3` shell, nothing loaded, parameters given
/// with `.parameter set`, the file read as it is in `queries/`; its rows must be apptrail's own, cell by cell
/// (apptrail rounds seconds to 3 decimals and rates to 4 when it writes, the shell prints SQLite's full value).
@Suite(.serialized) struct SQLiteShellTests {
    static let queries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("queries").path
    static let now = "2026-11-25T12:00:00Z"

    /// A demo warehouse (every kind of app expiration, approvals, test runs), made once for the suite.
    static let warehouse: String = {
        let dir = temporaryFolder("apptrail-e2e")
        let r = try! run(Binaries.apptrail, ["demo", "--out", dir, "--quiet"], environment: ["APPTRAIL_NOW": now])
        precondition(r.status == 0, r.stderr)
        return dir + "/apptrail.db"
    }()

    /// The query's rows from the `sqlite3` binary, CSV with a header; `parameters` are typed as the shell takes
    /// them: a number bare, a text quoted inside the argument, since the shell evaluates an unquoted `2026-11-16`
    /// as the subtraction 2026 - 11 - 16.
    static func shell(_ name: String, _ parameters: [(String, String)]) throws -> [[String]] {
        var script = [".headers on", ".mode csv"]
        for (key, value) in parameters {
            let isNumber = value.allSatisfy { $0.isNumber || $0 == "." }
            script.append(".parameter set :\(key) \(isNumber ? value : "\"'\(value)'\"")")
        }
        script.append(".read \(queries)/\(name).sql")
        let r = try run(
            "/usr/bin/sqlite3", ["-readonly", warehouse], stdin: Data((script.joined(separator: "\n") + "\n").utf8))
        #expect(r.status == 0 && r.stderr.isEmpty, "sqlite3 \(name): \(r.stderr)")
        return csvRows(r.stdout)
    }

    /// The query's rows from `apptrail query NAME --format csv`.
    static func apptrail(_ name: String, _ parameters: [(String, String)]) throws -> [[String]] {
        let r = try run(
            Binaries.apptrail,
            ["query", name, "--db", warehouse, "--format", "csv"] + parameters.flatMap { ["--param", "\($0)=\($1)"] },
            environment: ["APPTRAIL_NOW": now])
        #expect(r.status == 0, "apptrail query \(name): \(r.stderr)")
        let rows = csvRows(r.stdout)
        // The shell prints no header for no rows.
        return rows.count == 1 ? [] : rows
    }

    /// Rows of RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text).makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            if n == "," {
                                row.append(field)
                                field = ""
                            } else if n.isNewline {
                                row.append(field)
                                rows.append(row)
                                row = []
                                field = ""
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c.isNewline {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// Whether apptrail's cell is the shell's value as apptrail writes it: the same text, or the same number
    /// rounded half away from zero to as many decimals as apptrail printed.
    static func same(_ ours: String, _ shells: String) -> Bool {
        if ours == shells { return true }
        guard let a = Double(ours), let b = Double(shells) else { return false }
        let decimals = ours.split(separator: ".").dropFirst().first?.count ?? 0
        let scale = pow(10, Double(decimals))
        return ((b * scale).rounded(.toNearestOrAwayFromZero) / scale - a).magnitude < 0.5 / scale
    }

    static func compare(_ name: String, _ parameters: [(String, String)], shellParameters: [(String, String)]? = nil)
        throws
    {
        let ours = try apptrail(name, parameters)
        let shells = try shell(name, shellParameters ?? parameters)
        let label = "\(name) \(parameters.map { "\($0)=\($1)" }.joined(separator: " "))"
        #expect(ours.count == shells.count, "\(label): apptrail \(ours.count) rows, sqlite3 \(shells.count)")
        for (i, (a, b)) in zip(ours, shells).enumerated() {
            #expect(
                a.count == b.count && zip(a, b).allSatisfy { same($0, $1) },
                "\(label), row \(i): apptrail \(a), sqlite3 \(b)")
        }
    }

    @Test(arguments: [
        ("2026-11-16", "2026-11-23", "2026-11-23"), ("2026-11-09", "2026-11-16", "2026-11-16"),
        ("2026-10-01", "2026-11-01", "2026-11-01"),
        ("2026-11-16T09:30:00Z", "2026-11-18T17:45:12.345678Z", "2026-11-25T12:00:00Z"),
    ])
    func everyPeriodQueryGivesApptrailsFiguresInTheShell(_ from: String, _ to: String, _ asOf: String) throws {
        try Self.compare("summary", [("from", from), ("to", to), ("as_of", asOf)])
        try Self.compare("headline", [("from", from), ("to", to), ("as_of", asOf)])
        try Self.compare("daily", [("from", from), ("to", to)])
        try Self.compare("approvals", [("from", from), ("to", to)])
        try Self.compare("top_submitters", [("from", from), ("to", to), ("limit", "3")])
        try Self.compare("audit", [("app", "expenseApproval"), ("from", from), ("to", to)])
    }

    @Test(arguments: [
        "2026-10-20", "2026-11-23", "2026-11-25T12:00:00Z", "2026-11-28T00:00:00Z", "2026-12-31", "2027-03-01",
    ])
    func everyInstantQueryGivesApptrailsFiguresInTheShell(_ asOf: String) throws {
        try Self.compare("apps", [("as_of", asOf)])
        try Self.compare("backlog", [("as_of", asOf)])
        try Self.compare("pending_approvals", [("as_of", asOf), ("hours", "24")])
        try Self.compare("weekly_trend", [("as_of", asOf), ("weeks", "4")])
    }

    @Test func everyBundledQueryIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.queries).filter { $0.hasSuffix(".sql") }
            .map { String($0.dropLast(4)) }.sorted()
        #expect(
            names == [
                "approvals", "apps", "audit", "backlog", "daily", "headline", "pending_approvals", "summary",
                "top_submitters", "weekly_trend",
            ], "a new query needs its place in the tests above")
    }

    @Test func anInstantSelectsTheSameRowsHoweverItIsWritten() throws {
        // The week 2026-W47 written as people write it, in the shell; apptrail given its own form of the same instants.
        let reference = try Self.shell(
            "summary",
            [
                ("from", "2026-11-16T00:00:00.000000Z"), ("to", "2026-11-23T00:00:00.000000Z"),
                ("as_of", "2026-11-23T00:00:00.000000Z"),
            ])
        #expect(reference.count > 2)
        for (from, to) in [
            ("2026-11-16", "2026-11-23"), ("2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z"),
            ("2026-11-16T01:00:00+01:00", "2026-11-22T19:00:00-05:00"),
            ("2026-11-16 00:00", "2026-11-23T00:00:00.000Z"),
        ] {
            let parameters = [("from", from), ("to", to), ("as_of", to)]
            #expect(try Self.shell("summary", parameters) == reference, "\(from) .. \(to)")
            // apptrail takes ISO-8601 only: SQLite's "YYYY-MM-DD HH:MM" is refused with its reason, not misread.
            if from.contains(" ") {
                let r = try run(
                    Binaries.apptrail,
                    ["query", "summary", "--db", Self.warehouse] + parameters.flatMap { ["--param", "\($0)=\($1)"] })
                #expect(
                    r.status == 64
                        && r.stderr
                            == "error: query summary: parameter from takes an instant (YYYY-MM-DD or ISO-8601, such as 2026-11-25T12:00:00Z), not '2026-11-16 00:00'\n"
                )
            } else {
                try Self.compare("summary", parameters)
            }
        }
        // To the microsecond: an execution submitted at the bound is in the period that starts there, not in the one
        // that ends there.
        let audit = try Self.shell("audit", [("app", "expenseApproval"), ("from", "2026-11-16"), ("to", "2026-11-23")])
        let first = try #require(audit.dropFirst().first)
        let submitted = try Self.shell(
            "audit", [("app", "expenseApproval"), ("from", "2026-11-01"), ("to", "2026-12-01")])
        #expect(!submitted.isEmpty)
        let at = first[7]
        let micros = try #require(
            try run(
                "/usr/bin/sqlite3",
                ["-readonly", Self.warehouse, "SELECT submitted_at FROM executions WHERE id = '\(first[0])'"]
            ).stdout
                .split(separator: "\n").first.map(String.init))
        #expect(micros.hasPrefix(String(at.dropLast())))
        let from = try Self.shell("audit", [("app", "expenseApproval"), ("from", micros), ("to", "2026-12-01")])
        #expect(from.dropFirst().first?[0] == first[0])
        let until = try Self.shell("audit", [("app", "expenseApproval"), ("from", "2026-11-01"), ("to", micros)])
        #expect(!until.contains { $0[0] == first[0] })
        try Self.compare("audit", [("app", "expenseApproval"), ("from", micros), ("to", "2026-12-01")])
    }
}
