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
///
/// A run is four steps: `plan` (queries loaded, arguments bound), `read` (the lanes), `write` (every output
/// complete under its temporary name, `Staged`) and `publish`.
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
    public static func run(
        _ report: ReportDefinition, queries: QueryCatalog, warehouse: Warehouse,
        options: Options, sheetsPlanned: @escaping @Sendable (Int) -> Void = { _ in },
        sheetsDone: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws -> Output {
        let plan = try self.plan(report, queries: queries, options: options)
        try OutputFolder.prepare(options.out)
        let staged = Staged()
        var completed = false
        defer { if !completed { staged.discard() } }
        // The workbook's sheets exist before any lane runs, so that they keep the report's order.
        var workbook: XLSXWorkbook?
        if options.format.wantsWorkbook {
            let temporary = OutputFolder.sibling(of: plan.path(".xlsx"))
            staged.workbook = (temporary, plan.path(".xlsx"))
            workbook = try XLSXWorkbook(path: temporary, constantMemory: true)
            workbook?.setProperties(
                title: ReportContent.footer(title: report.title, period: options.period), created: options.generatedAt)
        }
        let fixedSheets = try workbook.map { book in try report.sheets.map { try book.addSheet($0.name) } } ?? []

        let read = try self.read(
            plan, warehouse: warehouse, workbook: workbook, sheetsPlanned: sheetsPlanned, sheetsDone: sheetsDone)
        var output = Output(
            workbook: nil, csvFolder: nil, html: nil,
            sheets: plan.needed.map { (report.sheets[$0].name, read.results[$0]!.rows.count) } + read.perAppSheets)
        output.warnings = try write(plan, read: read, workbook: workbook.map { ($0, fixedSheets) }, into: staged)
        try publish(staged, into: &output)
        completed = true
        return output
    }

    /// What a run makes, settled before anything is read: each sheet's query with its arguments, the
    /// headline's, the per-app sheets' query, and the files' names.
    struct Plan {
        var report: ReportDefinition
        var options: Options
        var sheets: [Planned]
        var headline: Planned?
        var perAppQuery: QueryFile?
        /// The sheets whose rows are read: every one, or for the CSV folder alone those that write a file.
        var needed: [Int]
        /// Whether the workbook or the page is made: they need the figures and every sheet.
        var designed: Bool
        /// `weekly-2026-W47`: the files' name without its extension.
        var base: String

        /// The output named `base` followed by `suffix` in the run's folder.
        func path(_ suffix: String) -> String { (options.out as NSString).appendingPathComponent(base + suffix) }
    }

    /// Loads the report's queries and binds their arguments: a query missing or an argument of the wrong type
    /// fails before any file is touched.
    static func plan(_ report: ReportDefinition, queries: QueryCatalog, options: Options) throws -> Plan {
        let period = ["from": options.period.from.iso, "to": options.period.to.iso, "as_of": options.asOf.iso]
        let sheets = try report.sheets.map { sheet in
            let query = try load(sheet.query, from: queries, report: report, line: sheet.line)
            return Planned(
                query: query,
                arguments: try bind(
                    query, values: sheet.params.merging(period) { given, _ in given },
                    report: report, line: sheet.line))
        }
        let headline = try report.headline.map { headline in
            let query = try load(headline.query, from: queries, report: report, line: headline.line)
            return Planned(
                query: query, arguments: try bind(query, values: period, report: report, line: headline.line))
        }
        let perAppQuery = try report.perApp.map { try load($0.query, from: queries, report: report, line: $0.line) }
        try perAppQuery?.requireText("app")
        // The CSV folder alone needs neither the figures nor the sheets that write no file.
        let designed = options.format != .csv
        return Plan(
            report: report, options: options, sheets: sheets, headline: headline, perAppQuery: perAppQuery,
            needed: report.sheets.indices.filter { designed || report.sheets[$0].csv != nil }, designed: designed,
            base: "\(report.name)-\(options.period.fileLabel)")
    }

    /// What the lanes read: a result per needed sheet (nil for the others), the headline's, and the per-app
    /// sheets, which are written into the workbook as they are read.
    struct Read {
        var results: [ResultSet?]
        var headline: ResultSet?
        var perAppSheets: [(name: String, rows: Int)]
    }

    /// Runs the plan's queries on two lanes of one snapshot (see the type's comment).
    static func read(
        _ plan: Plan, warehouse: Warehouse, workbook: XLSXWorkbook?, sheetsPlanned: @escaping @Sendable (Int) -> Void,
        sheetsDone: @escaping @Sendable (Int) -> Void
    ) throws -> Read {
        let planned = plan.sheets
        let report = plan.report
        let period = plan.options.period
        let shared = Shared(workbook: workbook)
        sheetsPlanned(plan.needed.count)
        func read(_ index: Int) -> Warehouse.ReadTask<LaneResult> {
            let p = planned[index]
            return { db in
                defer { sheetsDone(1) }
                return .table(index, try p.query.fetch(db, arguments: p.arguments))
            }
        }
        var laneA = plan.needed.prefix(1).map(read)
        if let perApp = report.perApp, let perAppQuery = plan.perAppQuery, workbook != nil {
            laneA.append { db in
                .perApp(
                    try writePerAppSheets(
                        perApp, query: perAppQuery, period: period, report: report, db: db,
                        workbook: shared.workbook!, planned: sheetsPlanned, done: sheetsDone))
            }
        }
        var laneB = plan.needed.dropFirst().map(read)
        if let headline = plan.headline, plan.designed {
            let task: Warehouse.ReadTask<LaneResult> = { db in
                .headline(try headline.query.fetch(db, arguments: headline.arguments))
            }
            // Beside the first sheet when no per-app sheets are written, else before the other sheets.
            if workbook == nil || report.perApp == nil { laneA.append(task) } else { laneB.insert(task, at: 0) }
        }
        var read = Read(results: [ResultSet?](repeating: nil, count: planned.count), headline: nil, perAppSheets: [])
        for result in try warehouse.readInLanes([laneA, laneB]).joined() {
            switch result {
            case .table(let index, let rows): read.results[index] = rows
            case .headline(let rows): read.headline = rows
            case .perApp(let sheets): read.perAppSheets = sheets
            }
        }
        return read
    }

    /// The outputs written under their temporary names, to take their own together.
    final class Staged {
        /// The closed workbook's temporary name and its own.
        var workbook: (temporary: String, path: String)?
        var html: OutputFile?
        var csvFolder: (staging: String, folder: String)?

        /// Removes what is staged: a run that fails leaves the outputs of an earlier one as they were.
        func discard() {
            if let workbook { unlink(workbook.temporary) }
            html?.discard()
            if let csvFolder { try? FileManager.default.removeItem(atPath: csvFolder.staging) }
        }
    }

    /// Writes the workbook's fixed sheets and closes it, the page and the CSV folder, each complete under a
    /// temporary name in `staged`; returns what libxlsxwriter warned of.
    static func write(
        _ plan: Plan, read: Read, workbook: (book: XLSXWorkbook, sheets: [XLSXSheet])?, into staged: Staged
    ) throws -> [String] {
        let report = plan.report
        let content =
            plan.designed
            ? try ReportContent(
                report, results: read.results.map { $0! }, headline: read.headline, options: plan.options) : nil
        var warnings: [String] = []
        if let workbook, let content {
            try ReportWorkbook.write(content, into: workbook.sheets, workbook: workbook.book)
            try workbook.book.close()
            warnings = workbook.book.warnings
        }
        if plan.options.format.wantsHTML, let content {
            let html = try OutputFile(path: plan.path(".html"))
            staged.html = html
            let note =
                report.perApp == nil
                ? nil
                : "Each app's executions of the period: one sheet per app in \(plan.base).xlsx (apptrail report --format xlsx), or apptrail export for the auditors' CSV files."
            try html.append(Array(ReportHTML.render(content, perAppNote: note).utf8))
        }
        if plan.options.format.wantsCSV {
            staged.csvFolder = try stageCSVFolder(
                plan.path(""),
                files: plan.needed.compactMap { i in report.sheets[i].csv.map { ($0, read.results[i]!) } })
        }
        return warnings
    }

    /// Puts the staged outputs in place once all are complete: the workbook, the page, then the folder, each
    /// synced to disk before it takes its name (`OutputFile.publish`).
    static func publish(_ staged: Staged, into output: inout Output) throws {
        if let workbook = staged.workbook {
            try OutputFile.publish(workbook.temporary, at: workbook.path)
            output.workbook = workbook.path
        }
        if let html = staged.html {
            _ = try html.commit()
            output.html = html.path
        }
        if let csvFolder = staged.csvFolder {
            try OutputFile.publish(csvFolder.staging, at: csvFolder.folder)
            output.csvFolder = csvFolder.folder
        }
    }

    /// Holds what the lanes share; only the per-app lane touches the workbook while lanes run.
    final class Shared: @unchecked Sendable {
        let workbook: XLSXWorkbook?
        init(workbook: XLSXWorkbook?) { self.workbook = workbook }
    }

    static func load(_ name: String, from queries: QueryCatalog, report: ReportDefinition, line: Int?)
        throws(ExportError) -> QueryFile
    {
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
    static func bind(_ query: QueryFile, values: [String: String], report: ReportDefinition, line: Int?)
        throws(ExportError) -> StatementArguments
    {
        let declared = Set(query.parameters.map(\.name))
        do {
            return try query.arguments(values.filter { declared.contains($0.key) })
        } catch {
            let hint = if case .missingParameter = error { " (give it under 'params')" } else { "" }
            throw .badReport(path: report.path, line: line, message: error.description + hint)
        }
    }

    /// One sheet per app with a submission in the period, its rows streamed from SQLite into the workbook.
    static func writePerAppSheets(
        _ perApp: ReportDefinition.PerApp, query: QueryFile, period: Period,
        report: ReportDefinition, db: Database, workbook: XLSXWorkbook,
        planned: (Int) -> Void, done: (Int) -> Void
    ) throws -> [(name: String, rows: Int)] {
        let values = ["from": period.from.iso, "to": period.to.iso]
        let apps = try Warehouse.appIdsSubmitted(db, from: period.from.iso, to: period.to.iso)
        planned(apps.count)
        let footer = ReportContent.footer(title: report.title, period: period)
        var written: [(name: String, rows: Int)] = []
        for app in apps {
            let arguments = try bind(
                query, values: values.merging(["app": app]) { _, new in new }, report: report, line: perApp.line)
            let name = perApp.sheet.replacingOccurrences(of: "{app}", with: app)
            let caption = perApp.title.replacingOccurrences(of: "{app}", with: app) + ", " + period.readableLabel
            try query.withCursor(db, arguments: arguments) { cursor in
                let columns = try ReportContent.columns(
                    of: cursor.columnNames, perApp.columns, sheet: name, report: report, line: perApp.line)
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
    static func stageCSVFolder(_ folder: String, files: [(name: String, table: ResultSet)]) throws -> (
        staging: String, folder: String
    ) {
        let staging = OutputFolder.sibling(of: folder)
        try? FileManager.default.removeItem(atPath: staging)
        guard mkdir(staging, 0o755) == 0 else {
            throw ExportError.cannotWrite(path: staging, reason: String(cString: strerror(errno)))
        }
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
}
