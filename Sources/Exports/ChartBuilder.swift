/// Draws a table's chart from a hidden data sheet of its own, with a column per series, since a chart series
/// must be one contiguous range.
enum ChartBuilder {
    /// Writes the data sheet and inserts the chart into `sheet` at the cell, `width` by `height` pixels.
    static func add(
        _ data: ReportContent.ChartData, to sheet: XLSXSheet, in workbook: XLSXWorkbook,
        row: Int, column: Int, width: Double, height: Double
    ) throws {
        let hidden = try workbook.addSheet("\(sheet.name) chart")
        hidden.hide()
        hidden.write(data.categoryTitle, row: 0, column: 0)
        for (j, series) in data.series.enumerated() { hidden.write(series.name, row: 0, column: j + 1) }
        for (i, category) in data.categories.enumerated() {
            hidden.write(category, row: i + 1, column: 0)
            for (j, series) in data.series.enumerated() { hidden.write(series.values[i], row: i + 1, column: j + 1) }
        }

        let chart = workbook.addChart(XLSXChart.Kind(rawValue: data.kind.rawValue)!)
        if !data.title.isEmpty { chart.setTitle(data.title) }
        let single = data.series.count == 1
        if single {
            chart.hideLegend()
            // One series of a few bars reads best with its values printed on them.
            chart.labelled = data.kind != .line
        }
        if data.kind == .bar {
            chart.categoriesTopDown()
            chart.setAxisNames(x: nil, y: single ? nil : data.valueTitle)
        } else {
            chart.setAxisNames(x: data.categoryTitle, y: data.valueTitle)
        }
        let last = data.categories.count
        for (j, series) in data.series.enumerated() {
            chart.addSeries(
                name: series.name, sheet: hidden.name,
                categories: (firstRow: 1, firstColumn: 0, lastRow: last, lastColumn: 0),
                values: (firstRow: 1, firstColumn: j + 1, lastRow: last, lastColumn: j + 1))
        }
        sheet.insert(chart, row: row, column: column, width: width, height: height)
    }
}
