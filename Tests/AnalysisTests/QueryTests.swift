import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

@testable import Analysis

/// The repository's `queries/` folder.
let queriesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "../../queries"
).standardized.path

/// A small warehouse: pending, approved and rejected executions of two apps, and a TEST one.
func smallWarehouse() throws -> Warehouse {
    let w = try Warehouse.inMemory()
    func record(
        _ id: String, app: String, user: String?, kind: String? = nil, _ states: [(String, String)], by: String? = nil
    ) -> ExecutionRecord {
        var labels = [Label("system.app", app)]
        if let user { labels.append(Label("system.username", user)) }
        return ExecutionRecord(
            id: id, namespace: "company", flowId: "f", flowRevision: 1, kind: kind, labels: labels,
            state: StateType(states.last!.0), histories: states.map { StateEntry(StateType($0.0), instant($0.1)) },
            pauseTaskRun: PauseTaskRun(resumedBy: by), hasTaskRuns: true)
    }
    let records = [
        record(
            "p1", app: "expenses", user: "dana",
            [("CREATED", "2026-11-20T09:00:00Z"), ("PAUSED", "2026-11-20T10:00:00Z")]),
        record(
            "p2", app: "expenses", user: "eve",
            [("CREATED", "2026-11-25T01:00:00Z"), ("PAUSED", "2026-11-25T02:00:00.5Z")]),
        record(
            "a1", app: "expenses", user: "dana",
            [
                ("CREATED", "2026-11-17T09:00:00Z"), ("PAUSED", "2026-11-17T09:00:01Z"),
                ("RESTARTED", "2026-11-17T10:00:01Z"), ("RUNNING", "2026-11-17T10:00:02Z"),
                ("SUCCESS", "2026-11-17T10:00:03Z"),
            ], by: "alice"),
        record(
            "r1", app: "vacation", user: nil,
            [
                ("CREATED", "2026-11-18T09:00:00Z"), ("PAUSED", "2026-11-18T09:00:01Z"),
                ("CANCELLED", "2026-11-19T09:00:01Z"),
            ]),
        record(
            "t1", app: "expenses", user: "dana", kind: "TEST",
            [("CREATED", "2026-11-19T09:00:00Z"), ("PAUSED", "2026-11-19T09:00:01Z")]),
    ]
    try w.seed(records, now: instant("2026-11-25T12:00:00Z"))
    return w
}

/// A value for any parameter a query declares, by its name.
func sampleValue(_ name: String) -> String {
    switch name {
    case "as_of", "to": "2026-11-25T12:00:00Z"
    case "from": "2026-11-16"
    case "app": "expenses"
    case "weeks": "2"
    default: "24"
    }
}

@Suite struct QueryCatalogTests {
    let catalog = QueryCatalog(directory: queriesDirectory)

