import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

@testable import Analysis

/// The rules that live in SQL alone (docs/queries.md): PERCENTILE.INC in window functions, the expiration status of
/// apps.sql and the view app_expirations, and the instant parameters brought to the warehouse's text form. Each is
/// checked here against an independent computation in Swift.
@Suite struct PlainSQLRuleTests {
    let catalog = QueryCatalog(directory: queriesDirectory)
    let now = instant("2026-11-25T12:00:00Z")

    /// An empty warehouse in memory.
    func emptyWarehouse() throws -> Warehouse {
        try Warehouse.inMemory()
    }

    /// A finished execution of `app` submitted at `at`, running `seconds` (whole milliseconds).
    func finished(_ id: String, app: String, at: Instant, seconds: Double) -> ExecutionRow {
        let end = Instant(micros: at.micros + Int64((seconds * 1000).rounded()) * 1000)
        let record = ExecutionRecord(
            id: id, namespace: "company", flowId: "f", flowRevision: 1, kind: nil,
            labels: [Label("system.app", app)], state: StateType("SUCCESS"),
            histories: [StateEntry(StateType("CREATED"), at), StateEntry(StateType("SUCCESS"), end)],
            pauseTaskRun: nil, hasTaskRuns: false)
        return ExecutionRow(record, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main")!
    }

    /// Excel's PERCENTILE.INC over a sorted copy: the reference the SQL is held to, to the last bit.
    static func percentileInc(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let x = values.sorted()
        let h = Double(x.count - 1) * p
        let k = Int(h.rounded(.down))
        return k + 1 < x.count ? x[k] + (h - Double(k)) * (x[k + 1] - x[k]) : x[k]
    }

    @Test func percentilesAreExcelsPercentileIncToTheLastBit() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let w = try emptyWarehouse()
        // Apps of 1, 2, 5 and up to 400 runs, with ties (few distinct values) and without; the TOTAL row takes them all.
        var durations: [String: [Double]] = [:]
        var rows: [ExecutionRow] = []
        let base = instant("2026-11-16T00:00:00Z")
        for (a, n) in [1, 2, 5, 17, 100, 400].enumerated() {
            let app = "app\(a)"
            for i in 0..<n {
                let seconds = Double(next(a % 2 == 0 ? 7 : 10_000_000)) / 1000
                durations[app, default: []].append(seconds)
                rows.append(
                    finished("\(app)-\(i)", app: app, at: base + Int64(next(6 * 86_400)) * 1_000_000, seconds: seconds))
            }
        }
        try w.ingest(rows, now: now)
        let r = try catalog.query("summary").run(
            on: w, parameters: ["from": "2026-11-16", "to": "2026-11-23", "as_of": "2026-11-23"])
        let column = Dictionary(uniqueKeysWithValues: r.columns.enumerated().map { ($1, $0) })
        #expect(r.rows.count == durations.count + 1)
        for row in r.rows {
            let app = row[column["app_id"]!].string!
            let values = app == "TOTAL" ? durations.values.flatMap { $0 } : durations[app]!
            for (name, p) in [("duration_p50_s", 0.5), ("duration_p90_s", 0.9)] {
                #expect(row[column[name]!].number == Self.percentileInc(values, p), "\(app) \(name)")
            }
            #expect(row[column["duration_max_s"]!].number == values.max(), "\(app)")
        }
    }

    /// The status, expiry and submissions left of one app, as apps.sql evaluates them at `at`.
    func expiration(
        _ expiration: Expiration?, disabled: Bool = false, created: Instant? = nil, submissions: [Instant] = [],
        at: Instant? = nil
    ) throws -> (status: String, expiresAt: String?, remaining: Int?) {
        let w = try emptyWarehouse()
        try w.upsertApps(
            [AppDefinition(id: "a", disabled: disabled, created: created, expiration: expiration, source: .yaml)],
            now: now)
        try w.ingest(submissions.enumerated().map { finished("e\($0)", app: "a", at: $1, seconds: 1) }, now: now)
        let r = try catalog.query("apps").run(on: w, parameters: ["as_of": (at ?? now).iso])
        let column = Dictionary(uniqueKeysWithValues: r.columns.enumerated().map { ($1, $0) })
        let row = try #require(r.rows.first)
        return (
            row[column["expiration_status"]!].string!, row[column["expires_at"]!].string,
            row[column["submissions_remaining"]!].integer.map { Int($0) }
        )
    }

