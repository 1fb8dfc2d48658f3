import Analysis
import AppTrailModel

/// A report as its readers see it, built from its queries' rows: the cover, the headline figures, the tables
/// with their titled columns and the charts' data. The workbook and the HTML page both draw this one value.
public struct ReportContent {
    /// A column as shown: the query's name, a title for people, a format and the text of an empty cell.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var title: String
        public var format: ReportDefinition.ColumnFormat?
        public var blank: String?
        /// Collapsed behind an outline button in the workbook, left out of the HTML page.
        public var collapsed: Bool
        /// The column's index in the query's row.
        public var source: Int
        /// Whether its values are numbers, which read right-aligned under a right-aligned title.
        public var numeric: Bool = false

        /// A number by its format or its values.
        public var isNumber: Bool {
            switch format {
            case .seconds?, .rate?, .integer?, .number?: true
            default: numeric
            }
        }
    }

    public struct Table {
        public var sheet: String
        /// The line above the table: its title and the period.
        public var caption: String
        public var columns: [Column]
        /// The rows in the columns' order, the total row excepted.
        public var rows: [[Cell]]
        public var total: [Cell]?
        public var note: String?
        public var chart: ChartData?
        public var chartPosition: ReportDefinition.Chart.Position
    }

    /// A headline figure with its change against the previous period, both as text to show.
    public struct Figure: Sendable, Equatable {
        public var title: String
        public var format: ReportDefinition.ColumnFormat
        public var value: Double?
        public var previous: Double?
        public var valueText: String
        public var changeText: String?
    }

    /// What a chart draws: one value per category and series, left-out rows dropped.
    public struct ChartData: Sendable, Equatable {
        public var kind: ReportDefinition.Chart.Kind
        public var title: String
        public var categoryTitle: String
        public var valueTitle: String
        public var categories: [String]
        public var series: [Series]

        public struct Series: Sendable, Equatable {
            public var name: String
            public var values: [Double]
        }
    }

    /// Where the warehouse's data came from, for the cover.
    public struct Source: Sendable, Equatable {
        /// The server's base URL, already free of credentials.
        public var server: String?
        public var tenant: String?
        public var lastSync: Instant?
        public init(server: String?, tenant: String?, lastSync: Instant?) {
            self.server = server
            self.tenant = tenant
            self.lastSync = lastSync
        }
    }

    public var title: String
    public var period: Period
    /// `2026-W46 (2026-11-09 to 2026-11-15)`.
    public var periodLine: String
    /// When and from which server: `made 2026-11-30 06:00 UTC from https://..., tenant main`.
    public var madeLine: String
    /// The cover's notice on an empty period: `No submissions in this period`.
    public var notice: String?
    public var figures: [Figure]
    public var tables: [Table]

    /// The footer's left part: the report and its period (`&P of &N` and the like are the renderer's).
    public var footer: String { ReportContent.footer(title: title, period: period) }

    /// `Kestra apps: weekly report, 2026-W47`: a report and its period, as footers and the workbook's title say it.
    static func footer(title: String, period: Period) -> String { "\(title), \(period.fileLabel)" }
}

extension ReportContent {
    static let emptyNotice = "No submissions in this period"

    /// The columns of a query as a sheet shows them: those the sheet lists first, in its order, then the rest.
    ///
    /// A listed column the query does not give is the report file's mistake.
    static func columns(
        of queryColumns: [String], _ spec: ReportDefinition.Columns, sheet: String,
        report: ReportDefinition, line: Int?
    ) throws(ExportError) -> [Column] {
        var shown: [Column] = []
        // Collapsed columns go last, where the outline button that opens them can hold them all.
        for (name, column) in spec.listed.filter({ !$0.spec.collapsed }) + spec.listed.filter(\.spec.collapsed) {
            guard let source = queryColumns.firstIndex(of: name) else {
                throw .badReport(
                    path: report.path, line: line,
                    message:
                        "sheet \(sheet): no column '\(name)' to list; the query gives: \(queryColumns.joined(separator: ", "))"
                )
            }
            shown.append(
                Column(
                    name: name, title: column.title ?? readableTitle(name),
                    format: column.format ?? inferredFormat(name),
                    blank: column.blank, collapsed: column.collapsed, source: source))
        }
        for (source, name) in queryColumns.enumerated() where spec[name] == nil {
            shown.append(
                Column(
                    name: name, title: readableTitle(name), format: inferredFormat(name), blank: nil,
                    collapsed: spec.collapseOthers, source: source))
        }
        return shown
    }