    @Test func everyQueryHasItsHeaderAndRuns() throws {
        let w = try smallWarehouse()
        #expect(catalog.names.count >= 2)
        for name in catalog.names {
            let text = try String(contentsOfFile: "\(queriesDirectory)/\(name).sql", encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.first == "-- name: \(name)", "\(name).sql must start with '-- name: \(name)'")
            #expect(
                lines.dropFirst().first?.hasPrefix("-- description: ") == true,
                "\(name).sql: second line must be '-- description:'")
            let query = try catalog.query(name)
            let result = try query.run(
                on: w,
                parameters: Dictionary(uniqueKeysWithValues: query.parameters.map { ($0.name, sampleValue($0.name)) }))
            #expect(!result.columns.isEmpty)
        }
    }

    @Test func pendingApprovalsIsTheApproversToDoList() throws {
        let w = try smallWarehouse()
        let q = try catalog.query("pending_approvals")
        let all = try q.run(on: w, parameters: ["as_of": "2026-11-25T12:00:00Z", "hours": "0"])
        #expect(all.rows.map { $0[1].string } == ["p1", "p2"])
        let old = try q.run(on: w, parameters: ["as_of": "2026-11-25T12:00:00Z", "hours": "48"])
        #expect(old.rows.count == 1)
        let csv = old.formatted(.csv)
        #expect(
            csv == "app_id,execution_id,submitted_at,waiting_since,pending_age_s,submitted_by,namespace,flow_id\r\n"
                + "expenses,p1,2026-11-20T09:00:00.000000Z,2026-11-20T10:00:00.000000Z,439200.000,dana,company,f\r\n")
    }

    @Test func topSubmittersLeavesTestKindsOut() throws {
        let w = try smallWarehouse()
        let r = try catalog.query("top_submitters").run(
            on: w, parameters: ["from": "2026-11-16", "to": "2026-11-23", "limit": "5"])
        #expect(
            r.formatted(.csv) == "app_id,submitted_by,submissions,approved,rejected,pending\r\n"
                + "expenses,dana,2,1,0,1\r\nvacation,,1,0,1,0\r\n")
    }

    @Test func valuesAreBoundNeverSpliced() throws {
        let w = try smallWarehouse()
        let r = try catalog.query("audit").run(
            on: w, parameters: ["app": "' OR 1=1 --", "from": "2026-11-16", "to": "2026-11-23"])
        #expect(r.rows.isEmpty)
        #expect(
            throws: AnalysisError.badParameterValue(
                query: "top_submitters", name: "to", type: .instant, value: "' OR 1=1 --")
        ) {
            _ = try catalog.query("top_submitters").run(
                on: w, parameters: ["from": "2026-11-16", "to": "' OR 1=1 --", "limit": "5"])
        }
        #expect(try w.executionCount() == 5)
    }

    @Test func parametersNameThemselves() throws {
        let w = try smallWarehouse()
        let q = try catalog.query("pending_approvals")
        #expect(
            throws: AnalysisError.missingParameter(
                query: "pending_approvals", name: "hours", declared: ["as_of", "hours"])
        ) {
            _ = try q.run(on: w, parameters: ["as_of": "2026-11-25"])
        }
        let unknown = AnalysisError.unknownParameter(
            query: "pending_approvals", name: "app", declared: ["as_of", "hours"])
        #expect(throws: unknown) {
            _ = try q.run(on: w, parameters: ["as_of": "2026-11-25", "hours": "1", "app": "x"])
        }
        #expect(unknown.description == "query pending_approvals has no parameter 'app'; it declares: as_of, hours")
        #expect(unknown.exitCode == .usage)
    }

    @Test func builtInQueriesServeEveryNameAndErrorsInThemNameThem() throws {
        // The built-in queries are the repository's, compiled in.
        let builtIn = QueryCatalog(folders: [])
        #expect(builtIn.names == catalog.names)
        #expect(try builtIn.query("summary").path == "built-in:queries/summary.sql")
        #expect(try builtIn.query("summary").sql == catalog.query("summary").sql)
        let broken = QueryCatalog(folders: [], builtIn: ["broken": "SELECT 1\n"])
        #expect {
            _ = try broken.query("broken")
        } throws: { error in
            String(describing: error).hasPrefix("built-in:queries/broken.sql:")
        }
        #expect(builtIn.definitions.entries.allSatisfy { $0.source == "built-in" })
    }

    @Test func anUnknownQueryListsTheAvailableOnes() {
        #expect {
            _ = try catalog.query("pending")
        } throws: { error in
            let e = error as? AnalysisError
            return e?.exitCode == .usage
                && e?.description == "unknown query 'pending'; available: \(catalog.names.joined(separator: ", "))"
        }
    }

    @Test func aWritingStatementIsRefusedBeforeItRuns() throws {
        let w = try smallWarehouse()
        let q = try QueryFile(text: "-- name: evil\n-- description: deletes\nDELETE FROM executions", path: "evil.sql")
        #expect(throws: AnalysisError.writes(path: "evil.sql")) { _ = try q.run(on: w, parameters: [:]) }
        #expect(AnalysisError.writes(path: "evil.sql").exitCode == .config)
        let two = try QueryFile(
            text: "-- name: two\n-- description: d\nSELECT 1; DELETE FROM executions", path: "two.sql")
        #expect(throws: AnalysisError.sql(path: "two.sql", message: "a query file holds one statement")) {
            _ = try two.run(on: w, parameters: [:])
        }
        #expect(try w.executionCount() == 5)
        let broken = try QueryFile(
            text: "-- name: broken\n-- description: d\nSELECT nope FROM executions", path: "broken.sql")
        #expect(throws: AnalysisError.sql(path: "broken.sql", message: "no such column: nope")) {
            _ = try broken.run(on: w, parameters: [:])
        }
    }

    @Test func headersAreChecked() {
        #expect(throws: QueryFile.Problem.self) { _ = try QueryFile(text: "SELECT 1", path: "x.sql") }
        #expect {
            _ = try QueryFile(text: "-- name: x\n-- description: d\nSELECT :app", path: "x.sql")
        } throws: { error in
            String(describing: error) == "x.sql: ':app' is used but has no '-- param: app' line"
        }
        #expect {
            _ = try QueryFile(text: "-- name: x\nSELECT 1", path: "x.sql")
        } throws: { error in
            String(describing: error) == "x.sql: no '-- description:' line in the header"
                && (error as? QueryFile.Problem)?.exitCode == .config
        }
        #expect(QueryFile.namedParameters(in: "SELECT ':no', \"q:x\", :a -- :b\n, :c, :a") == ["a", "c"])
    }

    @Test func formatsRoundHalfAwayAndNeutraliseFormulas() throws {
        let w = try smallWarehouse()
        let q = try QueryFile(
            text:
                "-- name: f\n-- description: d\nSELECT '=HYPERLINK(\"x\")' AS note, 2.0005 AS wait_s, -0.33335 AS approval_rate, 'a,b' AS t, NULL AS n",
            path: "f.sql")
        let r = try q.run(on: w, parameters: [:])
        #expect(
            r.formatted(.csv)
                == "note,wait_s,approval_rate,t,n\r\n\"'=HYPERLINK(\"\"x\"\")\",2.001,-0.3334,\"a,b\",\r\n")
        #expect(
            r.formatted(.json)
                == #"[{"approval_rate":-0.3334,"n":null,"note":"=HYPERLINK(\"x\")","t":"a,b","wait_s":2.001}]"# + "\n")
        #expect(
            r.formatted(.table) == """
                note             wait  approval_rate  t    n
                ---------------  ----  -------------  ---  -
                =HYPERLINK("x")  2.0s        -0.3334  a,b

                """)
    }

    @Test func appsShowTheirExpirationAsOfAnInstant() throws {
        let w = try smallWarehouse()
        try w.upsertApps(
            [
                AppDefinition(
                    id: "expenses", name: "Expenses", namespace: "company", flowId: "f", expiration: .limit(3),
                    source: .yaml),
                AppDefinition(id: "retired", disabled: false, expiration: .date(instant("2026-01-31")), source: .api),
                AppDefinition(id: "trial", expiration: .ttl("PT30D"), source: .yaml),
                AppDefinition(
                    id: "holiday", disabled: true,
                    expiration: .window(start: instant("2026-12-01"), end: instant("2026-12-24")), source: .yaml),
            ], now: instant("2026-11-25T12:00:00Z"))
        let r = try catalog.query("apps").run(on: w, parameters: ["as_of": "2026-11-25T12:00:00Z"])
        #expect(
            r.formatted(.csv) == """
                app_id,name,namespace,flow_id,type,disabled,expiration_type,expires_at,submissions_total,submissions_remaining,expiration_status\r
                expenses,Expenses,company,f,,false,LIMIT,,3,0,EXPIRED\r
                holiday,,,,,true,WINDOW,2026-12-24T00:00:00.000Z,0,,DISABLED\r
                retired,,,,,false,DATE,2026-01-31T00:00:00.000Z,0,,EXPIRED\r
                trial,,,,,false,TTL,,0,,UNKNOWN\r
                vacation,,,,,false,,,1,,ACTIVE\r

                """)
        let earlier = try catalog.query("apps").run(on: w, parameters: ["as_of": "2026-11-20T09:30:00Z"])
        #expect(earlier.formatted(.csv).contains("expenses,Expenses,company,f,,false,LIMIT,,2,1,ACTIVE\r\n"))
    }

    @Test func summaryDailyAndApprovalsOfAWeekByHand() throws {
        let w = try smallWarehouse()
        let week = ["from": "2026-11-16T00:00:00Z", "to": "2026-11-23T00:00:00Z"]
        let summary = try catalog.query("summary").run(
            on: w, parameters: week.merging(["as_of": "2026-11-23T00:00:00Z"]) { a, _ in a })
        #expect(
            summary.formatted(.csv) == """
                app_id,submissions,succeeded,failed,cancelled,in_progress,approved,rejected,pending,approval_rate,duration_p50_s,duration_p90_s,duration_max_s,decision_p50_s,decision_p90_s,submissions_prev,change_rate,expiration_status,expires_at,submissions_remaining\r
                expenses,2,1,0,0,1,1,0,1,1.0000,3603.000,3603.000,3603.000,3600.000,3600.000,0,,ACTIVE,,\r
                vacation,1,0,0,1,0,0,1,0,0.0000,86401.000,86401.000,86401.000,86400.000,86400.000,0,,ACTIVE,,\r
                TOTAL,3,1,0,1,1,1,1,1,0.5000,45002.000,78121.200,86401.000,45000.000,78120.000,0,,,,\r

                """)
        // The next week: p2 only, and the previous week's apps stay listed with their change.
        let next = try catalog.query("summary").run(
            on: w, parameters: ["from": "2026-11-23", "to": "2026-11-30", "as_of": "2026-11-25T12:00:00Z"])
        #expect(
            next.formatted(.csv).contains(
                "\r\nexpenses,1,0,0,0,1,0,0,1,,,,,,,2,-0.5000,ACTIVE,,\r\nvacation,0,0,0,0,0,0,0,0,,,,,,,1,-1.0000,ACTIVE,,\r\nTOTAL,1,"
            ))

        let daily = try catalog.query("daily").run(on: w, parameters: week)
        let lines = daily.formatted(.csv).split(separator: "\r\n")
        #expect(lines.count == 1 + 7 * 2)
        #expect(lines[1] == "2026-11-16,expenses,0,0,0")
        #expect(lines[3] == "2026-11-17,expenses,1,1,0")
        #expect(lines[6] == "2026-11-18,vacation,1,0,1")
        #expect(lines[14] == "2026-11-22,vacation,0,0,0")

        let approvals = try catalog.query("approvals").run(on: w, parameters: week)
        #expect(
            approvals.formatted(.csv)
                == "app_id,decided_by,approved,rejected,decision_p50_s,decision_p90_s\r\nexpenses,alice,1,0,3600.000,3600.000\r\nvacation,,0,1,86400.000,86400.000\r\n"
        )

        let audit = try catalog.query("audit").run(on: w, parameters: week.merging(["app": "expenses"]) { a, _ in a })
        #expect(
            audit.formatted(.csv) == """
                execution_id,app_id,tenant,namespace,flow_id,flow_revision,state,submitted_at,ended_at,duration_s,paused_s,decision,decided_at,decision_s,decided_by,submitted_by,inputs_json,labels_json,state_history\r
                a1,expenses,main,company,f,1,SUCCESS,2026-11-17T09:00:00.000Z,2026-11-17T10:00:03.000Z,3603.000,3600.000,approved,2026-11-17T10:00:01.000Z,3600.000,alice,dana,{},"{""system.app"":""expenses"",""system.username"":""dana""}",CREATED@2026-11-17T09:00:00.000Z|PAUSED@2026-11-17T09:00:01.000Z|RESTARTED@2026-11-17T10:00:01.000Z|RUNNING@2026-11-17T10:00:02.000Z|SUCCESS@2026-11-17T10:00:03.000Z\r
                p1,expenses,main,company,f,1,PAUSED,2026-11-20T09:00:00.000Z,,,0.000,pending,,,,dana,{},"{""system.app"":""expenses"",""system.username"":""dana""}",CREATED@2026-11-20T09:00:00.000Z|PAUSED@2026-11-20T10:00:00.000Z\r

                """)
    }

    @Test func anExecutionOnABoundaryBelongsToTheLaterPeriod() throws {
        let w = try smallWarehouse()
        let edge = ExecutionRecord(
            id: "edge", namespace: "company", flowId: "f", labels: [Label("system.app", "vacation")],
            state: .success,
            histories: [
                StateEntry(.created, instant("2026-11-23T00:00:00Z")),
                StateEntry(.success, instant("2026-11-23T00:00:01Z")),
            ])
        let late = ExecutionRecord(
            id: "late", namespace: "company", flowId: "f", labels: [Label("system.app", "vacation")],
            state: .success,
            histories: [
                StateEntry(.created, instant("2026-11-22T23:59:59.999999999Z")),
                StateEntry(.success, instant("2026-11-23T00:00:01Z")),
            ])
        try w.ingest(
            [edge, late].compactMap {
                ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main")
            },
            now: instant("2026-11-25T12:00:00Z"))
        let w47 = try catalog.query("summary").run(
            on: w, parameters: ["from": "2026-11-16", "to": "2026-11-23", "as_of": "2026-11-23"])
        #expect(w47.formatted(.csv).contains("\r\nvacation,2,1,"))
        let w48 = try catalog.query("summary").run(
            on: w, parameters: ["from": "2026-11-23", "to": "2026-11-30", "as_of": "2026-11-25T12:00:00Z"])
        #expect(w48.formatted(.csv).contains("\r\nvacation,1,1,"))
        let daily = try catalog.query("daily").run(on: w, parameters: ["from": "2026-11-23", "to": "2026-11-30"])
        #expect(daily.formatted(.csv).contains("\r\n2026-11-23,vacation,1,0,0\r\n"))
    }
}

