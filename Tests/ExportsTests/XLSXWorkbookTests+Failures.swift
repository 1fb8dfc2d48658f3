import Foundation
import Testing

@testable import Exports

/// Problems met while writing: each fails `close()` with its words, and no file is left.
extension XLSXWorkbookTests {
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
        sheet.write("late", row: 0, column: 1) // constant memory: row 0 is gone
        sheet.write(1, row: 2, column: 20_000) // later problems do not replace the first
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
                workbook.addChart(.line).addSeries(
                    name: "s", sheet: "Nowhere", categories: (0, 0, 1, 0), values: (0, 1, 1, 1))
                return "no sheet is named 'Nowhere'"
            case .reversedRange:
                workbook.addChart(.column).addSeries(
                    name: "s", sheet: sheet.name, categories: (5, 0, 1, 0), values: (1, 1, 5, 1))
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
        #expect(
            throws: ExportError.workbook(
                path: path,
                reason: "Error creating output xlsx file. Usually a permissions error. "
                    + "(workbook_close(): Error creating '\(path)'. System error = No such file or directory)")
        ) {
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
}
