import Foundation
import Testing

@testable import Exports

/// Sheet names made valid and unique, as Excel requires.
extension XLSXWorkbookTests {
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
        #expect(
            names == [
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
}