/// The period analyses stay fast only while SQLite reads them off the covering index; that needs statistics.
@Suite struct QueryPlanTests {
    @Test func periodAnalysesReadOnlyTheCoveringIndexOnceStatisticsExist() throws {
        let w = try smallWarehouse()
        var records: [ExecutionRecord] = []
        for i in 0..<6000 {
            let created = Instant(micros: instant("2026-11-16T00:00:00Z").micros + Int64(i) * 600_000_000)
            records.append(
                ExecutionRecord(
                    id: "bulk\(i)", namespace: "company", flowId: "f",
                    labels: [Label("system.app", ["expenses", "vacation", "it"][i % 3])],
                    state: .success,
                    histories: [
                        StateEntry(.created, created),
                        StateEntry(.success, Instant(micros: created.micros + 1_000_000)),
                    ]))
        }
        try w.ingest(
            records.compactMap { ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main") },
            now: instant("2026-11-25T12:00:00Z"))
        #expect(try w.refreshPlannerStatistics() == true)
        #expect(try w.refreshPlannerStatistics() == false, "statistics are taken again only when the table has doubled")
        let catalog = QueryCatalog(directory: queriesDirectory)
        for name in ["summary", "daily", "approvals"] {
            let sql = try catalog.query(name).sql
            let details = try w.read { db in
                let week: [String: String] = [
                    "from": "2026-11-16T00:00:00.000000Z", "to": "2026-11-23T00:00:00.000000Z",
                    "as_of": "2026-11-23T00:00:00.000000Z",
                ]
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(week))
                    .map { $0["detail"] as String }
            }
            let periodScans = details.filter { $0.contains("submitted_at>? AND submitted_at<?") }
            #expect(!periodScans.isEmpty, "\(name): \(details)")
            for scan in periodScans {
                #expect(
                    scan.contains("USING COVERING INDEX executions_app_period (ANY(app_id) AND"), "\(name): \(scan)")
            }
        }
        // The backlog reads the executions that paused, by their decision's date, never the whole table.
        for name in ["backlog", "headline"] {
            let query = try catalog.query(name)
            let values = [
                "from": "2026-11-16T00:00:00.000000Z", "to": "2026-11-23T00:00:00.000000Z",
                "as_of": "2026-11-23T00:00:00.000000Z",
            ]
            .filter { key, _ in query.parameters.contains { $0.name == key } }
            let details = try w.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: StatementArguments(values)).map
                { $0["detail"] as String }
            }
            #expect(details.contains { $0.contains("USING INDEX executions_decided") }, "\(name): \(details)")
            #expect(!details.contains { $0 == "SCAN executions" }, "\(name): \(details)")
        }
    }
}
