import Analysis
import AppTrailModel
import Foundation
import YAMLReader
import Yams

/// A report of `reports/`: its default period and, per sheet, the query of `queries/`, the columns' formats and
/// the chart, so that a manager can add a report without touching Swift.
///
/// ```yaml
/// name: weekly
/// title: "Kestra apps: weekly report"   # the cover's title; by default "NAME report"
/// description: ...
/// period: week                 # week or month: the default period, the last complete one
/// headline:                    # figures above the first sheet's table, each against the previous period
///   query: headline            # a query of one row
///   figures:
///     - {title: Submissions, value: submissions, previous: submissions_prev}
/// sheets:
///   - sheet: Summary
///     title: Apps this week    # the line above the table; by default the sheet's name
///     query: summary
///     csv: summary.csv         # the sheet's file in the CSV folder; omit to leave it out of CSV
///     params: {limit: 10}      # values of parameters beyond from, to and as_of
///     columns:                 # listed first, in this order: a title, a format, or {title, format, blank, collapsed}
///       app_id: App
///       expires_at: {title: Expires on, format: date, collapsed: true}
///     other_columns: collapsed # the columns not listed: shown (default) or collapsed behind an outline button
///     total: {app_id: TOTAL}   # the row set apart: bold, ruled, outside the filter
///     note: ...                # a line under the table
///     chart: {type: bar, title: Submissions per app, categories: app_id, values: submissions,
///             exclude: {app_id: TOTAL}, position: below}
/// per_app:                      # one more sheet per app with a submission in the period (workbook only)
///   query: audit
///   sheet: "{app}"
///   title: "{app}: executions submitted"
///   columns: {submitted_at: Submitted}
/// ```
public struct ReportDefinition: Sendable, Equatable {
    /// How a column's cells look in the workbook; by default inferred from the column's name.
    public enum ColumnFormat: String, Sendable, CaseIterable {
        case text, integer, number, seconds, rate, datetime, date
    }

    public enum PeriodKind: String, Sendable, CaseIterable { case week, month }

    /// How a column is shown in the workbook and the HTML page: its title, format and the text of an empty cell.
    /// The CSV files keep the query's names and values.
    public struct ColumnSpec: Sendable, Equatable {
        public var title: String?
        public var format: ColumnFormat?
        public var blank: String?
        /// Behind an outline button in the workbook, out of the HTML page: a detail most readers skip.
        public var collapsed = false
        public init(title: String? = nil, format: ColumnFormat? = nil, blank: String? = nil, collapsed: Bool = false) {
            self.title = title
            self.format = format
            self.blank = blank
            self.collapsed = collapsed
        }
    }

    /// The columns a sheet names, in the order it names them.
    public struct Columns: Sendable, Equatable {
        public var listed: [(name: String, spec: ColumnSpec)] = []
        /// Whether the columns not listed are collapsed behind an outline button rather than shown.
        public var collapseOthers = false

        public init(listed: [(name: String, spec: ColumnSpec)] = [], collapseOthers: Bool = false) {
            self.listed = listed
            self.collapseOthers = collapseOthers
        }

        public subscript(name: String) -> ColumnSpec? { listed.first { $0.name == name }?.spec }

        public static func == (a: Columns, b: Columns) -> Bool {
            a.collapseOthers == b.collapseOthers && a.listed.map(\.name) == b.listed.map(\.name)
                && a.listed.map(\.spec) == b.listed.map(\.spec)
        }
    }

    /// A figure of the cover: a column of the headline query's one row, and the column of its previous value.
    public struct Figure: Sendable, Equatable {
        public var title: String
        public var value: String
        public var previous: String?
        public var format: ColumnFormat?
    }

    public struct Headline: Sendable, Equatable {
        public var query: String
        public var figures: [Figure]
        public var line: Int?
    }