    let day: Int64 = 86_400_000_000

    @Test func aDateExpiresOnItsInstantAndIsSoonSevenDaysBefore() throws {
        #expect(try expiration(.date(now)).status == "EXPIRED")
        #expect(try expiration(.date(now + 1000)).status == "EXPIRING_SOON")
        #expect(try expiration(.date(now + 7 * day)).status == "EXPIRING_SOON")
        #expect(try expiration(.date(now + 7 * day + 1)).status == "ACTIVE")
        #expect(try expiration(.date(now + 7 * day)).expiresAt == "2026-12-02T12:00:00.000Z")
        #expect(try expiration(.date(instant("2026-11-25"))) == ("EXPIRED", "2026-11-25T00:00:00.000Z", nil))
    }

    @Test func aLimitCountsTheSubmissionsBeforeTheInstant() throws {
        let before = { (n: Int) in (0..<n).map { self.now - Int64($0 + 1) * 1_000_000 } }
        #expect(try expiration(.limit(100), submissions: before(89)).status == "ACTIVE")
        #expect(try expiration(.limit(100), submissions: before(90)) == ("EXPIRING_SOON", nil, 10))
        #expect(try expiration(.limit(100), submissions: before(99)).status == "EXPIRING_SOON")
        #expect(try expiration(.limit(100), submissions: before(100)) == ("EXPIRED", nil, 0))
        #expect(try expiration(.limit(100), submissions: before(104)) == ("EXPIRED", nil, -4))
        // A submission at the instant itself is not before it.
        #expect(try expiration(.limit(1), submissions: [now]) == ("ACTIVE", nil, 1))
    }

