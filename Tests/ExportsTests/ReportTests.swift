import Analysis
import AppTrailModel
@testable import Exports
import Foundation
import Testing
import Warehouse

typealias ReadBack = XLSXWorkbookTests.ReadBack

/// A CSV file's records, parsed by Python's csv module.
func readCSV(_ path: String) throws -> [[String]] {
    let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f: print(json.dumps(list(csv.reader(f))))"
    let r = try run(["python3", "-c", script, path])
    return try JSONDecoder().decode([[String]].self, from: Data(r.output.utf8))
}

@Suite struct ReportTests {
    let week = Period.isoWeek("2026-W47")!

    func makeReport(_ w: Warehouse, format: ReportRun.Format = .all, out: String) throws -> ReportRun.Output {
        var options = ReportRun.Options(period: week, asOf: week.to)
        options.format = format
        options.out = out
        return try ReportRun.run(try ReportDefinition.load(path: repository + "/reports/weekly.yaml"), queries: queries, warehouse: w, options: options)
    }

    /// A workbook cell against its CSV field: the same figure at the CSV's places, the same instant to the
    /// millisecond, the same text (the CSV's neutralised with a leading ').
    func agree(_ cell: XLSXWorkbookTests.CellValue, _ field: String, column: String) -> Bool {
        switch cell {
        case .null: return field.isEmpty
        case .number(let x):
            guard let y = Double(field) else { return false }
            return CSV.numberText(x, places: CSV.places(forColumn: column)) == CSV.numberText(y, places: CSV.places(forColumn: column))
        case .string(let s):
            if s == field || "'" + s == field { return true }
            // Dates come back as ISO without the zone: 2026-11-30T00:00:00(.123000).
            if let a = Instant(iso: s + "Z"), let b = Instant(iso: field) { return a.micros / 1000 == b.micros / 1000 }
            return false
        case .bool: return false
        }
    }

    @Test func theWeeklyWorkbookEqualsItsCSVsWithFormatsFiltersAndCharts() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let output = try makeReport(w, out: out)
        #expect(output.workbook == out + "/weekly-2026-W47.xlsx" && output.csvFolder == out + "/weekly-2026-W47")
        var exportOptions = AuditExport.Options()
        exportOptions.from = week.from
        exportOptions.to = week.to
        exportOptions.out = out + "/audit"
        _ = try AuditExport.run(warehouse: w, catalog: queries, options: exportOptions, version: "1", now: week.to)

        let book = try ReadBack.full(output.workbook!)
        let visible = book.sheets.filter { $0.state == "visible" }
        #expect(visible.map(\.name) == ["Summary", "Daily", "Approvals", "Apps", "a_b", "a_b (2)", "ops_.._.._evil app"])
        #expect(book.sheets.filter { $0.state == "hidden" }.map(\.name) == ["Summary chart", "Daily chart"])

        let csvOf = ["Summary": out + "/weekly-2026-W47/summary.csv", "Daily": out + "/weekly-2026-W47/daily.csv",
                     "Approvals": out + "/weekly-2026-W47/approvals.csv", "Apps": out + "/weekly-2026-W47/apps.csv",
                     "a_b": out + "/audit/a_b.csv", "a_b (2)": out + "/audit/a_b-2.csv", "ops_.._.._evil app": out + "/audit/ops_.._.._evil_app.csv"]
        for sheet in visible {
            let records = try readCSV(csvOf[sheet.name]!)
            #expect(sheet.rows.count == records.count, "\(sheet.name)")
            #expect(sheet.rows.first?.map(\.description) == records.first?.map { "\"\($0)\"" }, "\(sheet.name) header")
            for (r, (row, record)) in zip(sheet.rows, records).enumerated().dropFirst() {
                for (c, (cell, field)) in zip(row, record).enumerated() {
                    #expect(agree(cell, field, column: records[0][c]), "\(sheet.name) row \(r) \(records[0][c]): \(cell) vs \(field)")
                }
            }
            #expect(sheet.freezePanes == "A2", "\(sheet.name)")
            let lastColumn = String(UnicodeScalar(UInt8(64 + records[0].count)))
            #expect(sheet.autoFilter == "A1:\(lastColumn)\(records.count)", "\(sheet.name)")
            #expect(sheet.bold.first?.allSatisfy { $0 } == true, "\(sheet.name): bold header")
            #expect(sheet.types.joined().allSatisfy { $0 != "f" }, "\(sheet.name): no formula anywhere")
            // Widths fit the content: at least the header's length, which the script reads back per column letter.
            for (c, name) in records[0].enumerated() {
                let letter = String(UnicodeScalar(UInt8(65 + c)))
                #expect((sheet.columnWidths[letter] ?? 0) >= Double(name.count), "\(sheet.name) \(name) width")
            }
        }

