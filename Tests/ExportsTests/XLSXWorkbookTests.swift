@testable import Exports
import Foundation
import Testing

/// Workbooks written through `XLSXWorkbook` and read back by openpyxl (scripts/read_xlsx.py).
@Suite struct XLSXWorkbookTests {
    static let dateStyle = XLSXStyle(numberFormat: "yyyy-mm-dd hh:mm:ss.000")
    static let durationStyle = XLSXStyle(numberFormat: "[h]:mm:ss")
    static let rateStyle = XLSXStyle(numberFormat: "0.0%")
    static let bold = XLSXStyle(bold: true)
    /// 2024-03-15T13:45:07.123Z.
    static let instant: Int64 = 1_710_510_307_123_000

    static let tricky = [
        "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
        "tab\there\r\nCR LF \"quoted\" 'single' Zürich ✓ 日本",
        "_x0041_ is not A", "\u{1}control", "🙂 outside the BMP",
    ]

    @Test(arguments: [true, false])
    func twoSheetsReadBack(constantMemory: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("two.xlsx")
        let workbook = try XLSXWorkbook(path: path, constantMemory: constantMemory)
        let data = try workbook.addSheet("Data")
        for (column, title) in ["Text", "When", "Duration", "Rate", "Count"].enumerated() {
            data.write(title, row: 0, column: column, style: Self.bold)
        }
        for (index, text) in Self.tricky.enumerated() {
            let row = index + 1
            // In constant memory a filter cannot end before the latest row: set it on reaching its end.
            if row == 4 { data.autofilter(firstRow: 0, firstColumn: 0, lastRow: 3, lastColumn: 2) }
            data.write(text, row: row, column: 0)
            data.write(excelSerial(microsSinceEpoch: Self.instant + Int64(index) * 86_400_000_000),
                       row: row, column: 1, style: Self.dateStyle)
            data.write((3723.5 + Double(index)) / 86_400, row: row, column: 2, style: Self.durationStyle)
            data.write(0.256, row: row, column: 3, style: Self.rateStyle)
            data.write(Double(index * 1000), row: row, column: 4, style: XLSXStyle(numberFormat: "0"))
        }
        // The exporters' fast path: bytes straight from a C string.
        let fromC = "from C: =1+1 ✓"
        fromC.withCString { data.write(cString: $0, length: fromC.utf8.count, row: 9, column: 0) }
        data.freezePanes(row: 1, column: 0)
        // After the rows, as the exporters do: column widths are kept apart and written at close.
        let widths = [30.0, 24.0, 12.5, 8.0, 6.0]
        for (column, width) in widths.enumerated() { data.setColumn(column, width: width) }

        let other = try workbook.addSheet("Other")
        other.write("value", row: 0, column: 0, style: Self.bold)
        for (row, number) in [1.5, -2, 1e15, 0.001].enumerated() {
            other.write(number, row: row + 1, column: 0, style: XLSXStyle(numberFormat: "0.000"))
        }
        try workbook.close()

        let book = try ReadBack.full(path)
        #expect(book.sheets.map(\.name) == ["Data", "Other"])
        let sheet = book.sheets[0]
        #expect(sheet.rows.map { $0[0] } == (["Text"] + Self.tricky + [fromC]).map(CellValue.string))
        #expect(sheet.rows[0] == ["Text", "When", "Duration", "Rate", "Count"].map { .string($0) })
        #expect(sheet.rows[1][1] == .string("2024-03-15T13:45:07.123000"))
        #expect(sheet.rows[2][1] == .string("2024-03-16T13:45:07.123000"))
        if case .number(let seconds) = sheet.rows[1][2] {
            #expect(abs(seconds - 3723.5) < 0.001)
        } else {
            Issue.record("the duration reads back as \(sheet.rows[1][2]), not seconds")
        }
        #expect(sheet.rows[1][3] == .number(0.256))
        #expect(sheet.rows[3][4] == .number(2000))
        #expect(sheet.formats[0].allSatisfy { $0 == "General" })
        #expect(sheet.formats[1] == ["General", "yyyy-mm-dd hh:mm:ss.000", "[h]:mm:ss", "0.0%", "0"])
        #expect(sheet.bold[0] == [true, true, true, true, true])
        #expect(sheet.bold[1].allSatisfy { !$0 })
        #expect(sheet.types[0] == Array(repeating: "s", count: 5))
        for (row, types) in sheet.types.enumerated() {
            #expect(!types.contains("f"), "row \(row) has a formula")
            #expect(types[0] == "s", "row \(row), column A is not text")
        }
        #expect(sheet.freezePanes == "A2")
        #expect(sheet.autoFilter == "A1:C4")
        for (column, width) in widths.enumerated() {
            let letter = String(UnicodeScalar(UInt8(65 + column)))
            let read = try #require(sheet.columnWidths[letter], "no width for column \(letter)")
            // Excel pads by 0.71 and rounds to whole pixels (1/7 of a character) in between.
            let tolerance = width == width.rounded() ? 0.72 : 0.72 + 1.0 / 7
            #expect(read >= width && read - width <= tolerance, "column \(letter): set \(width), read \(read)")
        }
        let second = book.sheets[1]
        #expect(second.rows.map { $0[0] } == [.string("value"), .number(1.5), .number(-2), .number(1e15), .number(0.001)])
        #expect(second.formats[1] == ["0.000"])
        #expect(second.freezePanes == nil && second.autoFilter == nil)
    }