    public struct Chart: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case column, bar, line }
        /// Where the chart goes: under the table (on the cover, within its first screen), or right of it.
        public enum Position: String, Sendable, CaseIterable { case below, right }
        public var kind: Kind
        public var title: String?
        /// The column whose values label the x axis.
        public var categories: String
        /// The column plotted.
        public var values: String
        /// A column whose values each get a series of their own (a line per app), when set.
        public var series: String?
        /// Rows left out of the chart: column name and value (the TOTAL row).
        public var exclude: (column: String, value: String)?
        public var position: Position = .below
        public var line: Int?

        public static func == (a: Chart, b: Chart) -> Bool {
            a.kind == b.kind && a.title == b.title && a.categories == b.categories && a.values == b.values
                && a.series == b.series && a.exclude?.column == b.exclude?.column
                && a.exclude?.value == b.exclude?.value
                && a.position == b.position
        }
    }

    public struct Sheet: Sendable, Equatable {
        public var name: String
        /// The line above the table, before the period; by default the sheet's name.
        public var title: String?
        public var query: String
        public var csv: String?
        public var params: [String: String]
        public var columns: Columns
        /// The row set apart from the others (the TOTAL): column and value.
        public var total: Total?
        public var note: String?
        public var chart: Chart?
        /// The line of the sheet's `query:` key, for errors found when the query is loaded.
        public var line: Int?
    }

    public struct Total: Sendable, Equatable {
        public var column: String
        public var value: String
    }

    public struct PerApp: Sendable, Equatable {
        public var query: String
        /// The sheet name, `{app}` standing for the app id.
        public var sheet: String
        /// The line above the table, `{app}` standing for the app id.
        public var title: String
        public var columns: Columns
        public var line: Int?
    }

    public var name: String
    /// The cover's title.
    public var title: String
    public var description: String
    public var period: PeriodKind
    public var headline: Headline?
    public var sheets: [Sheet]
    public var perApp: PerApp?
    public var path: String

    /// Reads and checks a report file; every problem is exit 78 naming the file and the line.
    public static func load(path: String) throws(ExportError) -> ReportDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badReport(path: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .badReport(path: path, line: nil, message: "not UTF-8 text")
        }
        return try ReportDefinition(yaml: text, path: path)
    }

    public init(yaml: String, path: String) throws(ExportError) {
        self.path = path
        let document: Node?
        do throws(YAMLReader.Failure) {
            document = try YAMLReader.document(yaml)
        } catch {
            throw .badReport(path: path, line: error.line, message: error.message)
        }
        guard let root = document else { throw .badReport(path: path, line: nil, message: "the file is empty") }
        let reader = Reader(path: path)
        let top = try reader.mapping(
            root, "the report", keys: ["name", "title", "description", "period", "headline", "sheets", "per_app"])
        name = try reader.string(top, "name", required: true)!
        title = try reader.string(top, "title") ?? "\(name) report"
        headline = try reader.headline(top)
        description = try reader.string(top, "description") ?? ""
        let periodText = try reader.string(top, "period") ?? "week"
        guard let period = PeriodKind(rawValue: periodText) else {
            throw .badReport(
                path: path, line: top["period"]?.line,
                message: "period must be week or month, not '\(OneLine.excerpt(periodText))'")
        }
        self.period = period
        guard let sheetsNode = top["sheets"], let list = sheetsNode.sequence, !list.isEmpty else {
            throw .badReport(
                path: path, line: top["sheets"]?.line ?? root.line, message: "'sheets' must list at least one sheet")
        }
        var sheets: [Sheet] = []
        var csvNames = Set<String>()
        for node in list {
            let map = try reader.mapping(
                node, "a sheet",
                keys: [
                    "sheet", "title", "query", "csv", "params", "columns", "other_columns",
                    "total", "note", "chart",
                ])
            let sheet = Sheet(
                name: try reader.string(map, "sheet", required: true)!, title: try reader.string(map, "title"),
                query: try reader.string(map, "query", required: true)!,
                csv: try reader.string(map, "csv"), params: try reader.scalars(map, "params"),
                columns: try reader.columns(map), total: try reader.total(map), note: try reader.string(map, "note"),
                chart: try reader.chart(map), line: map["query"]?.line)
            if sheets.contains(where: { $0.name.lowercased() == sheet.name.lowercased() }) {
                throw .badReport(
                    path: path, line: map["sheet"]?.line,
                    message: "two sheets are named '\(OneLine.excerpt(sheet.name))'")
            }
            if let csv = sheet.csv {
                guard csv.hasSuffix(".csv"), !csv.contains("/"), !csv.hasPrefix("."), csv.count > 4 else {
                    throw .badReport(
                        path: path, line: map["csv"]?.line,
                        message: "csv must be a file name ending in .csv, not '\(OneLine.excerpt(csv))'")
                }
                guard csvNames.insert(csv).inserted else {
                    throw .badReport(
                        path: path, line: map["csv"]?.line, message: "two sheets write \(OneLine.excerpt(csv))")
                }
            }
            sheets.append(sheet)
        }
        self.sheets = sheets
        if let node = top["per_app"] {
            let map = try reader.mapping(
                node, "per_app", keys: ["query", "sheet", "title", "columns", "other_columns"])
            perApp = PerApp(
                query: try reader.string(map, "query", required: true)!,
                sheet: try reader.string(map, "sheet") ?? "{app}",
                title: try reader.string(map, "title") ?? "{app}", columns: try reader.columns(map),
                line: map["query"]?.line)
        } else {
            perApp = nil
        }
    }

    /// Reads typed values out of YAML nodes, with the file and line in every error.
    struct Reader {
        let path: String

        func fail(_ node: Node?, _ message: String) -> ExportError {
            .badReport(path: path, line: node?.line, message: message)
        }

        func mapping(_ node: Node, _ what: String, keys: [String]) throws(ExportError) -> Node.Mapping {
            guard let map = node.mapping else { throw fail(node, "\(what) must be a mapping") }
            for (key, _) in map {
                guard let name = key.string, keys.contains(name) else {
                    throw fail(
                        key,
                        "unknown key '\(OneLine.excerpt(key.string ?? "?"))' in \(what); expected: \(keys.joined(separator: ", "))"
                    )
                }
            }
            return map
        }

        func string(_ map: Node.Mapping, _ key: String, required: Bool = false) throws(ExportError) -> String? {
            guard let value = map[key] else {
                if required { throw fail(map.first?.key, "'\(key)' is missing") }
                return nil
            }
            guard let text = value.scalar?.string, !text.isEmpty else { throw fail(value, "'\(key)' must be a text") }
            return text
        }

        func scalars(_ map: Node.Mapping, _ key: String) throws(ExportError) -> [String: String] {
            guard let node = map[key] else { return [:] }
            guard let inner = node.mapping else { throw fail(node, "'\(key)' must map names to values") }
            var values: [String: String] = [:]
            for (k, v) in inner {
                guard let name = k.string, let value = v.scalar?.string else {
                    throw fail(k, "'\(key)' must map names to values")
                }
                values[name] = value
            }
            return values
        }

        /// `columns:` maps a name to a title, a format name (text, integer, ...), or `{title, format, blank}`.
        func columns(_ map: Node.Mapping) throws(ExportError) -> Columns {
            var columns = Columns()
            if let node = map["other_columns"] {
                switch node.scalar?.string {
                case "shown": columns.collapseOthers = false
                case "collapsed": columns.collapseOthers = true
                default:
                    throw fail(
                        node,
                        "other_columns must be shown or collapsed, not '\(OneLine.excerpt(node.scalar?.string ?? "?"))'"
                    )
                }
            }
            guard let node = map["columns"] else { return columns }
            guard let inner = node.mapping else {
                throw fail(node, "'columns' must map column names to titles or formats")
            }
            for (key, value) in inner {
                guard let name = key.string, !name.isEmpty else {
                    throw fail(key, "'columns' must map column names to titles or formats")
                }
                if columns.listed.contains(where: { $0.name == name }) {
                    throw fail(key, "column \(OneLine.excerpt(name)) is listed twice")
                }
                var spec = ColumnSpec()
                if let text = value.scalar?.string {
                    // A bare word that is a format is one (`submissions_remaining: integer`); any other text is a title.
                    if let format = ColumnFormat(rawValue: text) { spec.format = format } else { spec.title = text }
                } else if value.mapping != nil {
                    let entry = try mapping(
                        value, "column \(OneLine.excerpt(name))", keys: ["title", "format", "blank", "collapsed"])
                    spec.title = try string(entry, "title")
                    spec.blank = try string(entry, "blank")
                    if let flag = entry["collapsed"] {
                        guard let on = flag.bool else {
                            throw fail(flag, "column \(OneLine.excerpt(name)): collapsed must be true or false")
                        }
                        spec.collapsed = on
                    }
                    spec.format = try format(entry, of: "column \(OneLine.excerpt(name))")
                } else {
                    throw fail(
                        value,
                        "column \(OneLine.excerpt(name)) takes a title, a format or {title, format, blank, collapsed}")
                }
                columns.listed.append((name, spec))
            }
            return columns
        }

        /// The `format:` of a column or a figure (`what` names it in the error), or nil when not given.
        func format(_ map: Node.Mapping, of what: String) throws(ExportError) -> ColumnFormat? {
            guard let text = try string(map, "format") else { return nil }
            guard let format = ColumnFormat(rawValue: text) else {
                throw fail(
                    map["format"],
                    "\(what): unknown format '\(OneLine.excerpt(text))'; expected: \(ColumnFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return format
        }

        func total(_ map: Node.Mapping) throws(ExportError) -> Total? {
            guard map["total"] != nil else { return nil }
            let pairs = try scalars(map, "total")
            guard pairs.count == 1, let pair = pairs.first else {
                throw fail(map["total"], "'total' takes one column: value")
            }
            return Total(column: pair.key, value: pair.value)
        }

        func headline(_ top: Node.Mapping) throws(ExportError) -> Headline? {
            guard let node = top["headline"] else { return nil }
            let map = try mapping(node, "headline", keys: ["query", "figures"])
            guard let list = map["figures"]?.sequence, !list.isEmpty else {
                throw fail(map["figures"] ?? node, "'figures' must list at least one figure")
            }
            var figures: [Figure] = []
            for item in list {
                let entry = try mapping(item, "a figure", keys: ["title", "value", "previous", "format"])
                let title = try string(entry, "title", required: true)!
                figures.append(
                    Figure(
                        title: title, value: try string(entry, "value", required: true)!,
                        previous: try string(entry, "previous"),
                        format: try format(entry, of: "figure \(OneLine.excerpt(title))")))
            }
            return Headline(
                query: try string(map, "query", required: true)!, figures: figures, line: map["query"]?.line)
        }

        func chart(_ sheet: Node.Mapping) throws(ExportError) -> Chart? {
            guard let node = sheet["chart"] else { return nil }
            let map = try mapping(
                node, "a chart", keys: ["type", "title", "categories", "values", "series", "exclude", "position"])
            let kindText = try string(map, "type", required: true)!
            guard let kind = Chart.Kind(rawValue: kindText) else {
                throw fail(map["type"], "chart type must be column, bar or line, not '\(OneLine.excerpt(kindText))'")
            }
            var position = Chart.Position.below
            if let text = try string(map, "position") {
                guard let given = Chart.Position(rawValue: text) else {
                    throw fail(map["position"], "chart position must be below or right, not '\(OneLine.excerpt(text))'")
                }
                position = given
            }
            var exclude: (column: String, value: String)?
            if map["exclude"] != nil {
                let pairs = try scalars(map, "exclude")
                guard pairs.count == 1, let pair = pairs.first else {
                    throw fail(map["exclude"], "'exclude' takes one column: value")
                }
                exclude = (pair.key, pair.value)
            }
            return Chart(
                kind: kind, title: try string(map, "title"), categories: try string(map, "categories", required: true)!,
                values: try string(map, "values", required: true)!, series: try string(map, "series"),
                exclude: exclude, position: position, line: node.line)
        }
    }
}
