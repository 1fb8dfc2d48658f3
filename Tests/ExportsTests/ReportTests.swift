import Analysis
import AppTrailModel
import AppTrailTestSupport
import Foundation
import Testing
import Warehouse

@testable import Exports

typealias ReadBack = XLSXWorkbookTests.ReadBack

/// A CSV file's records, parsed by Python's csv module.
func readCSV(_ path: String) throws -> [[String]] {
    let script =
        "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(json.dumps(list(csv.reader(f))))"
    let r = try run(["python3", "-c", script, path])
    return try JSONDecoder().decode([[String]].self, from: Data(r.output.utf8))
}

@Suite struct ReportTests {
    let week = Period.isoWeek("2026-W47")!

    func makeReport(_ w: Warehouse, format: ReportRun.Format = .all, out: String) throws -> ReportRun.Output {
        var options = ReportRun.Options(period: week, asOf: week.to, generatedAt: instant("2026-11-23T06:00:00Z"))
        options.source = ReportContent.Source(
            server: "https://kestra.example.com", tenant: "main", lastSync: instant("2026-11-23T05:55:00Z"))
        options.format = format
        options.out = out
        return try ReportRun.run(
            try ReportDefinition.load(path: repository + "/reports/weekly.yaml"), queries: queries, warehouse: w,
            options: options)
    }

    /// A workbook cell against its CSV field: the same figure at the CSV's places, the same instant to the
    /// millisecond, the same text (the CSV's neutralised with a leading ').
    func agree(_ cell: XLSXWorkbookTests.CellValue, _ field: String, column: String) -> Bool {
        switch cell {
        case .null: return field.isEmpty
        case .number(let x):
            guard let y = Double(field) else { return false }
            return CSV.numberText(x, places: CSV.places(forColumn: column))
                == CSV.numberText(y, places: CSV.places(forColumn: column))
        case .string(let s):
            if s == field || "'" + s == field { return true }
            // Dates come back as ISO without the zone: 2026-11-30T00:00:00(.123000).
            if let a = Instant(iso: s + "Z"), let b = Instant(iso: field) { return a.micros / 1000 == b.micros / 1000 }
            return false
        case .bool: return false
        }
    }

    /// The title a workbook header shows for a query's column, as the report file gives it or by default.
    func title(_ column: String, in columns: ReportDefinition.Columns) -> String {
        columns[column]?.title ?? ReportContent.readableTitle(column)
    }

    @Test func theWeeklyWorkbookEqualsItsCSVsWithHumanHeadersFormatsFiltersAndCharts() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let output = try makeReport(w, out: out)
        #expect(output.workbook == out + "/weekly-2026-W47.xlsx" && output.csvFolder == out + "/weekly-2026-W47")
        var exportOptions = AuditExport.Options()
        exportOptions.from = week.from
        exportOptions.to = week.to
        exportOptions.out = out + "/audit"
        _ = try AuditExport.run(warehouse: w, catalog: queries, options: exportOptions, version: "1", now: week.to)
        let definition = try ReportDefinition.load(path: repository + "/reports/weekly.yaml")