    @Test func columnAndLineCharts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("charts.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Chart Data")
        for (column, title) in ["Day", "Succeeded", "Failed"].enumerated() {
            sheet.write(title, row: 0, column: column, style: Self.bold)
        }
        for day in 1...5 {
            sheet.write("2024-03-0\(day)", row: day, column: 0)
            sheet.write(Double(day * 10), row: day, column: 1)
            sheet.write(Double(day), row: day, column: 2)
        }
        let column = workbook.addChart(.column)
        column.setTitle("Executions per day")
        column.setAxisNames(x: "Day", y: "Executions")
        let line = workbook.addChart(.line)
        line.setTitle("=SUM(A1)")  // literal text, not a reference
        line.setAxisNames(x: nil, y: "Count")
        for chart in [column, line] {
            for (index, name) in ["Succeeded", "Failed"].enumerated() {
                chart.addSeries(name: name, sheet: sheet.name,
                                categories: (1, 0, 5, 0), values: (1, index + 1, 5, index + 1))
            }
        }
        sheet.insert(column, row: 1, column: 4)
        sheet.insert(line, row: 18, column: 4)
        try workbook.close()

        let charts = try ReadBack.full(path).sheets[0].charts
        try #require(charts.count == 2)
        #expect(charts[0].type == "BarChart" && charts[0].barDir == "col")
        #expect(charts[1].type == "LineChart")
        #expect(charts[0].title == "Executions per day")
        #expect(charts[0].xTitle == "Day" && charts[0].yTitle == "Executions")
        #expect(charts[1].title == "\u{200B}=SUM(A1)")
        #expect(charts[1].xTitle == nil && charts[1].yTitle == "Count")
        for chart in charts {
            #expect(chart.series.count == 2)
            #expect(chart.series.map(\.name) == ["Succeeded", "Failed"])
            #expect(chart.series.map(\.categories) == ["'Chart Data'!$A$2:$A$6", "'Chart Data'!$A$2:$A$6"])
            #expect(chart.series.map(\.values) == ["'Chart Data'!$B$2:$B$6", "'Chart Data'!$C$2:$C$6"])
        }
    }

    @Test func sheetNamesAreMadeValid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("names.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let requested = [
            String(repeating: "abcdefghij", count: 4), "a[b]c:d*e?f/g\\h", "Data", "DATA", "data", "",
            String(repeating: "x", count: 31), String(repeating: "X", count: 40), "'quoted'",
        ]
        var names: [String] = []
        for name in requested {
            let sheet = try workbook.addSheet(name)
            sheet.write(name, row: 0, column: 0)
            names.append(sheet.name)
        }
        #expect(names == [
            "abcdefghijabcdefghijabcdefghija", "a_b_c_d_e_f_g_h", "Data", "DATA (2)", "data (3)", "Sheet",
            String(repeating: "x", count: 31), String(repeating: "X", count: 27) + " (2)", "quoted",
        ])
        try workbook.close()
        let read = try ReadBack.full(path)
        #expect(read.sheets.map(\.name) == names)
        #expect(read.sheets.map { $0.rows.first?.first ?? .null } == requested.map { $0.isEmpty ? .null : .string($0) })
    }

    @Test func validSheetNameRule() {
        let valid = XLSXWorkbook.validSheetName
        #expect(valid("Runs", []) == "Runs")
        #expect(valid("Runs", ["runs"]) == "Runs (2)")
        #expect(valid("Runs", ["runs", "runs (2)", "runs (3)"]) == "Runs (4)")
        #expect(valid("", []) == "Sheet")
        #expect(valid("''", []) == "Sheet")
        #expect(valid("", ["sheet"]) == "Sheet (2)")
        #expect(valid("it's", []) == "it's")
        #expect(valid("'a'b'", []) == "a'b")
        #expect(valid("[]:*?/\\", []) == "_______")
        #expect(valid("tab\there\nnewline", []) == "tab_here_newline")
        // 31 UTF-16 units: 15 emoji of 2 units each, never half of one.
        #expect(valid(String(repeating: "😀", count: 16), []) == String(repeating: "😀", count: 15))
        #expect(valid(String(repeating: "é", count: 40), []) == String(repeating: "é", count: 31))
        // Cut before an apostrophe that would end the name.
        #expect(valid(String(repeating: "a", count: 30) + "'b", []) == String(repeating: "a", count: 30))
        let long = String(repeating: "n", count: 31)
        #expect(valid(long, [long]) == String(repeating: "n", count: 27) + " (2)")
        let taken = Set((2...10).map { String(repeating: "n", count: $0 < 10 ? 27 : 26) + " (\($0))" } + [long])
        #expect(valid(long, taken) == String(repeating: "n", count: 26) + " (11)")
    }

    @Test func missingFolderIsAWorkbookError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("no such folder/out.xlsx")
        do {
            _ = try XLSXWorkbook(path: path)
            Issue.record("a workbook in a missing folder was accepted")
        } catch {
            guard case .workbook(let errorPath, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(reason == "No such file or directory")
            #expect(error.description.contains(path))
            #expect(error.exitCode.rawValue == 73)
        }
    }

    @Test func refusedWritesFailCloseAndWriteNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("refused.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        #expect(!FileManager.default.fileExists(atPath: path), "the probe left a file behind")
        let sheet = try workbook.addSheet("Rows")
        sheet.write("first", row: 0, column: 0)
        sheet.write("second", row: 1, column: 0)
        try workbook.check()
        sheet.write("late", row: 0, column: 1)  // constant memory: row 0 is gone
        sheet.write(1, row: 2, column: 20_000)  // later problems do not replace the first
        #expect(throws: ExportError.self) { try workbook.check() }
        do {
            try workbook.close()
            Issue.record("close accepted a refused write")
        } catch {
            #expect(error.description.contains("row 0, column 1"), "\(error)")
            #expect(error.description.contains("constant memory"), "\(error)")
            #expect(error.exitCode.rawValue == 73)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        // Closed: calls are ignored, a second close does nothing.
        sheet.write("after", row: 5, column: 0)
        try workbook.close()
        #expect(throws: ExportError.self) { _ = try workbook.addSheet("More") }
    }

    enum Misuse: String, CaseIterable, Sendable {
        case columnOutside, negativeRow, lateFilter, chartOfUnknownSheet, reversedRange, badWidth, longFormat

        /// Does the wrong thing to a sheet whose rows 0 and 1 are written; returns words of the error.
        func perform(on sheet: XLSXSheet, of workbook: XLSXWorkbook) -> String {
            switch self {
            case .columnOutside:
                sheet.write(1, row: 2, column: 20_000)
                return "row 2, column 20000 is outside Excel's"
            case .negativeRow:
                sheet.write("x", row: -1, column: 0)
                return "row -1, column 0 is outside"
            case .lateFilter:
                sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: 1)
                return "cannot filter rows 0...0 (constant memory: the range ends before row 1"
            case .chartOfUnknownSheet:
                workbook.addChart(.line).addSeries(name: "s", sheet: "Nowhere", categories: (0, 0, 1, 0), values: (0, 1, 1, 1))
                return "no sheet is named 'Nowhere'"
            case .reversedRange:
                workbook.addChart(.column).addSeries(name: "s", sheet: sheet.name, categories: (5, 0, 1, 0), values: (1, 1, 5, 1))
                return "a series range is outside the sheet or reversed"
            case .badWidth:
                sheet.setColumn(0, width: .nan)
                return "cannot give column 0 the width nan"
            case .longFormat:
                sheet.write(1, row: 2, column: 0, style: XLSXStyle(numberFormat: String(repeating: "0", count: 128)))
                return "is longer than 127 bytes"
            }
        }
    }

    @Test(arguments: Misuse.allCases)
    func misuseIsReportedAtClose(_ misuse: Misuse) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("misuse.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Rows")
        sheet.write("first", row: 0, column: 0)
        sheet.write("second", row: 1, column: 0)
        let words = misuse.perform(on: sheet, of: workbook)
        #expect(throws: ExportError.self) { try workbook.check() }
        #expect(throws: ExportError.self) { try workbook.close() }
        do { try workbook.check() } catch { #expect(error.description.contains(words), "\(error)") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A failure inside libxlsxwriter's own close arrives with its words, and what it printed on stderr folded
    /// into the one line.
    @Test func libraryFailureAtClose() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let subfolder = folder.file("gone")
        try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: false)
        let path = subfolder + "/out.xlsx"
        let workbook = try XLSXWorkbook(path: path)
        try workbook.addSheet("Rows").write("x", row: 0, column: 0)
        try FileManager.default.removeItem(atPath: subfolder)
        #expect(throws: ExportError.workbook(path: path, reason: "Error creating output xlsx file. Usually a permissions error. "
                                             + "(workbook_close(): Error creating '\(path)'. System error = No such file or directory)")) {
            try workbook.close()
        }
    }

    @Test func droppedWorkbookWritesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("dropped.xlsx")
        do {
            let workbook = try XLSXWorkbook(path: path)
            let sheet = try workbook.addSheet("Rows")
            for row in 0..<1000 { sheet.write(Double(row), row: row, column: 0) }
            _ = workbook.addChart(.line)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func longStringsAreCutToExcelsLimit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("long.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Long")
        sheet.write(String(repeating: "a", count: 40_000), row: 0, column: 0)
        sheet.write(String(repeating: "b", count: 32_767), row: 0, column: 1)
        sheet.write(String(repeating: "😀", count: 20_000), row: 0, column: 2)  // 40,000 UTF-16 units
        sheet.write(String(repeating: "é", count: 32_768), row: 0, column: 3)  // 65,536 bytes
        try workbook.close()

        let row = try ReadBack.full(path).sheets[0].rows[0]
        #expect(row[0] == .string(String(repeating: "a", count: 32_767)))
        #expect(row[1] == .string(String(repeating: "b", count: 32_767)))
        #expect(row[2] == .string(String(repeating: "😀", count: 16_383)))
        #expect(row[3] == .string(String(repeating: "é", count: 32_767)))
    }

    @Test func textThatNeedsRewriting() {
        func rewritten(_ bytes: [UInt8]) -> String {
            String(decoding: bytes.withUnsafeBufferPointer { XLSXText.rewritten($0) }, as: UTF8.self)
        }
        func asIs(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { XLSXText.isWritableAsIs($0) } }
        #expect(asIs(Array("plain_text_x41 ✓ 日本 🙂".utf8)))
        #expect(!asIs(Array("_x0041_".utf8)))
        #expect(!asIs([0x61, 0x00, 0x62]))
        #expect(!asIs([0x61, 0xFF, 0x62]))
        #expect(!asIs([0xE2, 0x9C]))  // cut in the middle of a character
        #expect(!asIs(Array("\u{FFFF}".utf8)))
        #expect(rewritten(Array("a_x0041_b_x12_".utf8)) == "a_x005F_x0041_b_x12_")
        #expect(rewritten([0x61, 0x00, 0x62]) == "a_x0000_b")
        #expect(rewritten([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(rewritten(Array("\u{FFFE}".utf8)) == "_xFFFE_")
    }

    @Test func badBytesFromCStringsStayReadable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("bytes.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Bytes")
        let cells: [[UInt8]] = [[0x6F, 0x6B, 0xFF, 0x21, 0], [0x61, 0, 0x62, 0], Array("_x0041_\u{FFFF}".utf8) + [0]]
        for (column, bytes) in cells.enumerated() {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    sheet.write(cString: $0.baseAddress!, length: bytes.count - 1, row: 0, column: column)
                }
            }
        }
        try workbook.close()
        let row = try ReadBack.full(path).sheets[0].rows[0]
        #expect(row == [.string("ok\u{FFFD}!"), .string("a\u{0}b"), .string("_x0041_\u{FFFF}")])
    }

    @Test func excelSerials() {
        #expect(excelSerial(microsSinceEpoch: 0) == 25_569)
        #expect(excelSerial(microsSinceEpoch: -86_400_000_000) == 25_568)
        #expect(excelSerial(microsSinceEpoch: -43_200_000_000) == 25_568.5)
        let serial = excelSerial(microsSinceEpoch: Self.instant)
        #expect(floor(serial) == 45_366)
        #expect(abs((serial - 45_366) * 86_400 - (13 * 3600 + 45 * 60 + 7.123)) < 1e-6)
    }

    /// Rows stream to a temporary file: the last row must survive, and the test stays quick in debug.
    @Test func twoHundredThousandRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("big.xlsx")
        let workbook = try XLSXWorkbook(path: path, temporaryDirectory: folder.path)
        let sheet = try workbook.addSheet("Executions")
        sheet.write("id", row: 0, column: 0, style: Self.bold)
        sheet.write("started", row: 0, column: 1, style: Self.bold)
        sheet.write("seconds", row: 0, column: 2, style: Self.bold)
        let count = 200_000
        for index in 0..<count {
            let row = index + 1
            sheet.write("execution-\(index)", row: row, column: 0)
            sheet.write(excelSerial(microsSinceEpoch: Self.instant + Int64(index) * 1_000_000),
                        row: row, column: 1, style: Self.dateStyle)
            sheet.write(Double(index) / 4, row: row, column: 2)
        }
        sheet.setColumn(0, width: 20)
        try workbook.close()

        let read = try ReadBack.tail(path, rows: 1).sheets[0]
        #expect(read.rowCount == count + 1)
        let last = count - 1
        #expect(read.rows == [[.string("execution-\(last)"), .string("2024-03-17T21:18:26.123000"), .number(Double(last) / 4)]])
    }
}

