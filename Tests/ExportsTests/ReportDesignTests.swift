import Analysis
import AppTrailModel
import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

@testable import Exports

/// A report's HTML page as scripts/read_html_report.py reads it back.
struct HTMLReadBack: Decodable {
    struct Figure: Decodable { let value: String, title: String, change: String? }
    struct Table: Decodable { let columns: [String], titles: [String], rows: [[String]], total: [String]? }
    let title: String?, h1: String?, notice: String?
    let figures: [Figure]
    let tables: [String: Table]
    let external: [String]

    static func read(_ path: String) throws -> HTMLReadBack {
        let r = try run(["python3", repository + "/scripts/read_html_report.py", path])
        return try JSONDecoder().decode(HTMLReadBack.self, from: Data(r.output.utf8))
    }
}

/// The weekly report as a manager receives it: the backlog, empty periods, the HTML page and how it renders.
@Suite struct ReportDesignTests {
    let week = Period.isoWeek("2026-W47")!

    func make(_ w: Warehouse, period: Period, report: String = "weekly", out: String) throws -> ReportRun.Output {
        var options = ReportRun.Options(period: period, asOf: period.to, generatedAt: instant("2026-11-23T06:00:00Z"))
        options.format = .all
        options.out = out
        options.source = ReportContent.Source(
            server: "https://kestra.example.com", tenant: "main", lastSync: instant("2026-11-23T05:55:00Z"))
        return try ReportRun.run(
            try ReportDefinition.load(path: repository + "/reports/\(report).yaml"), queries: queries, warehouse: w,
            options: options)
    }

    /// An app id a page would run if it were not escaped.
    let hostileApp = "<img src=x onerror=alert(1)>&amp;"

