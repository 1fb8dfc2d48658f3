import Analysis
import Foundation

/// A report as one self-contained HTML page to mail: the workbook's cover, figures, tables and charts, styled
/// inline (mail clients drop style sheets), charts as inline SVG, no script and no reference outside the page.
///
/// The page leaves out what a mail cannot carry well: the columns the workbook collapses and the per-app
/// sheets of executions (the workbook and `apptrail export` hold them).
public enum ReportHTML {
    static let ink = "#1f3864"
    static let grey = "#595959"
    static let palette = [
        "#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47", "#264478", "#9e480e",
        "#636363", "#997300", "#255e91", "#43682b",
    ]
    /// Rows a table shows at most: a page to mail, not the workbook (a busy backlog runs to thousands).
    static let rowLimit = 100
    static let font = "font-family:'DejaVu Sans',Arial,Helvetica,sans-serif"

    /// The page for `content`; `perAppNote` is the line that points to the per-app sheets, when the report has them.
    public static func render(_ content: ReportContent, perAppNote: String? = nil) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="apptrail">
            <title>\(escape(content.title)), \(escape(content.period.fileLabel))</title>
            <style>
            @page { size: A4 landscape; margin: 12mm; }
            @media print { .sheet { break-before: page; } .sheet.first { break-before: auto; } tr, svg { break-inside: avoid; } }
            </style>
            </head>
            <body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;\(font);font-size:13px;">

            """
        for (index, table) in content.tables.enumerated() {
            page += "<div class=\"sheet\(index == 0 ? " first" : "")\" style=\"max-width:1100px;margin:0 0 28px 0;\">\n"
            if index == 0 { page += cover(content) }
            page += section(table, isCover: index == 0)
            page += "</div>\n"
        }
        if let perAppNote { page += "<p style=\"color:\(grey);font-size:12px;\">\(escape(perAppNote))</p>\n" }
        page +=
            "<p style=\"color:\(grey);font-size:11px;border-top:1px solid #d9d9d9;padding-top:6px;\">\(escape(content.footer)) · \(escape(content.madeLine))</p>\n"
        page += "</body>\n</html>\n"
        return page
    }

    static func cover(_ content: ReportContent) -> String {
        var html = "<h1 style=\"margin:0 0 4px 0;font-size:22px;color:\(ink);\">\(escape(content.title))</h1>\n"
        html +=
            "<p style=\"margin:0 0 14px 0;color:\(grey);font-size:12px;\">\(escape(content.periodLine)) &#183; \(escape(content.madeLine))</p>\n"
        if let notice = content.notice {
            html +=
                "<p style=\"margin:0 0 14px 0;font-size:15px;font-weight:bold;color:#c00000;\">\(escape(notice))</p>\n"
        }
        guard !content.figures.isEmpty else { return html }
        html +=
            "<table role=\"presentation\" style=\"border-collapse:separate;border-spacing:6px 0;margin:0 0 18px -6px;\"><tr>\n"
        for figure in content.figures {
            html += """
                <td style="background:#f2f2f2;border-top:2px solid \(ink);padding:8px 14px;text-align:center;min-width:130px;vertical-align:top;">\
                <div class="figure-value" style="font-size:24px;font-weight:bold;">\(escape(figure.valueText))</div>\
                <div class="figure-title" style="font-size:11px;color:\(grey);">\(escape(figure.title))</div>\
                <div class="figure-change" style="font-size:11px;color:#404040;">\(escape(figure.changeText ?? "&#160;", raw: figure.changeText == nil))</div></td>

