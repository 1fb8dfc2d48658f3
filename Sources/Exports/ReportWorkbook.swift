/// Draws a report's content into a workbook: the first table's sheet as the cover (title, period, source,
/// headline figures, the table, its chart on the first screen), then a sheet per table.
enum ReportWorkbook {
    /// Rows a chart may reach on a sheet's first screen (and on the cover's printed page).
    static let chartRowLimit = 45
    static let chartColumnLimit = 12
    /// Excel's default row height, in pixels.
    static let rowPixels = 20.0
    /// The rows a 1280x800 screen shows at 100% under a spreadsheet's toolbars: the cover zooms out to fit
    /// what it holds down to its chart's foot, no further than 70%.
    static let screenRows = 28.0

    static let title = XLSXStyle(bold: true, fontSize: 16, fontColor: SheetWriter.ink)
    static let subtitle = XLSXStyle(fontSize: 10, fontColor: 0x595959)
    static let notice = XLSXStyle(bold: true, fontSize: 12, fontColor: 0xC00000)
    static let figureValue = XLSXStyle(bold: true, fontSize: 18, fillColor: 0xF2F2F2, alignment: .center, topRule: true)
    static let figureTitle = XLSXStyle(
        fontSize: 9, fontColor: 0x595959, fillColor: 0xF2F2F2, alignment: .center, wrap: true)
    static let figureChange = XLSXStyle(
        fontSize: 9, fontColor: 0x404040, fillColor: 0xF2F2F2, alignment: .center, bottomRule: true)

    /// A span as `CellText.span` writes it: minutes under an hour, else hours and minutes.
    static let spanFormat = "[<0.0416666666666667][m] \"min\";[h] \"h\" mm \"min\""

    /// Writes every table of `content` into its sheet of `sheets` (in the same order), the first as the cover.
    static func write(_ content: ReportContent, into sheets: [XLSXSheet], workbook: XLSXWorkbook) throws {
        for (index, (table, sheet)) in zip(content.tables, sheets).enumerated() {
            if index == 0 {
                try writeCover(content, table: table, sheet: sheet, workbook: workbook)
                sheet.activate()
            } else {
                try writeTable(table, sheet: sheet, workbook: workbook, footer: content.footer)
            }
        }
    }

    static func writeCover(
        _ content: ReportContent, table: ReportContent.Table, sheet: XLSXSheet, workbook: XLSXWorkbook
    ) throws {
        sheet.hideGridlines()
        sheet.setRow(0, height: 24)
        sheet.write(content.title, row: 0, column: 0, style: title)
        sheet.write(content.periodLine + "  ·  " + content.madeLine, row: 1, column: 0, style: subtitle)
        var row = 3
        if let notice = content.notice {
            sheet.write(notice, row: 3, column: 0, style: ReportWorkbook.notice)
            row = 5
        }
        let shown = table.columns.filter { !$0.collapsed }.count
        if !content.figures.isEmpty {
            // Each figure a box of equal columns across the table's visible width.
            let span = max(1, min(shown, chartColumnLimit) / content.figures.count)
            let boxes = content.figures.enumerated().map { (i, figure) in (figure, i * span, i * span + span - 1) }
            sheet.setRow(row, height: 30)
            for (figure, first, last) in boxes {
                writeFigureValue(figure, sheet: sheet, row: row, first: first, last: last)
            }
            sheet.setRow(row + 1, height: 24)
            for (figure, first, last) in boxes {
                sheet.writeMerged(figure.title, row: row + 1, firstColumn: first, lastColumn: last, style: figureTitle)
            }
            for (figure, first, last) in boxes {
                sheet.writeMerged(
                    figure.changeText ?? "", row: row + 2, firstColumn: first, lastColumn: last, style: figureChange)
            }
            row += 4
        }
        let chartRows = table.chart.map { chartHeight($0) / rowPixels }.map { Int($0.rounded(.up)) } ?? 0
        let tableRows = 1 + table.rows.count + (table.total == nil ? 0 : 1) + (table.note == nil ? 0 : 2)
        // The chart stays on the first screen: under the table when the table is short, else above it.
        let chartAbove =
            table.chart != nil && table.chartPosition == .below && row + tableRows + 1 + chartRows > chartRowLimit
        let chartRow = row
        if chartAbove { row += chartRows + 1 }
        var writer = SheetWriter(sheet: sheet, columns: table.columns, caption: nil, top: row)
        for values in table.rows { writer.append(values) }
        if let total = table.total { writer.append(total, total: true) }
        if let note = table.note { writer.appendNote(note) }
        writer.finish(footer: content.footer, freeze: !chartAbove)
        var lastRow = writer.end
        if let chart = table.chart {
            let width = min(writer.pixelWidth(columns: 0..<min(shown, chartColumnLimit)), 900)
            let top = chartAbove ? chartRow : writer.end + 1
            try ChartBuilder.add(
                chart, to: sheet, in: workbook, row: top, column: 0, width: width, height: chartHeight(chart))
            lastRow = max(lastRow, top + chartRows)
        }
        if Double(lastRow) > screenRows { sheet.setZoom(max(70, Int(screenRows / Double(lastRow) * 100))) }
    }

    static func writeFigureValue(_ figure: ReportContent.Figure, sheet: XLSXSheet, row: Int, first: Int, last: Int) {
        guard let value = figure.value, value.isFinite else {
            return sheet.writeMerged("none", row: row, firstColumn: first, lastColumn: last, style: figureValue)
        }
        // A number a reader can reuse, shown as the cover says it.
        var style = figureValue
        switch figure.format {
        case .seconds: style.numberFormat = spanFormat
        case .rate: style.numberFormat = "0.0%"
        default: style.numberFormat = "#,##0"
        }
        sheet.writeMerged("", row: row, firstColumn: first, lastColumn: last, style: style)
        sheet.write(figure.format == .seconds ? value / 86_400 : value, row: row, column: first, style: style)
    }

    static func writeTable(_ table: ReportContent.Table, sheet: XLSXSheet, workbook: XLSXWorkbook, footer: String)
        throws
    {
        var writer = SheetWriter(sheet: sheet, columns: table.columns, caption: table.caption)
        for values in table.rows { writer.append(values) }
        if let total = table.total { writer.append(total, total: true) }
        if let note = table.note { writer.appendNote(note) }
        writer.finish(footer: footer)
        guard let chart = table.chart else { return }
        let height = chartHeight(chart)
        let shown = table.columns.filter { !$0.collapsed }.count
        if table.chartPosition == .below, writer.end + 1 + Int((height / rowPixels).rounded(.up)) <= chartRowLimit {
            try ChartBuilder.add(
                chart, to: sheet, in: workbook, row: writer.end + 1, column: 0,
                width: min(writer.pixelWidth(columns: 0..<min(shown, chartColumnLimit)), 900), height: height)
        } else {
            try ChartBuilder.add(
                chart, to: sheet, in: workbook, row: writer.headerRow, column: shown + 1, width: 760, height: height)
        }
    }

    /// A chart's height in pixels: bars need room per category, other charts a fixed frame.
    static func chartHeight(_ chart: ReportContent.ChartData) -> Double {
        guard chart.kind == .bar else { return 320 }
        return min(max(Double(chart.categories.count) * 24 + 90, 200), 520)
    }
}