        let book = try ReadBack.full(output.workbook!)
        let visible = book.sheets.filter { $0.state == "visible" }
        #expect(
            visible.map(\.name) == [
                "Summary", "Daily", "Approvals", "Apps", "Pending", "a_b", "a_b (2)", "ops_.._.._evil app",
            ])
        #expect(book.sheets.filter { $0.state == "hidden" }.map(\.name) == ["Summary chart", "Daily chart"])
        #expect(visible.map(\.active) == [true] + Array(repeating: false, count: 7), "the workbook opens on the cover")

        let csvOf = [
            "Summary": out + "/weekly-2026-W47/summary.csv", "Daily": out + "/weekly-2026-W47/daily.csv",
            "Approvals": out + "/weekly-2026-W47/approvals.csv", "Apps": out + "/weekly-2026-W47/apps.csv",
            "a_b": out + "/audit/a_b.csv", "a_b (2)": out + "/audit/a_b-2.csv",
            "ops_.._.._evil app": out + "/audit/ops_.._.._evil_app.csv",
        ]
        let columnsOf = Dictionary(uniqueKeysWithValues: definition.sheets.map { ($0.name, $0.columns) })
        for sheet in visible where csvOf[sheet.name] != nil {
            let records = try readCSV(csvOf[sheet.name]!)
            let header = records[0]
            let columns = columnsOf[sheet.name] ?? definition.perApp!.columns
            // The cover's table starts under the headline figures; the other sheets' under a caption line.
            let top = try #require(
                sheet.rows.firstIndex {
                    $0.first == .string(title(header[0], in: columns))
                        || $0.first == .string(title("submitted_at", in: columns))
                })
            let titles = sheet.rows[top].compactMap { cell -> String? in
                if case .string(let s) = cell { s } else { nil }
            }
            // Human headers in the workbook, machine names in the CSV: the same columns, each once.
            #expect(Set(titles) == Set(header.map { title($0, in: columns) }), "\(sheet.name) headers: \(titles)")
            #expect(
                !titles.contains { $0.contains("_") && $0 != "App" },
                "\(sheet.name): no identifier as a header: \(titles)")
            let position = Dictionary(
                uniqueKeysWithValues: header.map { name in (name, titles.firstIndex(of: title(name, in: columns))!) })
            let dataRows = Array(sheet.rows[(top + 1)...].prefix(records.count - 1))
            for (r, (row, record)) in zip(dataRows, records.dropFirst()).enumerated() {
                for (c, field) in record.enumerated() {
                    let name = header[c]
                    var cell = row[position[name]!]
                    if case .string(let shown) = cell, field.isEmpty, shown == columns[name]?.blank { cell = .null }
                    #expect(agree(cell, field, column: name), "\(sheet.name) row \(r + 1) \(name): \(cell) vs \(field)")
                }
            }
            #expect(sheet.freezePanes == "A\(top + 2)", "\(sheet.name)")
            #expect(sheet.types.joined().allSatisfy { $0 != "f" }, "\(sheet.name): no formula anywhere")
            if top < sheet.bold.count {
                #expect(sheet.bold[top].prefix(titles.count).allSatisfy { $0 }, "\(sheet.name): bold header")
            }
        }

        // The cover: title, period and source lines, the headline figures, the table with its TOTAL apart.
        let summary = visible[0]
        #expect(summary.rows[0].first == .string("Kestra apps: weekly report"))
        guard case .string(let second) = summary.rows[1].first else {
            Issue.record("no period line")
            return
        }
        #expect(
            second
                == "2026-W47 (2026-11-16 to 2026-11-22)  ·  made 2026-11-23 06:00 UTC from https://kestra.example.com, tenant main; last sync 2026-11-23 05:55 UTC"
        )
        let records = try readCSV(csvOf["Summary"]!)
        let total = try #require(records.last)
        #expect(total[0] == "TOTAL")
        func csv(_ column: String) -> Double? { Double(total[records[0].firstIndex(of: column)!]) }
        #expect(summary.rows[3][0] == .number(csv("submissions")!), "headline submissions = TOTAL submissions")
        #expect(summary.rows[4][0] == .string("Submissions") && summary.rows[4][2] == .string("Approval rate"))
        guard case .number(let rate) = summary.rows[3][2], case .number(let median) = summary.rows[3][4] else {
            Issue.record("headline: \(summary.rows[3])")
            return
        }
        #expect(abs(rate - csv("approval_rate")!) < 1e-4 && abs(median - csv("decision_p50_s")!) < 1e-3)
        #expect(summary.rows[3][6] == .number(0), "nothing pends in the hostile warehouse")
        #expect(summary.merged.contains("A4:B4") && summary.merged.contains("A5:B5"), "\(summary.merged)")
        let top = 7
        let totalRow = top + records.count - 1
        #expect(summary.rows[totalRow][0] == .string("TOTAL"))
        #expect(
            summary.bold[totalRow].prefix(11).allSatisfy { $0 }
                && summary.topRule[totalRow].prefix(11).allSatisfy { $0 },
            "the TOTAL row is bold, with a rule above")
        #expect(!summary.bold[totalRow - 1][0], "an app row is not")
        #expect(
            summary.autoFilter == "A\(top + 1):T\(totalRow)",
            "the filter ends above the TOTAL row: \(summary.autoFilter ?? "none")")
        #expect(
            summary.hiddenColumns == ["L", "M", "N", "O", "P", "Q", "R", "S", "T"], "the detail columns are collapsed")
        #expect(summary.rows[totalRow + 2].first == .string(definition.sheets[0].note!))
        let header = summary.rows[top]
        func format(_ title: String, row: Int) -> String {
            summary.formats[row][header.firstIndex(of: .string(title))!]
        }
        #expect(format("Approval rate", row: top + 3) == "0.0%", "ops, the app with decisions, is the third row")
        #expect(
            format("Median run time", row: top + 1) == "[h]:mm:ss"
                && format("Median time to decision", row: top + 3) == "[h]:mm:ss")
        // No app of this warehouse has a definition, so no expiry: the TOTAL row's ruled empty cells show the format.
        #expect(format("Expires on", row: totalRow) == "yyyy-mm-dd", "an expiry is a day")
        #expect(visible[1].formats[2][0] == "yyyy-mm-dd", "Daily's date is a real date")

        // Charts on the first screen: within columns A-L and the first 45 rows.
        #expect(summary.charts.count == 1 && summary.charts[0].type == "BarChart" && summary.charts[0].barDir == "bar")
        #expect(summary.charts[0].series.map(\.values) == ["'Summary chart'!$B$2:$B$4"], "three apps, TOTAL left out")
        let daily = visible[1]
        #expect(daily.charts.count == 1 && daily.charts[0].type == "LineChart")
        #expect(daily.charts[0].series.map(\.name) == ["a/b", "a_b", "ops/../../evil app"], "a line per app")
        #expect(
            daily.charts[0].series.map(\.categories) == Array(repeating: "'Daily chart'!$A$2:$A$8", count: 3),
            "seven days")
        for chart in summary.charts + daily.charts {
            let anchor = try #require(chart.anchor)
            #expect(anchor.col < 12 && anchor.row < 45, "\(chart.type) at \(anchor)")
        }

        // Every sheet prints landscape, one page wide, its header on every page, with the report in the footer.
        for sheet in visible {
            let setup = sheet.pageSetup
            let top = sheet.name == "Summary" ? 7 : 1
            #expect(
                setup.orientation == "landscape" && setup.fitToPage && (setup.fitToWidth ?? 1) == 1
                    && setup.fitToHeight == 0, "\(sheet.name)")
            #expect(
                setup.printTitleRows == "$\(top + 1):$\(top + 1)", "\(sheet.name): \(setup.printTitleRows ?? "none")")
            #expect(
                setup.footer == "Kestra apps: weekly report, 2026-W47" && setup.footerRight == "Page &P of &N",
                "\(sheet.name)")
        }

        // Per-app sheets open on what a manager looks for; the JSON and the history come last.
        let audit = visible[7]
        #expect(
            audit.rows[0].first
                == .string("ops/../../evil app: executions submitted, 2026-W47 (2026-11-16 to 2026-11-22)"))
        let people: [XLSXWorkbookTests.CellValue] = [
            "Submitted", "State", "Decision", "Decided by", "Time to decision", "Run time", "Submitted by",
        ].map { .string($0) }
        let auditors: [XLSXWorkbookTests.CellValue] = ["Inputs (JSON)", "Labels (JSON)", "State history"].map {
            .string($0)
        }
        #expect(Array(audit.rows[1].prefix(7)) == people)
        #expect(Array(audit.rows[1].suffix(3)) == auditors)
        #expect(audit.formats[2][0] == "yyyy-mm-dd hh:mm:ss")
        #expect(audit.types[2][6] == "s")
        #expect(
            audit.rows.dropFirst(2).contains { $0[6] == .string("=cmd|' /C calc'!A0") },
            "text that looks like a formula is kept as text in the workbook")
    }

    @Test func theCSVFolderIsByteIdenticalWhenMadeAgain() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let first = try makeReport(w, format: .csv, out: out)
        #expect(first.workbook == nil)
        let files = ["summary.csv", "daily.csv", "approvals.csv", "apps.csv"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.csvFolder!).sorted() == files.sorted())
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: first.csvFolder! + "/" + $0)) }
        _ = try makeReport(w, format: .csv, out: out)
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: first.csvFolder! + "/" + $0)) } == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out) == ["weekly-2026-W47"], "no staging folder left")
        #expect(
            String(decoding: before[2], as: UTF8.self) == """
                app_id,decided_by,approved,rejected,decision_p50_s,decision_p90_s\r
                ops/../../evil app,'-alice,9,0,3600.000,3600.000\r

                """)
    }

    @Test func builtInReportsServeEveryNameAndErrorsInThemNameThem() throws {
        let builtIn = ReportCatalog(folders: [])
        #expect(builtIn.names == ["monthly", "weekly"])
        let weekly = try builtIn.report("weekly")
        #expect(weekly.path == "built-in:reports/weekly.yaml")
        #expect(
            weekly == (try ReportCatalog(directory: repository + "/reports").report("weekly")).with(path: weekly.path))
        #expect(!weekly.description.isEmpty)
        let broken = ReportCatalog(folders: [], builtIn: ["broken": "name: broken\n"])
        #expect(
            throws: ExportError.badReport(
                path: "built-in:reports/broken.yaml", line: 1, message: "'sheets' must list at least one sheet")
        ) {
            _ = try broken.report("broken")
        }
        // A folder's file wins over the built-in one of its name.
        let folder = temporaryFolder()
        try "name: weekly\nsheets:\n  - sheet: S\n    query: summary\n".write(
            toFile: folder + "/weekly.yaml", atomically: true, encoding: .utf8)
        #expect(try ReportCatalog(directory: folder).report("weekly").sheets.map(\.name) == ["S"])
        #expect(
            ReportCatalog(directory: folder).definitions.entries.map(\.source) == ["built-in", folder + "/weekly.yaml"])
    }

    @Test func badReportFilesNameTheFileTheLineAndTheProblem() throws {
        let dir = temporaryFolder()
        func problem(_ yaml: String) -> String {
            let path = dir + "/r.yaml"
            try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try ReportDefinition.load(path: path)
                return "accepted"
            } catch {
                #expect(error.exitCode.rawValue == 78)
                return error.description.replacingOccurrences(of: dir + "/", with: "")
            }
        }
        #expect(
            problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    colour: red\n")
                == "r.yaml:5: unknown key 'colour' in a sheet; expected: sheet, title, query, csv, params, columns, other_columns, total, note, chart"
        )
        #expect(problem("name: x\nsheets: [\n").hasPrefix("r.yaml:3: not valid YAML: "))
        #expect(
            problem("name: x\nperiod: fortnight\nsheets:\n  - {sheet: A, query: summary}\n")
                == "r.yaml:2: period must be week or month, not 'fortnight'")
        #expect(
            problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    columns: {x: {format: money}}\n")
                == "r.yaml:5: column x: unknown format 'money'; expected: text, integer, number, seconds, rate, datetime, date"
        )
        #expect(
            problem("name: x\nsheets:\n  - {sheet: A, query: summary, csv: ../a.csv}\n")
                == "r.yaml:3: csv must be a file name ending in .csv, not '../a.csv'")
        #expect(
            problem("name: x\nsheets:\n  - {sheet: A, query: summary}\n  - {sheet: a, query: daily}\n")
                == "r.yaml:4: two sheets are named 'a'")
        #expect(
            problem(
                "name: x\nsheets:\n  - sheet: A\n    query: summary\n    chart: {type: pie, categories: a, values: b}\n"
            )
                == "r.yaml:5: chart type must be column, bar or line, not 'pie'")
        #expect(
            problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    columns: {x: {title: X, colour: red}}\n")
                == "r.yaml:5: unknown key 'colour' in column x; expected: title, format, blank, collapsed")
        #expect(
            problem("name: x\nheadline: {query: headline, figures: []}\nsheets:\n  - {sheet: A, query: summary}\n")
                == "r.yaml:2: 'figures' must list at least one figure")
        #expect(problem("name: x\nsheets: []\n") == "r.yaml:2: 'sheets' must list at least one sheet")

        // What only running finds: an unknown query, a parameter without a value, a chart of a missing column.
        let w = try hostileWarehouse()
        func runProblem(_ yaml: String) -> String {
            let path = dir + "/run.yaml"
            try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
            var options = ReportRun.Options(period: week, asOf: week.to)
            options.out = dir + "/out"
            do {
                _ = try ReportRun.run(
                    try ReportDefinition.load(path: path), queries: queries, warehouse: w, options: options)
                return "made"
            } catch let error as ExportError {
                #expect(error.exitCode.rawValue == 78)
                return error.description.replacingOccurrences(of: dir + "/", with: "")
            } catch {
                return "\(error)"
            }
        }
        #expect(
            runProblem("name: x\nsheets:\n  - sheet: A\n    query: summry\n").hasPrefix(
                "run.yaml:4: unknown query 'summry'; did you mean 'summary'?"))
        #expect(
            runProblem("name: x\nsheets:\n  - sheet: A\n    query: daily\n    columns: {day: Day}\n")
                == "run.yaml:4: sheet A: no column 'day' to list; the query gives: date, app_id, submissions, approved, rejected"
        )
        #expect(
            runProblem("name: x\nsheets:\n  - sheet: A\n    query: top_submitters\n")
                == "run.yaml:4: query top_submitters needs --param limit=VALUE; it declares: from, to, limit (give it under 'params')"
        )
        #expect(
            runProblem(
                "name: x\nsheets:\n  - sheet: A\n    query: daily\n    chart: {type: line, categories: day, values: submissions}\n"
            )
                == "run.yaml:5: chart of sheet A: no column 'day'; the query gives: date, app_id, submissions, approved, rejected"
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/out").isEmpty, "a failed report leaves no file")
    }
}

extension ReportDefinition {
    /// The same definition, read from another place.
    func with(path: String) -> ReportDefinition {
        var copy = self
        copy.path = path
        return copy
    }
}