                """
        }
        html += "</tr></table>\n"
        return html
    }

    static func section(_ table: ReportContent.Table, isCover: Bool) -> String {
        let columns = table.columns.enumerated().filter { !$0.element.collapsed }
        var html =
            isCover ? "" : "<h2 style=\"margin:0 0 8px 0;font-size:16px;color:\(ink);\">\(escape(table.caption))</h2>\n"
        let chart = table.chart.map { "<div style=\"margin:12px 0;\">\(svg($0))</div>\n" } ?? ""
        // On the cover the chart follows the table, as in the workbook; a long table puts it first.
        let chartFirst = !isCover || table.rows.count > 25
        if chartFirst { html += chart }
        html +=
            "<div style=\"overflow-x:auto;\"><table data-sheet=\"\(escape(table.sheet))\" style=\"border-collapse:collapse;font-size:12px;\">\n<thead><tr>"
        for (_, column) in columns {
            let align = isNumeric(column) ? "right" : "left"
            html +=
                "<th data-column=\"\(escape(column.name))\" style=\"background:\(ink);color:#ffffff;text-align:\(align);padding:4px 8px;vertical-align:bottom;\">\(escape(column.title))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        if table.rows.isEmpty && table.total == nil {
            html +=
                "<tr><td colspan=\"\(max(columns.count, 1))\" style=\"padding:4px 8px;color:\(grey);\">No rows in this period</td></tr>\n"
        }
        for (r, values) in table.rows.prefix(rowLimit).enumerated() {
            html += row(values, columns: columns, style: r % 2 == 1 ? "background:#f7f7f7;" : "")
        }
        if let total = table.total {
            html += row(total, columns: columns, style: "font-weight:bold;border-top:2px solid #1a1a1a;", total: true)
        }
        html += "</tbody></table></div>\n"
        if table.rows.count > rowLimit {
            html +=
                "<p class=\"more\" style=\"color:\(grey);font-size:11px;margin:6px 0;\">The first \(rowLimit) of \(CellText.grouped(Int64(table.rows.count))) rows; the workbook's sheet \(escape(table.sheet)) has them all.</p>\n"
        }
        if let note = table.note {
            html += "<p style=\"color:\(grey);font-size:11px;margin:6px 0;\">\(escape(note))</p>\n"
        }
        if !chartFirst { html += chart }
        return html
    }

    static func row(
        _ values: [Cell], columns: [(offset: Int, element: ReportContent.Column)], style: String, total: Bool = false
    ) -> String {
        var html = "<tr\(total ? " class=\"total\"" : "") style=\"\(style)\">"
        for (i, column) in columns {
            let text = CellText.cell(values[i], format: column.format, blank: column.blank)
            let align = isNumeric(column) ? "right" : "left"
            let border = total ? "border-top:2px solid #1a1a1a;" : ""
            // Figures and instants stay on one line; long text (a name, JSON) may wrap.
            let wrap =
                isNumeric(column) || column.format != nil || text.count <= 40
                ? "white-space:nowrap;" : "max-width:320px;overflow-wrap:anywhere;"
            html += "<td style=\"padding:3px 8px;text-align:\(align);\(wrap)\(border)\">\(escape(text))</td>"
        }
        return html + "</tr>\n"
    }

    static func isNumeric(_ column: ReportContent.Column) -> Bool { column.isNumber }

    // MARK: Charts

    static func svg(_ chart: ReportContent.ChartData) -> String {
        switch chart.kind {
        case .bar: barChart(chart)
        case .column, .line: gridChart(chart)
        }
    }

    /// Horizontal bars, a category per line, values printed at the bars' ends.
    static func barChart(_ chart: ReportContent.ChartData) -> String {
        let labelWidth = min(Double(chart.categories.map(\.count).max() ?? 4) * 7 + 12, 240)
        let plotWidth = 460.0
        let barHeight = 16.0
        let step = 24.0
        let multi = chart.series.count > 1
        let groupHeight = multi ? step * Double(chart.series.count) : step
        let top = 34.0
        let height = top + groupHeight * Double(chart.categories.count) + 24 + (multi ? 22 : 0)
        let width = labelWidth + plotWidth + 60
        let maximum = niceMaximum(chart.series.flatMap(\.values).max() ?? 0)
        var svg = open(width: width, height: height, title: chart.title)
        for tick in ticks(maximum) {
            let x = labelWidth + plotWidth * tick / maximum
            svg +=
                "<line x1=\"\(f(x))\" y1=\"\(f(top - 4))\" x2=\"\(f(x))\" y2=\"\(f(top + groupHeight * Double(chart.categories.count)))\" stroke=\"#d9d9d9\"/>"
            svg +=
                "<text x=\"\(f(x))\" y=\"\(f(top - 8))\" font-size=\"10\" text-anchor=\"middle\" fill=\"\(grey)\">\(number(tick))</text>"
        }
        for (c, category) in chart.categories.enumerated() {
            let y0 = top + groupHeight * Double(c)
            svg +=
                "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y0 + groupHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(escape(category))</text>"
            for (s, series) in chart.series.enumerated() {
                let value = series.values[c]
                let y = y0 + (step - barHeight) / 2 + step * Double(multi ? s : 0)
                let w = plotWidth * value / maximum
                svg +=
                    "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(max(w, 0)))\" height=\"\(f(barHeight))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(category)): \(number(value))</title></rect>"
                svg +=
                    "<text x=\"\(f(labelWidth + w + 4))\" y=\"\(f(y + barHeight - 4))\" font-size=\"10\">\(number(value))</text>"
            }
        }
        if multi { svg += legend(chart, y: height - 14) }
        return svg + "</svg>"
    }

    /// Vertical columns or lines over categories along the bottom, with a legend for several series.
    static func gridChart(_ chart: ReportContent.ChartData) -> String {
        let width = 760.0
        let height = 300.0
        let left = 48.0
        let right = 16.0
        let top = 34.0
        let bottom = 78.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = niceMaximum(chart.series.flatMap(\.values).max() ?? 0)
        let count = Double(max(chart.categories.count, 1))
        let slot = plotWidth / count
        var svg = open(width: width, height: height, title: chart.title)
        for tick in ticks(maximum) {
            let y = top + plotHeight * (1 - tick / maximum)
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#d9d9d9\"/>"
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"\(grey)\">\(number(tick))</text>"
        }
        // At most about 16 category labels fit; the others are skipped evenly.
        let every = max(1, Int((count / 16).rounded(.up)))
        for (c, category) in chart.categories.enumerated() where c % every == 0 {
            let x = left + slot * (Double(c) + 0.5)
            svg +=
                "<text x=\"\(f(x))\" y=\"\(f(top + plotHeight + 14))\" font-size=\"10\" text-anchor=\"middle\">\(escape(category))</text>"
        }
        for (s, series) in chart.series.enumerated() {
            let color = palette[s % palette.count]
            if chart.kind == .line {
                let points = series.values.enumerated().map { c, v in
                    "\(f(left + slot * (Double(c) + 0.5))),\(f(top + plotHeight * (1 - v / maximum)))"
                }
                svg +=
                    "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"><title>\(escape(series.name))</title></polyline>"
            } else {
                let barWidth = slot * 0.8 / Double(chart.series.count)
                for (c, value) in series.values.enumerated() {
                    let h = plotHeight * value / maximum
                    let x = left + slot * Double(c) + slot * 0.1 + barWidth * Double(s)
                    svg +=
                        "<rect x=\"\(f(x))\" y=\"\(f(top + plotHeight - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" fill=\"\(color)\"><title>\(escape(chart.categories[c])): \(number(value))</title></rect>"
                }
            }
        }
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\" stroke=\"#808080\"/>"
        if chart.series.count > 1 { svg += legend(chart, y: height - 36) }
        return svg + "</svg>"
    }

    static func open(width: Double, height: Double, title: String) -> String {
        var svg =
            "<svg role=\"img\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" style=\"\(font);max-width:100%;height:auto;\">"
        svg += "<title>\(escape(title))</title>"
        if !title.isEmpty {
            svg +=
                "<text x=\"\(f(width / 2))\" y=\"16\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\">\(escape(title))</text>"
        }
        return svg
    }

    /// Swatches and names in rows across the chart's foot.
    static func legend(_ chart: ReportContent.ChartData, y: Double) -> String {
        var svg = ""
        var x = 48.0
        var row = 0.0
        for (s, series) in chart.series.enumerated() {
            let label = series.name.count > 28 ? String(series.name.prefix(27)) + "…" : series.name
            let width = Double(label.count) * 6.5 + 26
            if x + width > 740 {
                x = 48
                row += 14
            }
            svg +=
                "<rect x=\"\(f(x))\" y=\"\(f(y + row - 8))\" width=\"10\" height=\"10\" fill=\"\(palette[s % palette.count])\"/>"
            svg += "<text x=\"\(f(x + 14))\" y=\"\(f(y + row + 1))\" font-size=\"10\">\(escape(label))</text>"
            x += width
        }
        return svg
    }

    /// The axis's end: 1, 2 or 5 times a power of ten, at least the largest value (1 when all are zero).
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func ticks(_ maximum: Double) -> [Double] {
        (0...5).map { maximum * Double($0) / 5 }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? CellText.grouped(Int64(value)) : String(format: "%.1f", value)
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text safe in an element or a quoted attribute; `raw` passes an entity the caller wrote.
    static func escape(_ text: String, raw: Bool = false) -> String {
        if raw { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