// MARK: - Support

// Nested: other files of this test target may have helpers of the same names.
extension XLSXWorkbookTests {
    /// A fresh folder under the system's temporary one; `defer { folder.remove() }` (a deinit could run
    /// after the folder's last use, before the workbook is read back).
    struct TemporaryFolder {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }

        func file(_ name: String) -> String { path + "/" + name }
    }

    /// A cell value as read_xlsx.py prints it.
    enum CellValue: Decodable, Equatable, CustomStringConvertible {
        case number(Double), string(String), bool(Bool), null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
            else { self = .string(try container.decode(String.self)) }
        }

        var description: String {
            switch self {
            case .number(let number): "\(number)"
            case .string(let string): string.count > 60 ? "\"\(string.prefix(60))...\" (\(string.count))" : "\"\(string)\""
            case .bool(let bool): "\(bool)"
            case .null: "null"
            }
        }
    }

    /// What scripts/read_xlsx.py says about a workbook.
    struct ReadBack: Decodable {
        struct Series: Decodable { let name: String?, values: String?, categories: String? }
        struct Anchor: Decodable { let row: Int, col: Int }
        struct Chart: Decodable {
            let type: String, barDir: String?, title: String?, xTitle: String?, yTitle: String?, series: [Series]
            let anchor: Anchor?
            enum CodingKeys: String, CodingKey {
                case type, title, series, anchor
                case barDir = "bar_dir", xTitle = "x_title", yTitle = "y_title"
            }
        }
        struct PageSetup: Decodable {
            let orientation: String?, fitToPage: Bool, fitToWidth: Int?, fitToHeight: Int?, printTitleRows: String?
            let footer: String?, footerRight: String?
            enum CodingKeys: String, CodingKey {
                case orientation, footer
                case fitToPage = "fit_to_page", fitToWidth = "fit_to_width", fitToHeight = "fit_to_height"
                case printTitleRows = "print_title_rows", footerRight = "footer_right"
            }
        }
        struct Sheet: Decodable {
            let name: String
            let state: String?
            let rows: [[CellValue]]
            let types: [[String]]
            let formats: [[String]]
            let bold: [[Bool]]
            let topRule: [[Bool]]
            let freezePanes: String?
            let autoFilter: String?
            let columnWidths: [String: Double]
            let hiddenColumns: [String]
            let merged: [String]
            let pageSetup: PageSetup
            let active: Bool
            let charts: [Chart]
            enum CodingKeys: String, CodingKey {
                case name, state, rows, types, formats, bold, charts, merged, active
                case freezePanes = "freeze_panes", autoFilter = "auto_filter", columnWidths = "column_widths"
                case topRule = "top_rule", hiddenColumns = "hidden_columns", pageSetup = "page_setup"
            }
        }
        struct TailSheet: Decodable {
            let name: String, rowCount: Int, rows: [[CellValue]]
            enum CodingKeys: String, CodingKey { case name, rows, rowCount = "row_count" }
        }
        struct Tail: Decodable { let sheets: [TailSheet] }

        let sheets: [Sheet]

        static func full(_ path: String) throws -> ReadBack {
            try JSONDecoder().decode(ReadBack.self, from: run(path))
        }

        static func tail(_ path: String, rows: Int) throws -> Tail {
            try JSONDecoder().decode(Tail.self, from: run(path, "--tail", String(rows)))
        }

        struct Failure: Error, CustomStringConvertible { let description: String }

        private static func run(_ arguments: String...) throws -> Data {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", root.appendingPathComponent("scripts/read_xlsx.py").path] + arguments
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Read before waiting: a big workbook's JSON fills the pipe.
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let messages = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(description: "read_xlsx.py failed: " + String(decoding: messages, as: UTF8.self))
            }
            return data
        }
    }
}