        let summary = visible[0]
        let header = try readCSV(csvOf["Summary"]!)[0]
        func format(_ column: String, row: Int = 1) -> String { summary.formats[row][header.firstIndex(of: column)!] }
        #expect(format("approval_rate", row: 3) == "0.0%", "ops, the app with decisions, is the third row")
        #expect(format("duration_p50_s") == "[h]:mm:ss" && format("decision_p90_s", row: 3) == "[h]:mm:ss")
        #expect(visible[1].formats[1][0] == "yyyy-mm-dd", "Daily's date is a real date")
        let audit = visible[6]
        let auditHeader = try readCSV(csvOf["ops_.._.._evil app"]!)[0]
        #expect(audit.formats[1][auditHeader.firstIndex(of: "submitted_at")!] == "yyyy-mm-dd hh:mm:ss.000")
        #expect(audit.types[1][auditHeader.firstIndex(of: "submitted_by")!] == "s")
        #expect(audit.rows.dropFirst().contains { $0[auditHeader.firstIndex(of: "submitted_by")!] == .string("=cmd|' /C calc'!A0") },
                "text that looks like a formula is kept as text in the workbook")

        #expect(summary.charts.count == 1 && summary.charts[0].type == "BarChart" && summary.charts[0].barDir == "col")
        #expect(summary.charts[0].series.map(\.values) == ["'Summary chart'!$B$2:$B$4"], "three apps, TOTAL left out")
        let daily = visible[1]
        #expect(daily.charts.count == 1 && daily.charts[0].type == "LineChart")
        #expect(daily.charts[0].series.map(\.name) == ["a/b", "a_b", "ops/../../evil app"], "a line per app")
        #expect(daily.charts[0].series.map(\.categories) == Array(repeating: "'Daily chart'!$A$2:$A$8", count: 3), "seven days")
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
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["weekly-2026-W47"], "no staging folder left")
        #expect(String(decoding: before[2], as: UTF8.self) == """
            app_id,decided_by,approved,rejected,decision_p50_s,decision_p90_s\r
            ops/../../evil app,'-alice,9,0,3600.000,3600.000\r

            """)
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
        #expect(problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    colour: red\n")
                == "r.yaml:5: unknown key 'colour' in a sheet; expected: sheet, query, csv, params, columns, chart")
        #expect(problem("name: x\nsheets: [\n") .hasPrefix("r.yaml:3: not valid YAML: "))
        #expect(problem("name: x\nperiod: fortnight\nsheets:\n  - {sheet: A, query: summary}\n") == "r.yaml:2: period must be week or month, not 'fortnight'")
        #expect(problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    columns: {x: money}\n")
                == "r.yaml:5: column x: unknown format 'money'; expected: text, integer, number, seconds, rate, datetime, date")
        #expect(problem("name: x\nsheets:\n  - {sheet: A, query: summary, csv: ../a.csv}\n") == "r.yaml:3: csv must be a file name ending in .csv, not '../a.csv'")
        #expect(problem("name: x\nsheets:\n  - {sheet: A, query: summary}\n  - {sheet: a, query: daily}\n") == "r.yaml:4: two sheets are named 'a'")
        #expect(problem("name: x\nsheets:\n  - sheet: A\n    query: summary\n    chart: {type: pie, categories: a, values: b}\n")
                == "r.yaml:5: chart type must be column or line, not 'pie'")
        #expect(problem("name: x\nsheets: []\n") == "r.yaml:2: 'sheets' must list at least one sheet")

        // What only running finds: an unknown query, a parameter without a value, a chart of a missing column.
        let w = try hostileWarehouse()
        func runProblem(_ yaml: String) -> String {
            let path = dir + "/run.yaml"
            try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
            var options = ReportRun.Options(period: week, asOf: week.to)
            options.out = dir + "/out"
            do {
                _ = try ReportRun.run(try ReportDefinition.load(path: path), queries: queries, warehouse: w, options: options)
                return "made"
            } catch let error as ExportError {
                #expect(error.exitCode.rawValue == 78)
                return error.description.replacingOccurrences(of: dir + "/", with: "")
            } catch {
                return "\(error)"
            }
        }
        #expect(runProblem("name: x\nsheets:\n  - sheet: A\n    query: summry\n").hasPrefix("run.yaml:4: unknown query 'summry'; available: approvals, apps, audit, daily"))
        #expect(runProblem("name: x\nsheets:\n  - sheet: A\n    query: top_submitters\n")
                == "run.yaml:4: query top_submitters needs --param limit=VALUE; it declares: from, to, limit (give it under 'params')")
        #expect(runProblem("name: x\nsheets:\n  - sheet: A\n    query: daily\n    chart: {type: line, categories: day, values: submissions}\n")
                == "run.yaml:5: chart of sheet A: no column 'day'; the query gives: date, app_id, submissions, approved, rejected")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").isEmpty, "a failed report leaves no file")
    }
}
