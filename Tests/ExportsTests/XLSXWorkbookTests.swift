import Foundation
import Testing

@testable import Exports

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
            data.write(
                excelSerial(microsSinceEpoch: Self.instant + Int64(index) * 86_400_000_000),
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
        #expect(
            second.rows.map { $0[0] } == [.string("value"), .number(1.5), .number(-2), .number(1e15), .number(0.001)])
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
        line.setTitle("=SUM(A1)") // literal text, not a reference
        line.setAxisNames(x: nil, y: "Count")
        for chart in [column, line] {
            for (index, name) in ["Succeeded", "Failed"].enumerated() {
                chart.addSeries(
                    name: name, sheet: sheet.name,
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
            sheet.write(
                excelSerial(microsSinceEpoch: Self.instant + Int64(index) * 1_000_000),
                row: row, column: 1, style: Self.dateStyle)
            sheet.write(Double(index) / 4, row: row, column: 2)
        }
        sheet.setColumn(0, width: 20)
        try workbook.close()

        let read = try ReadBack.tail(path, rows: 1).sheets[0]
        #expect(read.rowCount == count + 1)
        let last = count - 1
        #expect(
            read.rows == [
                [.string("execution-\(last)"), .string("2024-03-17T21:18:26.123000"), .number(Double(last) / 4)]
            ])
    }
}
