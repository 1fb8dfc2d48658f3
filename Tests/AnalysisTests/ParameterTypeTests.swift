import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

@testable import Analysis

/// Parameters bind by the type their `-- param:` line declares, never by their looks: guessing made an app
/// named `1e5` a number and `007` the integer 7, which matched nothing (or another app) without a word.
@Suite struct ParameterTypeTests {
    /// A query that shows how `:v` was bound: its SQLite type, then its SQL literal.
    func probe(_ type: String) throws -> QueryFile {
        try QueryFile(
            text:
                "-- name: probe\n-- description: d\n-- param: v \(type) the value\nSELECT typeof(:v) AS t, quote(:v) AS v",
            path: "probe.sql")
    }

    func problem(_ text: String) -> QueryFile.Problem? {
        do {
            _ = try QueryFile(text: text, path: "queries/x.sql")
            return nil
        } catch {
            return error
        }
    }

    @Test func headerLinesDeclareNameTypeAndDescription() throws {
        let q = try QueryFile(
            text: """
                -- name: typed
                -- description: d

                -- param: app text the app id
                -- param: :from\tinstant\tthe period's start (inclusive)
                -- param: hours  number   the minimum wait in hours
                -- param: limit integer
                SELECT :app, :from, :hours, :limit
                """, path: "typed.sql")
        #expect(
            q.parameters == [
                .init(name: "app", type: .text, description: "the app id", line: 4),
                .init(name: "from", type: .instant, description: "the period's start (inclusive)", line: 5),
                .init(name: "hours", type: .number, description: "the minimum wait in hours", line: 6),
                .init(name: "limit", type: .integer, description: "", line: 7),
            ])
    }

    @Test(arguments: [
        "-- param: from the period's start", "-- param: from", "-- param: :from date the start",
        "-- param: from Instant the start", "-- param: from instants the start", "-- param:   from   ",
    ])
    func aParamLineWithoutAKnownTypeIsAQueryFileError(_ line: String) throws {
        let error = try #require(problem("-- name: x\n-- description: d\n\(line)\nSELECT :from"))
        #expect(
            error.description
                == "queries/x.sql:3: '-- param: from' declares no type: write '-- param: from TYPE description' with TYPE one of text, integer, number, instant"
        )
        #expect(error.line == 3)
        #expect(error.exitCode == .config)
    }

    @Test func theCatalogueNamesTheFileAndLineOfAnUntypedParameter() throws {
        let dir = temporaryFolder("apptrail-params")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try
            "-- name: old\n-- description: the header of before\n-- param: app  text the app id\n-- param: hours  the minimum wait\nSELECT :app, :hours\n"
            .write(toFile: dir + "/old.sql", atomically: true, encoding: .utf8)
        #expect {
            _ = try QueryCatalog(directory: dir).query("old")
        } throws: { error in
            (error as? QueryFile.Problem)?.description
                == "\(dir)/old.sql:4: '-- param: hours' declares no type: write '-- param: hours TYPE description' with TYPE one of text, integer, number, instant"
                && (error as? QueryFile.Problem)?.exitCode == .config
        }
    }

    @Test func aParameterIsDeclaredOnce() {
        let error = problem(
            "-- name: x\n-- description: d\n-- param: app text the app\n-- param: :app integer again\nSELECT :app")
        #expect(error?.description == "queries/x.sql:4: '-- param: app' is declared twice (first on line 3)")
    }

    /// A type, a value, and what SQLite then holds: its type and its SQL literal (`quote`).
    static let bindings: [(String, String, String, String)] = [
        ("text", "1e5", "text", "'1e5'"), ("text", "0x10", "text", "'0x10'"), ("text", "007", "text", "'007'"),
        ("text", "2026-11-01", "text", "'2026-11-01'"), ("text", "", "text", "''"), ("text", " 12 ", "text", "' 12 '"),
        ("integer", "007", "integer", "7"), ("integer", "-42", "integer", "-42"), ("integer", "+5", "integer", "5"),
        ("number", "1e5", "real", "100000.0"), ("number", "48", "real", "48.0"), ("number", ".5", "real", "0.5"),
        ("number", "-2.5E-1", "real", "-0.25"), ("number", "4.8e-05", "real", "4.8e-05"),
        ("instant", "2026-11-01", "text", "'2026-11-01T00:00:00.000000Z'"),
        ("instant", "2026-11-25T13:30:00.5+01:00", "text", "'2026-11-25T12:30:00.500000Z'"),
        ("instant", "2026-11-25T12:00:00Z", "text", "'2026-11-25T12:00:00.000000Z'"),
    ]

    @Test(arguments: bindings)
    func eachTypeBindsAsDeclared(_ type: String, _ value: String, _ sqliteType: String, _ literal: String) throws {
        let w = try smallWarehouse()
        let r = try probe(type).run(on: w, parameters: ["v": value])
        #expect(r.rows.first?.first == .text(sqliteType), "\(type) \(value)")
        #expect(r.rows.first?.last == .text(literal), "\(type) \(value)")
    }

    static let misfits: [(String, String)] = [
        ("integer", "1.5"), ("integer", "1e2"), ("integer", "abc"), ("integer", ""), ("integer", "0x10"),
        ("integer", "99999999999999999999"), ("integer", " 7"),
        ("number", "abc"), ("number", "0x10"), ("number", "inf"), ("number", "nan"), ("number", "1e999"),
        ("number", ""), ("number", "."), ("number", "1e"), ("number", "1,5"), ("number", "12h"),
        ("instant", "yesterday"), ("instant", "now"), ("instant", "2026-13-01"), ("instant", "2026-11-25T12:00"),
        ("instant", "1e5"), ("instant", ""),
    ]

    @Test(arguments: misfits)
    func aValueOfTheWrongTypeIsAUsageError(_ type: String, _ value: String) throws {
        let w = try smallWarehouse()
        let declared = try #require(QueryFile.ParameterType(rawValue: type))
        #expect(throws: AnalysisError.badParameterValue(query: "probe", name: "v", type: declared, value: value)) {
            _ = try probe(type).run(on: w, parameters: ["v": value])
        }
    }

    @Test func theErrorNamesTheQueryTheParameterTheTypeAndTheValue() throws {
        let w = try smallWarehouse()
        let catalog = QueryCatalog(directory: queriesDirectory)
        func failure(_ query: String, _ parameters: [String: String]) throws -> AnalysisError? {
            do {
                _ = try catalog.query(query).run(on: w, parameters: parameters)
                return nil
            } catch let error as AnalysisError {
                return error
            }
        }
        let hours = try failure("pending_approvals", ["as_of": "2026-11-25T12:00:00Z", "hours": "abc"])
        #expect(
            hours?.description
                == "query pending_approvals: parameter hours takes a number (such as 48 or 1.5), not 'abc'")
        #expect(hours?.exitCode == .usage)
        let from = try failure("audit", ["app": "expenses", "from": "yesterday", "to": "2026-11-23"])
        #expect(
            from?.description
                == "query audit: parameter from takes an instant (YYYY-MM-DD or ISO-8601, such as 2026-11-25T12:00:00Z), not 'yesterday'"
        )
        #expect(from?.exitCode == .usage)
        let limit = try failure("top_submitters", ["from": "2026-11-16", "to": "2026-11-23", "limit": "5.5"])
        #expect(limit?.description == "query top_submitters: parameter limit takes an integer (such as 10), not '5.5'")
        // A value is quoted on one line, whatever it holds.
        let long = try failure(
            "weekly_trend", ["as_of": "2026-11-25", "weeks": "2\n\u{202E}" + String(repeating: "x", count: 100)])
        #expect(
            long?.description
                == "query weekly_trend: parameter weeks takes an integer (such as 10), not '2\\n\\u{202e}\(String(repeating: "x", count: 57))…'"
        )
    }

    /// Apps whose ids look like a number, a hexadecimal number, a zero-padded integer and a date, beside `7`, which
    /// `007` used to find instead of itself.
    static let lookalikes = ["1e5", "0x10", "007", "2026-11-01", "7"]

    @Test func appIdsThatLookLikeNumbersOrDatesAreText() throws {
        let w = try smallWarehouse()
        var records: [ExecutionRecord] = []
        for (i, app) in Self.lookalikes.enumerated() {
            for k in 0...i {
                let created = Instant(micros: instant("2026-11-16T09:00:00Z").micros + Int64(i * 10 + k) * 60_000_000)
                records.append(
                    ExecutionRecord(
                        id: "x\(i)-\(k)", namespace: "company", flowId: "f", labels: [Label("system.app", app)],
                        state: .success,
                        histories: [StateEntry(.created, created), StateEntry(.success, created + 1_000_000)]))
            }
        }
        try w.ingest(
            records.compactMap { ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main") },
            now: instant("2026-11-25T12:00:00Z"))
        let audit = try QueryCatalog(directory: queriesDirectory).query("audit")
        for (i, app) in Self.lookalikes.enumerated() {
            let arguments = try audit.arguments(["app": app, "from": "2026-11-16", "to": "2026-11-23"])
            let rows = try w.readRethrowing { db in try audit.fetch(db, arguments: arguments) }
            #expect(rows.rows.count == i + 1, "\(app)")
            #expect(rows.rows.allSatisfy { $0[1] == .text(app) }, "\(app)")
            // The export's progress total: counted with the values the rows were read with.
            #expect(try w.readRethrowing { db in try audit.count(db, arguments: arguments) } == i + 1, "\(app)")
        }
    }

    @Test func valuesAreTheTypedValuesEvenOfParametersTheSQLDoesNotUse() throws {
        let q = try QueryFile(
            text:
                "-- name: v\n-- description: d\n-- param: app text the app\n-- param: from instant the start\n-- param: n integer unused\nSELECT :app, :from",
            path: "v.sql")
        #expect(
            try q.values(["app": "1e5", "from": "2026-11-01", "n": "007"])
                == [
                    "app": "1e5".databaseValue, "from": "2026-11-01T00:00:00.000000Z".databaseValue,
                    "n": Int64(7).databaseValue,
                ])
        #expect(throws: AnalysisError.badParameterValue(query: "v", name: "n", type: .integer, value: "x")) {
            _ = try q.arguments(["app": "1e5", "from": "2026-11-01", "n": "x"])
        }
        #expect(throws: AnalysisError.missingParameter(query: "v", name: "n", declared: ["app", "from", "n"])) {
            _ = try q.values(["app": "1e5", "from": "2026-11-01"])
        }
        let w = try smallWarehouse()
        let r = try q.run(on: w, parameters: ["app": "0x10", "from": "2026-11-25T13:00:00+01:00", "n": "3"])
        #expect(r.rows == [[.text("0x10"), .text("2026-11-25T12:00:00.000000Z")]])
    }

    @Test func whereAppIdsBindTheParameterMustBeText() throws {
        let q = try QueryFile(
            text:
                "-- name: a\n-- description: d\n-- param: from instant the start\n-- param: app integer the app\nSELECT :app, :from",
            path: "a.sql")
        #expect {
            try q.requireText("app")
        } throws: { error in
            (error as? QueryFile.Problem)?.description
                == "a.sql:4: '-- param: app' must be declared text, not integer: apptrail binds app ids to it, and an app id is text (1e5, 007)"
        }
        try q.requireText("to")
        try QueryCatalog(directory: queriesDirectory).query("audit").requireText("app")
    }

    /// The bounds an export without `--from`/`--to` binds stay what they are.
    @Test func theWidestInstantsBindUnchanged() {
        for bound in ["0001-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z"] {
            #expect(QueryFile.ParameterType.instant.databaseValue(bound) == bound.databaseValue)
        }
    }

    @Test func theBundledQueriesDeclareTheTypesApptrailFillsThemWith() throws {
        let catalog = QueryCatalog(directory: queriesDirectory)
        let expected: [String: QueryFile.ParameterType] = [
            "app": .text, "from": .instant, "to": .instant, "as_of": .instant,
            "hours": .number, "limit": .integer, "weeks": .integer,
        ]
        var seen = 0
        for name in catalog.names {
            for p in try catalog.query(name).parameters {
                #expect(p.type == expected[p.name], "\(name).sql: \(p.name) is \(p.type)")
                #expect(!p.description.isEmpty, "\(name).sql: \(p.name) has no description")
                seen += 1
            }
        }
        #expect(seen == 22, "the parameters of the bundled queries, headline and backlog included")
    }
}