    @Test func aTTLRunsFromTheCreationOrElseTheFirstSubmission() throws {
        let created = now - 30 * day
        #expect(try expiration(.ttl("PT30D"), created: created).status == "EXPIRED")
        #expect(
            try expiration(.ttl("P30D"), created: created + 1) == ("EXPIRING_SOON", "2026-11-25T12:00:00.000Z", nil))
        #expect(try expiration(.ttl("PT30D"), submissions: [created + 8 * day + 1]).status == "ACTIVE")
        #expect(
            try expiration(.ttl("PT30D"), created: created, submissions: [now - 1_000_000]).expiresAt
                == "2026-11-25T12:00:00.000Z")
        #expect(try expiration(.ttl("P30D")) == ("UNKNOWN", nil, nil))
        #expect(try expiration(.ttl("thirty days"), created: created) == ("UNKNOWN", nil, nil))
    }

    @Test func aTTLAddsToTheMicrosecond() throws {
        // SQLite's date functions keep milliseconds: the view sums whole microseconds so that nothing is rounded.
        let created = instant("2026-11-01T10:00:00.999999Z")
        let w = try emptyWarehouse()
        try w.upsertApps(
            [AppDefinition(id: "a", created: created, expiration: .ttl("PT1H0.5S"), source: .yaml)], now: now)
        let expires = try w.readRethrowing { db in
            try String.fetchOne(db, sql: "SELECT expires_at FROM app_expirations")
        }
        #expect(expires == (created + 3_600_500_000).iso)
        #expect(expires == "2026-11-01T11:00:01.499999Z")
    }

    @Test func aWindowIsNotStartedThenOpenThenExpired() throws {
        let window = Expiration.window(start: now + 1, end: now + 30 * day)
        #expect(try expiration(window).status == "NOT_STARTED")
        #expect(try expiration(window, at: now + 1).status == "ACTIVE")
        #expect(try expiration(window, at: now + 23 * day + 1).status == "EXPIRING_SOON")
        #expect(try expiration(window, at: now + 30 * day).status == "EXPIRED")
        #expect(try expiration(.window(start: nil, end: nil)).status == "ACTIVE")
    }

    @Test func disabledWinsButKeepsItsFigures() throws {
        #expect(
            try expiration(.limit(10), disabled: true, submissions: (0..<12).map { now - Int64($0 + 1) * 1_000_000 })
                == ("DISABLED", nil, -2))
        #expect(try expiration(.date(now + day), disabled: true).expiresAt == "2026-11-26T12:00:00.000Z")
        #expect(try expiration(.ttl("P1D"), disabled: true).status == "DISABLED")
        #expect(try expiration(nil) == ("ACTIVE", nil, nil))
    }

    /// An execution of app `a` submitted at `at`, paused from `paused` and still waiting.
    func waiting(_ id: String, at: String, paused: String) -> ExecutionRow {
        let record = ExecutionRecord(
            id: id, namespace: "company", flowId: "f", flowRevision: 1, kind: nil, labels: [Label("system.app", "a")],
            state: StateType("PAUSED"),
            histories: [
                StateEntry(StateType("CREATED"), instant(at)),
                StateEntry(StateType("PAUSED"), instant(paused)),
            ],
            pauseTaskRun: nil, hasTaskRuns: false)
        return ExecutionRow(record, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main")!
    }

    @Test func waitsAreMeasuredToTheMicrosecondThenRoundedHalfUp() throws {
        // julianday() keeps milliseconds: a pause at .1235 would have waited 205194.876 s, and one 0.9998 s short of
        // a day 86399.999 s.
        let w = try emptyWarehouse()
        try w.ingest(
            [
                waiting("e1", at: "2026-11-20T15:00:00Z", paused: "2026-11-20T15:00:05.1235Z"),
                waiting("e2", at: "2026-11-24T12:00:00Z", paused: "2026-11-24T12:00:00.000600Z"),
            ], now: now)
        let backlog = try catalog.query("backlog").run(on: w, parameters: ["as_of": "2026-11-23"])
        #expect(backlog.rows.map { $0[4].number } == [205194.877])
        let pending = try catalog.query("pending_approvals").run(
            on: w, parameters: ["as_of": "2026-11-25T12:00:00.000400Z", "hours": "0"])
        #expect(pending.rows.map { $0[4].number } == [421194.877, 86400.0])
        // The boundary of :hours is exact too: 86399.9998 s is not yet 24 hours.
        let day = try catalog.query("pending_approvals").run(
            on: w, parameters: ["as_of": "2026-11-25T12:00:00.000400Z", "hours": "24"])
        #expect(day.rows.map { $0[1].string } == ["e1"])
    }

    @Test func thePreviousPeriodHasTheSameLengthToTheMicrosecond() throws {
        let w = try emptyWarehouse()
        try w.ingest(
            [
                finished("before", app: "a", at: instant("2026-11-09T00:00:00.700Z"), seconds: 1),
                finished("inside", app: "a", at: instant("2026-11-09T00:00:01.200Z"), seconds: 1),
                finished("now", app: "a", at: instant("2026-11-17T00:00:00Z"), seconds: 1),
            ], now: now)
        // [16 Nov 00:00:00.5, 23 Nov) is 7 days less half a second long: the period before starts at 9 Nov 00:00:01.
        let period = ["from": "2026-11-16T00:00:00.500Z", "to": "2026-11-23T00:00:00Z", "as_of": "2026-11-23"]
        let summary = try catalog.query("summary").run(on: w, parameters: period)
        #expect(summary.rows.first?[15].integer == 1)
        let headline = try catalog.query("headline").run(on: w, parameters: period)
        #expect(headline.rows.first?[1].integer == 1)
    }

    /// Each query's `bounds` and the text form it brings an instant parameter to, evaluated by SQLite.
    func normalised(_ text: String, by query: String = "audit") throws -> String? {
        let sql = try catalog.query(query).sql
        let start = try #require(sql.range(of: "WITH bounds AS ("))
        let end = try #require(sql.range(of: "AS from_at", range: start.upperBound..<sql.endIndex))
        let select = try #require(sql.range(of: "SELECT ", range: start.upperBound..<end.lowerBound))
        let expression = String(sql[select.upperBound..<end.lowerBound])
        let db = try DatabaseQueue()
        return try db.read { try String.fetchOne($0, sql: "SELECT " + expression, arguments: ["from": text]) }
    }

    @Test func instantParametersAreBroughtToTheWarehousesFormAsInstantReadsThem() throws {
        for (text, expected) in [
            ("2026-11-09", "2026-11-09T00:00:00.000000Z"), ("2026-11-09T00:00:00Z", "2026-11-09T00:00:00.000000Z"),
            ("2026-11-09T01:00:00+01:00", "2026-11-09T00:00:00.000000Z"),
            ("2026-11-08T19:00:00-05:00", "2026-11-09T00:00:00.000000Z"),
            ("2026-11-09T00:00:00.123456789Z", "2026-11-09T00:00:00.123456Z"),
            ("2026-11-09T23:59:59.9999999Z", "2026-11-09T23:59:59.999999Z"),
            ("2026-11-09T10:00:00.5+01:00", "2026-11-09T09:00:00.500000Z"),
            ("2026-11-09T00:00:00.000000Z", "2026-11-09T00:00:00.000000Z"),
            // The widest bounds `export` binds without --from and --to (SQLite's strftime('%f') gives NULL for the last).
            ("0001-01-01T00:00:00.000000Z", "0001-01-01T00:00:00.000000Z"),
            ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
        ] {
            #expect(try normalised(text) == expected, "\(text)")
            #expect(Instant(iso: text)?.iso == expected, "\(text)")
        }
        #expect(try normalised("not a date") == nil)
        // Random instants written the ways people write them.
        var state: UInt64 = 42
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let i = Instant(micros: 1_700_000_000_000_000 + Int64(state >> 20) % 200_000_000_000_000)
            let iso = i.iso
            let forms = [
                iso, i.isoMillis, String(iso.dropLast()) + "123Z", String(iso.prefix(19)) + "Z", String(iso.prefix(10)),
            ]
            for form in forms {
                #expect(try normalised(form) == Instant(iso: form)?.iso, "\(form)")
            }
        }
    }

    @Test func everyQueryBringsItsInstantsToTheSameForm() throws {
        // One rule, written the same in every query that compares instants as text.
        let expression = { (p: String) in
            """
            CASE WHEN substr(:\(p), 20, 1) = '.' THEN
                           strftime('%Y-%m-%dT%H:%M:%S.', substr(:\(p), 1, 19) || ltrim(substr(:\(p), 21), '0123456789'))
                           || substr(substr(:\(p), 21, length(:\(p)) - 20 - length(ltrim(substr(:\(p), 21), '0123456789'))) || '000000', 1, 6) || 'Z'
                       ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', :\(p)) END
            """
        }
        var checked = 0
        for name in catalog.names {
            let sql = try catalog.query(name).sql
            for p in ["from", "to", "as_of"] where sql.contains("substr(:\(p), 20") {
                #expect(sql.contains(expression(p)), "\(name).sql brings :\(p) to the warehouse's form its own way")
                checked += 1
            }
        }
        #expect(checked >= 14)
        // The previous period of equal length, to the microsecond, the same way where a query needs it.
        let previous = try catalog.query("summary").sql.components(separatedBy: "previous AS (")[1].components(
            separatedBy: "\n),")[0]
        for name in ["daily", "headline", "summary"] {
            #expect(try catalog.query(name).sql.contains("previous AS (" + previous + "\n),"), "\(name).sql")
        }
    }
}