    /// The format a column's name implies: `date`, `*_at`, `*_s`, `*rate*`.
    public static func inferredFormat(_ column: String) -> ReportDefinition.ColumnFormat? {
        if column == "date" { return .date }
        if column.hasSuffix("_at") { return .datetime }
        if column.hasSuffix("_s") { return .seconds }
        if column.contains("rate") { return .rate }
        return nil
    }

    /// A title for a column the report does not name: `pending_age_s` reads `Pending age`, `app_id` `App`,
    /// `submitted_at` `Submitted at`.
    public static func readableTitle(_ column: String) -> String {
        var words = column.split(separator: "_").map(String.init)
        if words.count > 1, ["s", "id"].contains(words.last!) { words.removeLast() }
        guard var text = words.first else { return column }
        text = text.prefix(1).uppercased() + text.dropFirst()
        return ([text] + words.dropFirst()).joined(separator: " ")
    }

    /// A table's rows in the order of `columns`, the total row set apart.
    static func table(_ result: ResultSet, sheet: ReportDefinition.Sheet, caption: String, report: ReportDefinition)
        throws(ExportError) -> Table
    {
        var columns = try columns(
            of: result.columns, sheet.columns, sheet: sheet.name, report: report, line: sheet.line)
        var totalIndex: Int?
        if let total = sheet.total {
            guard let index = result.columns.firstIndex(of: total.column) else {
                throw .badReport(
                    path: report.path, line: sheet.line,
                    message:
                        "sheet \(sheet.name): no column '\(total.column)' for the total; the query gives: \(result.columns.joined(separator: ", "))"
                )
            }
            totalIndex = index
        }
        for i in columns.indices {
            let values = result.rows.lazy.map { $0[columns[i].source] }.filter { !$0.isNull }
            columns[i].numeric = !values.isEmpty && values.allSatisfy(\.isNumber)
        }
        var rows: [[Cell]] = []
        var total: [Cell]?
        for row in result.rows {
            let shown = columns.map { row[$0.source] }
            if let totalIndex, let given = sheet.total, total == nil, text(row[totalIndex]) == given.value {
                total = shown
            } else {
                rows.append(shown)
            }
        }
        var table = Table(
            sheet: sheet.name, caption: caption, columns: columns, rows: rows, total: total, note: sheet.note,
            chart: nil,
            chartPosition: sheet.chart?.position ?? .below)
        if let chart = sheet.chart {
            table.chart = try chartData(chart, of: result, columns: columns, sheet: sheet.name, report: report)
        }
        return table
    }

    /// The chart's values: the rows it plots or, with `series`, a pivot with a series per value of that column.
    /// Nil when there is nothing to draw.
    static func chartData(
        _ chart: ReportDefinition.Chart, of table: ResultSet, columns: [Column], sheet: String,
        report: ReportDefinition
    ) throws(ExportError) -> ChartData? {
        func column(_ name: String) throws(ExportError) -> Int {
            guard let i = table.columns.firstIndex(of: name) else {
                throw .badReport(
                    path: report.path, line: chart.line,
                    message:
                        "chart of sheet \(sheet): no column '\(name)'; the query gives: \(table.columns.joined(separator: ", "))"
                )
            }
            return i
        }
        let category = try column(chart.categories)
        let value = try column(chart.values)
        let series = try chart.series.map { name throws(ExportError) in try column(name) }
        var excluded: (Int, String)?
        if let exclude = chart.exclude { excluded = (try column(exclude.column), exclude.value) }
        let title = { (name: String) in columns.first { $0.name == name }?.title ?? readableTitle(name) }

        var categories: [String] = []
        var seriesNames: [String] = []
        var cells: [String: [String: Double]] = [:]
        for row in table.rows where excluded.map({ text(row[$0.0]) != $0.1 }) ?? true {
            let c = text(row[category])
            let s = series.map { text(row[$0]) } ?? title(chart.values)
            if cells[c] == nil {
                categories.append(c)
                cells[c] = [:]
            }
            if !seriesNames.contains(s) { seriesNames.append(s) }
            cells[c]![s, default: 0] += row[value].number ?? 0
        }
        guard !categories.isEmpty else { return nil }
        return ChartData(
            kind: chart.kind, title: chart.title ?? "", categoryTitle: title(chart.categories),
            valueTitle: title(chart.values),
            categories: categories,
            series: seriesNames.map { name in
                ChartData.Series(name: name, values: categories.map { cells[$0]![name] ?? 0 })
            })
    }

