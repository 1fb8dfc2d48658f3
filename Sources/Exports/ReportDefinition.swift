import AppTrailModel
import Analysis
import Foundation
import YAMLDiagnostics
import Yams

/// A report of `reports/`: its default period and, per sheet, the query of `queries/`, the columns' formats and
/// the chart, so that a manager can add a report without touching Swift.
///
/// ```yaml
/// name: weekly
/// description: ...
/// period: week                 # week or month: the default period, the last complete one
/// sheets:
///   - sheet: Summary
///     query: summary
///     csv: summary.csv         # the sheet's file in the CSV folder; omit to leave it out of CSV
///     params: {limit: 10}      # values of parameters beyond from, to and as_of
///     columns: {expires_at: datetime}
///     chart: {type: column, title: Submissions per app, categories: app_id, values: submissions,
///             exclude: {app_id: TOTAL}}
/// per_app:                      # one more sheet per app with a submission in the period (workbook only)
///   query: audit
///   sheet: "{app}"
/// ```
public struct ReportDefinition: Sendable, Equatable {
    /// How a column's cells look in the workbook; by default inferred from the column's name.
    public enum ColumnFormat: String, Sendable, CaseIterable {
        case text, integer, number, seconds, rate, datetime, date
    }

    public enum PeriodKind: String, Sendable, CaseIterable { case week, month }

    public struct Chart: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case column, line }
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
        public var line: Int?

        public static func == (a: Chart, b: Chart) -> Bool {
            a.kind == b.kind && a.title == b.title && a.categories == b.categories && a.values == b.values
                && a.series == b.series && a.exclude?.column == b.exclude?.column && a.exclude?.value == b.exclude?.value
        }
    }

    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var query: String
        public var csv: String?
        public var params: [String: String]
        public var columns: [String: ColumnFormat]
        public var chart: Chart?
        /// The line of the sheet's `query:` key, for errors found when the query is loaded.
        public var line: Int?
    }

    public struct PerApp: Sendable, Equatable {
        public var query: String
        /// The sheet name, `{app}` standing for the app id.
        public var sheet: String
        public var columns: [String: ColumnFormat]
        public var line: Int?
    }

    public var name: String
    public var description: String
    public var period: PeriodKind
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
        let root: Node
        do {
            try AliasBudget.check(yaml)
            guard let node = try Yams.compose(yaml: yaml) else { throw ExportError.badReport(path: path, line: nil, message: "the file is empty") }
            root = node
        } catch let error as ExportError {
            throw error
        } catch let error as YamlError {
            throw .badReport(path: path, line: error.line, message: "not valid YAML: \(error.problem)")
        } catch let error as AliasBudget.Exceeded {
            throw .badReport(path: path, line: error.line, message: error.message)
        } catch {
            throw .badReport(path: path, line: nil, message: "not valid YAML: \(OneLine.excerpt("\(error)", limit: 200))")
        }
        let reader = Reader(path: path)
        let top = try reader.mapping(root, "the report", keys: ["name", "description", "period", "sheets", "per_app"])
        name = try reader.string(top, "name", required: true)!
        description = try reader.string(top, "description") ?? ""
        let periodText = try reader.string(top, "period") ?? "week"
        guard let period = PeriodKind(rawValue: periodText) else {
            throw .badReport(path: path, line: top["period"]?.line, message: "period must be week or month, not '\(OneLine.excerpt(periodText))'")
        }
        self.period = period
        guard let sheetsNode = top["sheets"], let list = sheetsNode.sequence, !list.isEmpty else {
            throw .badReport(path: path, line: top["sheets"]?.line ?? root.line, message: "'sheets' must list at least one sheet")
        }
        var sheets: [Sheet] = []
        var csvNames = Set<String>()
        for node in list {
            let map = try reader.mapping(node, "a sheet", keys: ["sheet", "query", "csv", "params", "columns", "chart"])
            let sheet = Sheet(name: try reader.string(map, "sheet", required: true)!, query: try reader.string(map, "query", required: true)!,
                              csv: try reader.string(map, "csv"), params: try reader.scalars(map, "params"),
                              columns: try reader.columns(map), chart: try reader.chart(map), line: map["query"]?.line)
            if sheets.contains(where: { $0.name.lowercased() == sheet.name.lowercased() }) {
                throw .badReport(path: path, line: map["sheet"]?.line, message: "two sheets are named '\(OneLine.excerpt(sheet.name))'")
            }
            if let csv = sheet.csv {
                guard csv.hasSuffix(".csv"), !csv.contains("/"), !csv.hasPrefix("."), csv.count > 4 else {
                    throw .badReport(path: path, line: map["csv"]?.line, message: "csv must be a file name ending in .csv, not '\(OneLine.excerpt(csv))'")
                }
                guard csvNames.insert(csv).inserted else {
                    throw .badReport(path: path, line: map["csv"]?.line, message: "two sheets write \(OneLine.excerpt(csv))")
                }
            }
            sheets.append(sheet)
        }
        self.sheets = sheets
        if let node = top["per_app"] {
            let map = try reader.mapping(node, "per_app", keys: ["query", "sheet", "columns"])
            perApp = PerApp(query: try reader.string(map, "query", required: true)!, sheet: try reader.string(map, "sheet") ?? "{app}",
                            columns: try reader.columns(map), line: map["query"]?.line)
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
                    throw fail(key, "unknown key '\(OneLine.excerpt(key.string ?? "?"))' in \(what); expected: \(keys.joined(separator: ", "))")
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
                guard let name = k.string, let value = v.scalar?.string else { throw fail(k, "'\(key)' must map names to values") }
                values[name] = value
            }
            return values
        }

        func columns(_ map: Node.Mapping) throws(ExportError) -> [String: ColumnFormat] {
            var formats: [String: ColumnFormat] = [:]
            for (name, text) in try scalars(map, "columns") {
                guard let format = ColumnFormat(rawValue: text) else {
                    let node = map["columns"]?.mapping?.first { $0.key.string == name }?.value
                    throw fail(node, "column \(OneLine.excerpt(name)): unknown format '\(OneLine.excerpt(text))'; expected: \(ColumnFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                formats[name] = format
            }
            return formats
        }

        func chart(_ sheet: Node.Mapping) throws(ExportError) -> Chart? {
            guard let node = sheet["chart"] else { return nil }
            let map = try mapping(node, "a chart", keys: ["type", "title", "categories", "values", "series", "exclude"])
            let kindText = try string(map, "type", required: true)!
            guard let kind = Chart.Kind(rawValue: kindText) else {
                throw fail(map["type"], "chart type must be column or line, not '\(OneLine.excerpt(kindText))'")
            }
            var exclude: (column: String, value: String)?
            if map["exclude"] != nil {
                let pairs = try scalars(map, "exclude")
                guard pairs.count == 1, let pair = pairs.first else { throw fail(map["exclude"], "'exclude' takes one column: value") }
                exclude = (pair.key, pair.value)
            }
            return Chart(kind: kind, title: try string(map, "title"), categories: try string(map, "categories", required: true)!,
                         values: try string(map, "values", required: true)!, series: try string(map, "series"),
                         exclude: exclude, line: node.line)
        }
    }
}
