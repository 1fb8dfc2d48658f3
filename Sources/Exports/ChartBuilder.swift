import Analysis
import GRDB

/// Draws a sheet's chart from a hidden data sheet of its own: the rows it plots (left-out rows dropped) or, with
/// `series`, a pivot with a column per series value, since a chart series must be one contiguous range.
enum ChartBuilder {
    static func add(_ chart: ReportDefinition.Chart, of table: ResultSet, to sheet: XLSXSheet, in workbook: XLSXWorkbook,
                    report: ReportDefinition) throws {
        func column(_ name: String) throws(ExportError) -> Int {
            guard let i = table.columns.firstIndex(of: name) else {
                throw .badReport(path: report.path, line: chart.line,
                                 message: "chart of sheet \(sheet.name): no column '\(name)'; the query gives: \(table.columns.joined(separator: ", "))")
            }
            return i
        }
        let category = try column(chart.categories)
        let value = try column(chart.values)
        let series = try chart.series.map { try column($0) }
        let excluded = try chart.exclude.map { (try column($0.column), $0.value) }
        let rows = table.rows.filter { row in excluded.map { text(row[$0.0]) != $0.1 } ?? true }

        var categories: [String] = []
        var seriesNames: [String] = []
        var cells: [String: [String: Double]] = [:]
        for row in rows {
            let c = text(row[category])
            let s = series.map { text(row[$0]) } ?? chart.values
            if cells[c] == nil { categories.append(c); cells[c] = [:] }
            if !seriesNames.contains(s) { seriesNames.append(s) }
            cells[c]![s, default: 0] += Double.fromDatabaseValue(row[value]) ?? 0
        }

        let data = try workbook.addSheet("\(sheet.name) chart")
        data.hide()
        data.write(chart.categories, row: 0, column: 0)
        for (j, name) in seriesNames.enumerated() { data.write(name, row: 0, column: j + 1) }
        for (i, c) in categories.enumerated() {
            data.write(c, row: i + 1, column: 0)
            for (j, name) in seriesNames.enumerated() { data.write(cells[c]![name] ?? 0, row: i + 1, column: j + 1) }
        }

        let drawn = workbook.addChart(chart.kind == .column ? .column : .line)
        if let title = chart.title { drawn.setTitle(title) }
        drawn.setAxisNames(x: chart.categories, y: chart.values)
        let last = max(categories.count, 1)
        for j in seriesNames.indices {
            drawn.addSeries(name: seriesNames[j], sheet: data.name,
                            categories: (firstRow: 1, firstColumn: 0, lastRow: last, lastColumn: 0),
                            values: (firstRow: 1, firstColumn: j + 1, lastRow: last, lastColumn: j + 1))
        }
        sheet.insert(drawn, row: 1, column: table.columns.count + 1)
    }

    private static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case .int64(let n): String(n)
        case .double(let d): String(d)
        case .string(let s): s
        case .blob: ""
        }
    }
}