    /// The headline figures out of the headline query's first row.
    static func figures(
        _ headline: ReportDefinition.Headline, result: ResultSet, period: Period, report: ReportDefinition
    ) throws(ExportError) -> [Figure] {
        let row = result.rows.first
        return try headline.figures.map { figure throws(ExportError) in
            func number(_ name: String) throws(ExportError) -> Double? {
                guard let i = result.columns.firstIndex(of: name) else {
                    throw .badReport(
                        path: report.path, line: headline.line,
                        message:
                            "figure \(figure.title): no column '\(name)'; the query gives: \(result.columns.joined(separator: ", "))"
                    )
                }
                return row.flatMap { $0[i].number }
            }
            let format = figure.format ?? inferredFormat(figure.value) ?? .integer
            let value = try number(figure.value)
            let previous = try figure.previous.map { name throws(ExportError) in try number(name) } ?? nil
            return Figure(
                title: figure.title, format: format, value: value, previous: previous,
                valueText: CellText.headline(value, format: format),
                changeText: figure.previous == nil
                    ? nil : CellText.change(value, previous, format: format, against: period.previous.shortName))
        }
    }

    /// The cover's second line: when the report was made and where its data came from.
    static func madeLine(at made: Instant?, source: Source?) -> String {
        var parts: [String] = []
        if let made { parts.append("made " + CellText.minute(made)) }
        if let server = source?.server {
            parts.append("from " + server + (source?.tenant.map { ", tenant \($0)" } ?? ""))
        } else {
            parts.append("from a warehouse without a sync")
        }
        var line = parts.joined(separator: " ")
        if let last = source?.lastSync { line += "; last sync " + CellText.minute(last) }
        return line
    }

    /// A cell as text to compare with a report's value (a total's label, a chart's category or series).
    static func text(_ value: Cell) -> String {
        switch value {
        case .null: ""
        case .integer(let n): String(n)
        case .real(let d): String(d)
        case .text(let s): s
        case .blob: ""
        }
    }
}

extension ReportContent {
    /// The content of `report` from its queries' rows (one result per sheet, in order, and the headline's).
    init(_ report: ReportDefinition, results: [ResultSet], headline: ResultSet?, options: ReportRun.Options)
        throws(ExportError)
    {
        title = report.title
        period = options.period
        periodLine = options.period.readableLabel
        madeLine = ReportContent.madeLine(at: options.generatedAt, source: options.source)
        figures = []
        if let definition = report.headline, let headline {
            figures = try ReportContent.figures(definition, result: headline, period: options.period, report: report)
        }
        tables = []
        for (index, (sheet, result)) in zip(report.sheets, results).enumerated() {
            // The cover's period is in its second line; other sheets say it in their caption.
            let caption =
                index == 0
                ? (sheet.title ?? sheet.name) : "\(sheet.title ?? sheet.name), \(options.period.readableLabel)"
            tables.append(try ReportContent.table(result, sheet: sheet, caption: caption, report: report))
        }
        // The first figure counts what the period holds; without figures, the cover's table does.
        let empty = figures.first.map { ($0.value ?? 0) == 0 } ?? (tables.first?.rows.isEmpty ?? true)
        notice = empty ? ReportContent.emptyNotice : nil
    }
}