    /// Approvals in every position around the end of 2026-W47 (2026-11-23T00:00Z), one app with a hostile id.
    func backlogWarehouse() throws -> Warehouse {
        let w = try Warehouse(path: temporaryFolder("apptrail-backlog") + "/apptrail.db")
        func record(
            _ id: String, _ app: String, _ states: [(StateType, String)], by: String? = nil, user: String? = "dana"
        ) -> ExecutionRecord {
            ExecutionRecord(
                id: id, namespace: "company", flowId: "approve", flowRevision: 1,
                labels: [Label("system.app", app)] + (user.map { [Label("system.username", $0)] } ?? []),
                inputsJSON: "{}", state: states.last!.0, histories: states.map { StateEntry($0.0, instant($0.1)) },
                pauseTaskRun: PauseTaskRun(resumedBy: by), hasTaskRuns: true)
        }
        let records = [
            record(
                "waiting", "expenses",
                [
                    (.created, "2026-11-20T09:00:00Z"), (.running, "2026-11-20T09:00:01Z"),
                    (.paused, "2026-11-20T10:00:00Z"),
                ]),
            record(
                "decided-after", "expenses",
                [
                    (.created, "2026-11-21T09:00:00Z"), (.paused, "2026-11-21T09:30:00Z"),
                    (.running, "2026-11-24T08:00:00Z"), (.success, "2026-11-24T08:00:05Z"),
                ], by: "erin"),
            record(
                "decided-before", "expenses",
                [
                    (.created, "2026-11-18T09:00:00Z"), (.paused, "2026-11-18T09:30:00Z"),
                    (.running, "2026-11-19T08:00:00Z"), (.success, "2026-11-19T08:00:05Z"),
                ], by: "erin"),
            record(
                "paused-after", "expenses", [(.created, "2026-11-23T01:00:00Z"), (.paused, "2026-11-23T02:00:00Z")]),
            record(
                "old", hostileApp, [(.created, "2026-11-02T09:00:00Z"), (.paused, "2026-11-02T09:05:00Z")], user: nil),
            record(
                "killed-after", hostileApp,
                [
                    (.created, "2026-11-19T07:00:00Z"), (.paused, "2026-11-19T07:10:00Z"),
                    (.killed, "2026-11-25T12:00:00Z"),
                ]),
            record(
                "no-approval", hostileApp, [(.created, "2026-11-19T07:00:00Z"), (.success, "2026-11-19T07:00:09Z")]),
        ]
        try w.ingest(
            records.compactMap { ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main") },
            now: instant("2026-11-26T00:00:00Z"))
        return w
    }

    @Test func thePendingSheetIsTheBacklogAtThePeriodsEndOldestFirst() throws {
        let w = try backlogWarehouse()
        let out = temporaryFolder()
        let output = try make(w, period: week, out: out)
        let pending = try #require(try ReadBack.full(output.workbook!).sheets.first { $0.name == "Pending" })
        #expect(
            pending.rows[0].first
                == .string("Waiting for approval at the end of the week, 2026-W47 (2026-11-16 to 2026-11-22)"))
        #expect(
            pending.rows[1].prefix(4) == [
                .string("App"), .string("Submitted"), .string("Waiting for"), .string("Submitted by"),
            ])
        // The same backlog counted another way: executions whose latest state at the week's end is PAUSED.
        let counted = try w.readRethrowing { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM executions e
                    WHERE (SELECT s.state FROM execution_states s WHERE s.execution_id = e.id AND julianday(s.at) <= julianday(?)
                           ORDER BY julianday(s.at) DESC, s.seq DESC LIMIT 1) = 'PAUSED'
                    """, arguments: [week.to.iso])
        }
        let rows = pending.rows.dropFirst(2).filter { $0.count > 5 && $0[5] != .null }
        #expect(rows.count == counted && counted == 4)
        let executions = rows.map { $0[5] }
        #expect(
            executions == ["old", "killed-after", "waiting", "decided-after"].map { .string($0) },
            "the longest wait first")
        let waited: Double = 20 * 86_400 + 14 * 3_600 + 55 * 60
        #expect(rows[0][2] == .number(waited), "waiting since 11-02 09:05: 20 d 14 h 55 min")
        #expect(rows[0][3] == .string("(unknown)"), "a submitter without a username label")
        // The cover counts the same backlog, and the one at the week's start.
        let cover = try ReadBack.full(output.workbook!).sheets[0]
        #expect(cover.rows[3][6] == .number(4) && cover.rows[5][6] == .string("+3 (+300.0%) vs 2026-W46"))
        let page = try HTMLReadBack.read(output.html!)
        #expect(page.tables["Pending"]?.rows.map { $0[5] } == ["old", "killed-after", "waiting", "decided-after"])
        #expect(page.figures[3].value == "4" && page.figures[3].title == "Approvals pending now")
        #expect(page.external.isEmpty, "the hostile app id stays text: \(page.external)")
        #expect(page.tables["Pending"]?.rows.first?.first == hostileApp, "and reads back as written")
        let html = try String(contentsOfFile: output.html!, encoding: .utf8)
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;&amp;amp;") && !html.contains("<img"))
    }

    @Test(arguments: [("weekly", "2026-W30"), ("weekly", "2026-W53"), ("monthly", "2026-07")])
    func anEmptyPeriodGivesACompleteReportThatSaysSo(report: String, name: String) throws {
        let w = try backlogWarehouse()
        let out = temporaryFolder()
        let period = Period.isoWeek(name) ?? Period.calendarMonth(year: 2026, month: 7)!
        let output = try make(w, period: period, report: report, out: out)
        let base = "\(report)-\(name)"
        #expect(
            output.workbook == out + "/\(base).xlsx" && output.html == out + "/\(base).html"
                && output.csvFolder == out + "/\(base)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [base, base + ".html", base + ".xlsx"])
        let book = try ReadBack.full(output.workbook!)
        let cover = book.sheets[0]
        #expect(cover.rows[3].first == .string("No submissions in this period"))
        #expect(
            cover.rows[5][0] == .number(0) && cover.rows[5][2] == .string("none") && cover.rows[5][4] == .string("none")
        )
        #expect(cover.charts.isEmpty, "nothing to draw, no chart")
        #expect(book.sheets.filter { $0.state == "hidden" }.isEmpty)
        let total = try #require(cover.rows.first { $0.first == .string("TOTAL") })
        #expect(total[1] == .number(0))
        let page = try HTMLReadBack.read(output.html!)
        #expect(page.notice == "No submissions in this period" && page.figures.first?.value == "0")
        let summary = try readCSV(out + "/\(base)/summary.csv")
        #expect(summary.count == 2 && summary[1].first == "TOTAL" && summary[1][1] == "0")
    }

    @Test func theHTMLPageIsSelfContainedAndAgreesWithTheCSVs() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let output = try make(w, period: week, out: out)
        let html = try String(contentsOfFile: output.html!, encoding: .utf8)
        let page = try HTMLReadBack.read(output.html!)
        #expect(page.external.isEmpty, "\(page.external)")
        #expect(!html.contains("<script") && !html.lowercased().contains("url("))
        #expect(page.title == "Kestra apps: weekly report, 2026-W47" && page.h1 == "Kestra apps: weekly report")
        #expect(
            html.contains(
                "2026-W47 (2026-11-16 to 2026-11-22) &#183; made 2026-11-23 06:00 UTC from https://kestra.example.com, tenant main"
            ))
        #expect(html.contains("ops/../../evil app") && !html.contains("<evil"), "app ids are text")
        #expect(html.contains("@page { size: A4 landscape"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2, "the two charts, inline")

        /// A cell of the page read back as the CSV holds it: seconds, a rate, a count, a day or an instant.
        func agree(_ shown: String, _ field: String, column: String) -> Bool {
            if field.isEmpty { return shown.isEmpty || shown.hasPrefix("(") }
            if let value = Double(field), column.hasSuffix("_s") {
                let parts = shown.split(separator: ":").compactMap { Double($0) }
                guard parts.count == 3 else { return false }
                return abs(parts[0] * 3600 + parts[1] * 60 + parts[2] - value.rounded()) < 1
            }
            if let value = Double(field), column.contains("rate") {
                guard shown.hasSuffix("%"), let percent = Double(shown.dropLast()) else { return false }
                return abs(percent / 100 - value) < 0.0005 + 1e-9
            }
            if column.hasSuffix("_at") || column == "date" {
                return field.hasPrefix(shown.replacingOccurrences(of: " ", with: "T")) || field.hasPrefix(shown)
            }
            return shown == field || "'" + shown == field
        }
        for (sheet, file) in [
            ("Summary", "summary.csv"), ("Daily", "daily.csv"), ("Approvals", "approvals.csv"), ("Apps", "apps.csv"),
        ] {
            let records = try readCSV(out + "/weekly-2026-W47/" + file)
            let table = try #require(page.tables[sheet])
            let rows = table.rows + (table.total.map { [$0] } ?? [])
            #expect(rows.count == records.count - 1, "\(sheet)")
            for (row, record) in zip(rows, records.dropFirst()) {
                for (i, column) in table.columns.enumerated() {
                    let field = record[records[0].firstIndex(of: column)!]
                    #expect(agree(row[i], field, column: column), "\(sheet) \(column): \(row[i]) vs \(field)")
                }
            }
        }
        let summary = try readCSV(out + "/weekly-2026-W47/summary.csv")
        let total = summary.last!
        #expect(
            page.figures.map(\.title) == [
                "Submissions", "Approval rate", "Median time to decision", "Approvals pending now",
                "Apps expired or expiring within 14 days",
            ])
        #expect(page.figures[0].value == total[1])
        #expect(
            agree(page.figures[1].value, total[summary[0].firstIndex(of: "approval_rate")!], column: "approval_rate"))
        #expect(page.figures[2].value == "1 h 00 min", "ops' decisions took an hour")
        #expect(
            page.tables["Summary"]?.titles.first == "App"
                && page.tables["Summary"]?.columns.contains("succeeded") == false,
            "people's headers; the collapsed columns stay in the workbook")
    }

    @Test func chromiumRendersThePageAsAPictureWithContent() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let output = try make(w, period: week, out: out)
        let png = out + "/page.png"
        // Chromium logs its missing desktop services on stderr: kept out of the test's output.
        let shot = try run([
            "sh", "-c", "exec \"$@\" 2>/dev/null", "chromium", "chromium", "--headless", "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars", "--window-size=1280,800", "--user-data-dir=" + out + "/profile", "--screenshot=" + png,
            "file://" + output.html!,
        ])
        #expect(shot.status == 0)
        // Not blank: the cover's ink (title, header band) and a good share of non-white pixels.
        let script = """
            import sys
            from PIL import Image
            image = Image.open(sys.argv[1]).convert("RGB")
            pixels = list(image.getdata())
            inked = sum(1 for r, g, b in pixels if r < 235 or g < 235 or b < 235)
            navy = sum(1 for r, g, b in pixels if abs(r - 0x1f) < 12 and abs(g - 0x38) < 12 and abs(b - 0x64) < 12)
            print(image.size[0], image.size[1], round(inked / len(pixels), 3), navy)
            """
        let measured = try run(["python3", "-c", script, png]).output.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(measured.count == 4, "\(measured)")
        #expect(measured[0] == 1280 && measured[1] == 800)
        #expect(measured[2] > 0.05, "share of inked pixels: \(measured[2])")
        #expect(measured[3] > 2000, "navy pixels of the title and the header band: \(measured[3])")
    }

    @Test func titlesAndFiguresReadAsPeopleWriteThem() {
        #expect(ReportContent.readableTitle("pending_age_s") == "Pending age")
        #expect(ReportContent.readableTitle("app_id") == "App")
        #expect(ReportContent.readableTitle("submitted_at") == "Submitted at")
        #expect(ReportContent.readableTitle("weird") == "Weird")
        #expect(CellText.headline(26_495.8, format: .seconds) == "7 h 21 min")
        #expect(CellText.headline(725, format: .seconds) == "12 min")
        #expect(CellText.headline(0.69712, format: .rate) == "69.7%")
        #expect(CellText.headline(12_345, format: .integer) == "12,345")
        #expect(CellText.headline(nil, format: .rate) == "none")
        #expect(CellText.change(414, 425, format: .integer, against: "2026-W46") == "-11 (-2.6%) vs 2026-W46")
        #expect(CellText.change(12, 0, format: .integer, against: "2026-W46") == "+12 vs none in 2026-W46")
        #expect(CellText.change(7, 7, format: .integer, against: "2026-W46") == "same as 2026-W46")
        #expect(CellText.change(0.697, 0.676, format: .rate, against: "2026-W46") == "+2.1 pts vs 2026-W46")
        #expect(CellText.change(0.5, nil, format: .rate, against: "2026-W46") == "none in 2026-W46")
        #expect(CellText.change(21_367, 36_907, format: .seconds, against: "2026-W46") == "-4 h 19 min vs 2026-W46")
        #expect(CellText.cell(.null, format: .text, blank: "(no approver recorded)") == "(no approver recorded)")
        #expect(CellText.cell(.real(33_328.4), format: .seconds) == "9:15:28")
        #expect(
            Period(from: instant("2026-11-03T00:00:00Z"), to: instant("2026-11-13T00:00:00Z")).readableLabel
                == "2026-11-03 to 2026-11-12")
        #expect(
            Period(from: instant("2026-11-03T00:00:00Z"), to: instant("2026-11-13T00:00:00Z")).previous.shortName
                == "the 10 days before")
        #expect(Period.calendarMonth(year: 2026, month: 2)!.readableLabel == "2026-02 (2026-02-01 to 2026-02-28)")
        #expect(Period.isoWeek("2026-W53")!.readableLabel == "2026-W53 (2026-12-28 to 2027-01-03)")
    }

    /// What libxlsxwriter prints becomes a warning; another thread's progress line caught meanwhile goes on as it was.
    @Test func libraryLinesAreKeptApartFromOtherOutput() {
        let printed =
            "[WARNING]: worksheet_insert_chart(): chart must have a series\nsync 3 of 13\n[ERROR][worksheet.c:42]: bad\n\rreport 3/13"
        let (library, other) = StandardErrorCapture.split(printed)
        #expect(
            library == "[WARNING]: worksheet_insert_chart(): chart must have a series\n[ERROR][worksheet.c:42]: bad\n")
        #expect(other == "sync 3 of 13\n\rreport 3/13")
        #expect(StandardErrorCapture.oneLine(library) == "worksheet_insert_chart(): chart must have a series; bad")
    }

    /// A page to mail shows the first 100 rows of a table and says where the rest are.
    @Test func theMailedPageShowsAHundredRowsOfALongTable() throws {
        let column = ReportContent.Column(
            name: "execution_id", title: "Execution", format: nil, blank: nil, collapsed: false, source: 0)
        let rows = (0..<150).map { [Cell.text("e\($0)")] }
        let table = ReportContent.Table(
            sheet: "Pending", caption: "Pending", columns: [column], rows: rows, total: nil, note: nil,
            chart: nil, chartPosition: .below)
        let content = ReportContent(
            title: "T", period: week, periodLine: week.readableLabel, madeLine: "made", notice: nil,
            figures: [], tables: [table])
        let path = temporaryFolder() + "/page.html"
        try ReportHTML.render(content).write(toFile: path, atomically: true, encoding: .utf8)
        let page = try HTMLReadBack.read(path)
        #expect(page.tables["Pending"]?.rows.count == 100 && page.tables["Pending"]?.rows.last == ["e99"])
        #expect(
            try String(contentsOfFile: path, encoding: .utf8).contains(
                "The first 100 of 150 rows; the workbook's sheet Pending has them all."))
    }
}
