import Analysis
import AppTrailModel
import Foundation
import GRDB
import Warehouse

/// Makes a report of `reports/` for a period: the workbook, the CSV folder, the HTML page, or all three, from one
/// snapshot of the warehouse.
///
/// The queries run on two reader connections at once (`Warehouse.readInLanes`): the first sheet and the per-app
/// sheets on one, the headline and the other sheets on the other. Every file is written under a temporary name
/// and takes its own once all of them are complete.
public struct ReportRun {
    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv, html, all

        var wantsWorkbook: Bool { self == .xlsx || self == .all }
        var wantsCSV: Bool { self == .csv || self == .all }
        var wantsHTML: Bool { self == .html || self == .all }
    }

    public struct Options: Sendable {
        public var period: Period
        /// Where expirations and pending ages are evaluated: the period's end, or now when earlier.
        public var asOf: Instant
        public var format: Format = .xlsx
        public var out: String = "."
        /// When the report is made, as the cover says and the workbook records: the same inputs at the same
        /// instant give the same bytes.
        public var generatedAt: Instant?
        /// The server and tenant the warehouse was filled from, for the cover.
        public var source: ReportContent.Source?
        public init(period: Period, asOf: Instant, generatedAt: Instant? = nil) {
            self.period = period
            self.asOf = asOf
            self.generatedAt = generatedAt
        }
    }

    /// What was written.
    public struct Output: Sendable {
        public var workbook: String?
        public var csvFolder: String?
        public var html: String?
        /// Rows per sheet, in the workbook's order (per-app sheets included).
        public var sheets: [(name: String, rows: Int)]
        /// What libxlsxwriter said without failing, for the caller to report.
        public var warnings: [String] = []
    }

    /// A query with its bound arguments.
    struct Planned: @unchecked Sendable {
        var query: QueryFile
        var arguments: StatementArguments
    }

    enum LaneResult: @unchecked Sendable {
        case table(Int, ResultSet)
        case headline(ResultSet)
        case perApp([(name: String, rows: Int)])
    }

    /// Makes the report's files for the period of `options`, from one snapshot of the warehouse.
    ///
    /// `sheetsPlanned` hears of sheets to make as they become known (the per-app ones once the apps are),
    /// `sheetsDone` of each sheet whose rows are read; both may be called from the lanes' threads.
    public static func run(_ report: ReportDefinition, queries: QueryCatalog, warehouse: Warehouse,
                           options: Options, sheetsPlanned: @escaping @Sendable (Int) -> Void = { _ in },
                           sheetsDone: @escaping @Sendable (Int) -> Void = { _ in }) throws -> Output {
        let period = ["from": options.period.from.iso, "to": options.period.to.iso, "as_of": options.asOf.iso]
        let planned = try report.sheets.map { sheet in
            let query = try load(sheet.query, from: queries, report: report, line: sheet.line)
            return Planned(query: query, arguments: try bind(query, values: sheet.params.merging(period) { given, _ in given },
                                                             report: report, line: sheet.line))
        }
        let headline = try report.headline.map { headline in
            let query = try load(headline.query, from: queries, report: report, line: headline.line)
            return Planned(query: query, arguments: try bind(query, values: period, report: report, line: headline.line))
        }
        let perAppQuery = try report.perApp.map { try load($0.query, from: queries, report: report, line: $0.line) }
        try perAppQuery?.requireText("app")
        let base = "\(report.name)-\(options.period.fileLabel)"
        try OutputFolder.prepare(options.out)
        let workbookPath = (options.out as NSString).appendingPathComponent(base + ".xlsx")
        let temporaryWorkbook = OutputFolder.sibling(of: workbookPath)

        // The workbook's sheets exist before any lane runs, so that they keep the report's order.
        let workbook = options.format.wantsWorkbook ? try XLSXWorkbook(path: temporaryWorkbook, constantMemory: true) : nil
        workbook?.setProperties(title: ReportContent.footer(title: report.title, period: options.period), created: options.generatedAt)
        var completed = false
        defer { if !completed { unlink(temporaryWorkbook) } }
        let fixedSheets = try workbook.map { book in try report.sheets.map { try book.addSheet($0.name) } } ?? []

        let shared = Shared(workbook: workbook)
        // The CSV folder alone needs neither the figures nor the sheets that write no file.
        let designed = options.format != .csv
        let needed = report.sheets.indices.filter { designed || report.sheets[$0].csv != nil }
        sheetsPlanned(needed.count)
        func read(_ index: Int) -> Warehouse.ReadTask<LaneResult> {
            let p = planned[index]
            return { db in
                defer { sheetsDone(1) }
                return .table(index, try p.query.fetch(db, arguments: p.arguments))
            }
        }
        var laneA = needed.prefix(1).map(read)
        if let perApp = report.perApp, let perAppQuery, workbook != nil {
            laneA.append { db in
                .perApp(try writePerAppSheets(perApp, query: perAppQuery, period: options.period, report: report, db: db,
                                              workbook: shared.workbook!, planned: sheetsPlanned, done: sheetsDone))
            }
        }
        var laneB = needed.dropFirst().map(read)
        if let headline, designed {
            let task: Warehouse.ReadTask<LaneResult> = { db in .headline(try headline.query.fetch(db, arguments: headline.arguments)) }
            // Beside the first sheet when no per-app sheets are written, else before the other sheets.
            if workbook == nil || report.perApp == nil { laneA.append(task) } else { laneB.insert(task, at: 0) }
        }
        var results = [ResultSet?](repeating: nil, count: planned.count)
        var headlineRows: ResultSet?
        var perAppSheets: [(name: String, rows: Int)] = []
        for result in try warehouse.readInLanes([laneA, laneB]).joined() {
            switch result {
            case .table(let index, let rows): results[index] = rows
            case .headline(let rows): headlineRows = rows
            case .perApp(let sheets): perAppSheets = sheets
            }
        }
        let content = designed ? try ReportContent(report, results: results.map { $0! }, headline: headlineRows, options: options) : nil

        var output = Output(workbook: nil, csvFolder: nil, html: nil,
                            sheets: needed.map { (report.sheets[$0].name, results[$0]!.rows.count) } + perAppSheets)
        if let workbook, let content {
            try ReportWorkbook.write(content, into: fixedSheets, workbook: workbook)
            try workbook.close()
            output.warnings = workbook.warnings
            // As every output: on disk before it takes its final name, so that a crash cannot leave a renamed
            // but empty workbook.
            try OutputFile.syncToDisk(temporaryWorkbook, reportingAs: workbookPath)
        }
        let html = try options.format.wantsHTML ? OutputFile(path: (options.out as NSString).appendingPathComponent(base + ".html")) : nil
        if let html, let content {
            let note = report.perApp == nil ? nil
                : "Each app's executions of the period: one sheet per app in \(base).xlsx (apptrail report --format xlsx), or apptrail export for the auditors' CSV files."
            try html.append(Array(ReportHTML.render(content, perAppNote: note).utf8))
        }
        let csvStaging = try options.format.wantsCSV
            ? stageCSVFolder((options.out as NSString).appendingPathComponent(base),
                             files: needed.compactMap { i in report.sheets[i].csv.map { ($0, results[i]!) } })
            : nil
        defer { if !completed, let csvStaging { try? FileManager.default.removeItem(atPath: csvStaging.staging) } }

        // Published together once all are complete: the workbook, the page, then the folder.
        if workbook != nil {
            guard rename(temporaryWorkbook, workbookPath) == 0 else {
                throw ExportError.cannotWrite(path: workbookPath, reason: String(cString: strerror(errno)))
            }
            output.workbook = workbookPath
        }
        if let html {
            _ = try html.commit()
            output.html = html.path
        }
        if let csvStaging { output.csvFolder = try publishCSVFolder(csvStaging) }
        completed = true
        return output
    }

    /// Holds what the lanes share; only the per-app lane touches the workbook while lanes run.
    final class Shared: @unchecked Sendable {
        let workbook: XLSXWorkbook?
        init(workbook: XLSXWorkbook?) { self.workbook = workbook }
    }

    static func load(_ name: String, from queries: QueryCatalog, report: ReportDefinition, line: Int?) throws(ExportError) -> QueryFile {
        do {
            return try queries.query(name)
        } catch let error as AnalysisError {
            throw .badReport(path: report.path, line: line, message: error.description)
        } catch {
            throw .badReport(path: report.path, line: line, message: "query \(name): \(error)")
        }
    }

    /// The sheet's arguments, each bound by the type the query declares; a value missing or of the wrong type
    /// is the report file's mistake.
    static func bind(_ query: QueryFile, values: [String: String], report: ReportDefinition, line: Int?) throws(ExportError) -> StatementArguments {
        let declared = Set(query.parameters.map(\.name))
        do {
            return try query.arguments(values.filter { declared.contains($0.key) })
        } catch {
            let hint = if case .missingParameter = error { " (give it under 'params')" } else { "" }
            throw .badReport(path: report.path, line: line, message: error.description + hint)
        }
    }

    /// One sheet per app with a submission in the period, its rows streamed from SQLite into the workbook.
    static func writePerAppSheets(_ perApp: ReportDefinition.PerApp, query: QueryFile, period: Period,
                                  report: ReportDefinition, db: Database, workbook: XLSXWorkbook,
                                  planned: (Int) -> Void, done: (Int) -> Void) throws -> [(name: String, rows: Int)] {
        let values = ["from": period.from.iso, "to": period.to.iso]
        let apps = try String.fetchAll(db, sql: """
            SELECT DISTINCT app_id FROM app_executions WHERE submitted_at >= ? AND submitted_at < ? ORDER BY app_id
            """, arguments: [values["from"], values["to"]])
        planned(apps.count)
        let footer = ReportContent.footer(title: report.title, period: period)
        var written: [(name: String, rows: Int)] = []
        for app in apps {
            let arguments = try bind(query, values: values.merging(["app": app]) { _, new in new }, report: report, line: perApp.line)
            let name = perApp.sheet.replacingOccurrences(of: "{app}", with: app)
            let caption = perApp.title.replacingOccurrences(of: "{app}", with: app) + ", " + period.readableLabel
            try query.withCursor(db, arguments: arguments) { cursor in
                let columns = try ReportContent.columns(of: cursor.columnNames, perApp.columns, sheet: name, report: report, line: perApp.line)
                var sheet = try workbook.addSheet(name)
                var writer = SheetWriter(sheet: sheet, columns: columns, caption: caption)
                while try cursor.step() {
                    if writer.isFull {
                        // Past Excel's row limit the app goes on in a sheet of the same name, numbered.
                        writer.finish(footer: footer)
                        written.append((sheet.name, writer.rows))
                        sheet = try workbook.addSheet(name)
                        writer = SheetWriter(sheet: sheet, columns: columns, caption: caption + " (continued)")
                    }
                    writer.append(cursor)
                }
                writer.finish(footer: footer)
                written.append((sheet.name, writer.rows))
            }
            done(1)
        }
        return written
    }

    /// Writes the CSV files into a fresh staging folder, to replace `folder` once every output is complete.
    static func stageCSVFolder(_ folder: String, files: [(name: String, table: ResultSet)]) throws -> (staging: String, folder: String) {
        let staging = OutputFolder.sibling(of: folder)
        try? FileManager.default.removeItem(atPath: staging)
        guard mkdir(staging, 0o755) == 0 else { throw ExportError.cannotWrite(path: staging, reason: String(cString: strerror(errno))) }
        var done = false
        defer { if !done { try? FileManager.default.removeItem(atPath: staging) } }
        for (file, table) in files {
            let output = try OutputFile(path: (staging as NSString).appendingPathComponent(file))
            try output.append(Array(table.formatted(.csv).utf8))
            _ = try output.commit()
        }
        done = true
        return (staging, folder)
    }

    /// Puts a staged folder in place of the old one.
    static func publishCSVFolder(_ staged: (staging: String, folder: String)) throws -> String {
        let (staging, folder) = staged
        // A folder cannot replace another in one rename: the old one steps aside first.
        let old = OutputFolder.sibling(of: folder, .old)
        let hadOld = rename(folder, old) == 0
        guard rename(staging, folder) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(old, folder) }
            try? FileManager.default.removeItem(atPath: staging)
            throw ExportError.cannotWrite(path: folder, reason: reason)
        }
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
        return folder
    }
}
