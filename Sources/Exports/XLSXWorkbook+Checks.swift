extension XLSXWorkbook {
    /// Excel's limits, 0-based and exclusive.
    static let rowLimit = 1_048_576, columnLimit = 16_384

    /// Throws the first problem met so far by a write, if any.
    public func check() throws(ExportError) {
        if let firstError { throw firstError }
    }

    /// Remembers `reason` as the workbook's problem, unless an earlier one is already.
    func record(_ reason: @autoclosure () -> String) {
        if firstError == nil { firstError = .workbook(path: path, reason: reason()) }
    }

    /// Whether the range (0-based, inclusive) lies inside Excel's grid, its first cell before its last.
    static func isRange(_ r: XLSXRange) -> Bool {
        let rows = 0..<rowLimit
        let columns = 0..<columnLimit
        return rows.contains(r.firstRow) && rows.contains(r.lastRow) && r.firstRow <= r.lastRow
            && columns.contains(r.firstColumn) && columns.contains(r.lastColumn) && r.firstColumn <= r.lastColumn
    }
}

extension XLSXSheet {
    /// Why `chart` cannot go in this sheet, or nil when it can.
    func problem(inserting chart: XLSXChart) -> String? {
        // A chart of another workbook would be freed by that one.
        if chart.workbook !== workbook { return "sheet '\(name)': the chart belongs to another workbook" }
        // The library only warns (on stderr) about a chart without series and writes a broken part.
        if chart.seriesCount == 0 { return "sheet '\(name)': the \(chart.kind.rawValue) chart has no series to draw" }
        return nil
    }
}

extension XLSXChart {
    public enum Kind: String, Sendable { case column, bar, line }

    /// Why a series cannot draw from these ranges of `sheet`, or nil when it can.
    func problem(sheet: String, categories: XLSXRange, values: XLSXRange) -> String? {
        // A wrong name would only show in Excel, as a broken chart.
        if !workbook.hasSheet(named: sheet) { return "a \(kind.rawValue) chart: no sheet is named '\(sheet)'" }
        if !XLSXWorkbook.isRange(categories) || !XLSXWorkbook.isRange(values) {
            return "a \(kind.rawValue) chart: a series range is outside the sheet or reversed"
        }
        return nil
    }
}

/// A block of cells of a sheet, 0-based and inclusive: what a chart's series reads.
public typealias XLSXRange = (firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)
