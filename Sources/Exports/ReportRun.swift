import Analysis
import AppTrailModel
import Foundation
import GRDB
import Warehouse

/// Makes a report of `reports/` for a period: the workbook, the CSV folder, or both, all from one snapshot of
/// the warehouse.
///
/// The sheets' queries run on two reader connections at once (`Warehouse.readInLanes`): the first sheet and the
/// per-app sheets on one, the other sheets on the other. Files are written under temporary names and renamed
/// when complete.
public struct ReportRun {
    public enum Format: String, Sendable, CaseIterable { case xlsx, csv, all }

    public struct Options: Sendable {
        public var period: Period
        /// Where expirations and pending ages are evaluated: the period's end, or now when earlier.
        public var asOf: Instant
        public var format: Format = .xlsx
        public var out: String = "."
        /// The creation date the workbook records: the same inputs at the same instant give the same bytes.
        public var generatedAt: Instant?
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
        /// Rows per sheet, in the workbook's order (per-app sheets included).
        public var sheets: [(name: String, rows: Int)]
    }

    /// A sheet's query with its bound arguments.
    struct Planned: @unchecked Sendable {
        var sheet: ReportDefinition.Sheet
        var query: QueryFile
        var arguments: StatementArguments
    }

    enum LaneResult: @unchecked Sendable {
        case table(ResultSet)
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
            let arguments = try bind(query, values: sheet.params.merging(period) { given, _ in given }, report: report, line: sheet.line)
            return Planned(sheet: sheet, query: query, arguments: arguments)
        }
        let perAppQuery = try report.perApp.map { try load($0.query, from: queries, report: report, line: $0.line) }
        try perAppQuery?.requireText("app")
        let base = "\(report.name)-\(options.period.fileLabel)"
        try OutputFolder.prepare(options.out)
        let wantsWorkbook = options.format != .csv
        let workbookPath = (options.out as NSString).appendingPathComponent(base + ".xlsx")
        let temporaryWorkbook = OutputFolder.sibling(of: workbookPath)

        // The workbook's sheets exist before any lane runs, so that they keep the report's order.
        let workbook = wantsWorkbook ? try XLSXWorkbook(path: temporaryWorkbook, constantMemory: true) : nil
        workbook?.setProperties(title: "\(report.name) \(options.period.fileLabel)", created: options.generatedAt)
        var completed = false
        defer { if !completed { unlink(temporaryWorkbook) } }
        let fixedSheets = try workbook.map { book in try report.sheets.map { try book.addSheet($0.name) } } ?? []

        let shared = Shared(workbook: workbook)
        sheetsPlanned(planned.count)
        var laneA: [Warehouse.ReadTask<LaneResult>] = [{ db in
            defer { sheetsDone(1) }
            return .table(try planned[0].query.fetch(db, arguments: planned[0].arguments))
        }]
        if let perApp = report.perApp, let perAppQuery, wantsWorkbook {
            laneA.append { db in
                .perApp(try writePerAppSheets(perApp, query: perAppQuery, period: period, report: report, db: db,
                                              workbook: shared.workbook!, planned: sheetsPlanned, done: sheetsDone))
            }
        }
        let laneB: [Warehouse.ReadTask<LaneResult>] = planned.dropFirst().map { p in
            { db in
                defer { sheetsDone(1) }
                return .table(try p.query.fetch(db, arguments: p.arguments))
            }
        }
        let lanes = try warehouse.readInLanes([laneA, laneB])
        var tables: [ResultSet] = []
        var perAppSheets: [(name: String, rows: Int)] = []
        for result in lanes.joined() {
            switch result {
            case .table(let t): tables.append(t)
            case .perApp(let sheets): perAppSheets = sheets
            }
        }

        var output = Output(workbook: nil, csvFolder: nil, sheets: zip(report.sheets, tables).map { ($0.name, $1.rows.count) } + perAppSheets)
        if let workbook {
            for (i, (plan, table)) in zip(planned, tables).enumerated() {
                var writer = SheetWriter(sheet: fixedSheets[i], columns: table.columns, overrides: plan.sheet.columns)
                for row in table.rows where !writer.isFull { writer.append(row) }
                writer.finish()
                if let chart = plan.sheet.chart {
                    try ChartBuilder.add(chart, of: table, to: fixedSheets[i], in: workbook, report: report)
                }
            }
            try workbook.close()
            // As every output: on disk before it takes its final name, so that a crash cannot leave a renamed
            // but empty workbook.
            let descriptor = open(temporaryWorkbook, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0, fsync(descriptor) == 0 else {
                if descriptor >= 0 { close(descriptor) }
                throw ExportError.cannotWrite(path: workbookPath, reason: String(cString: strerror(errno)))
            }
            close(descriptor)
            guard rename(temporaryWorkbook, workbookPath) == 0 else {
                throw ExportError.cannotWrite(path: workbookPath, reason: String(cString: strerror(errno)))
            }
            output.workbook = workbookPath
        }
        if options.format != .xlsx {
            output.csvFolder = try writeCSVFolder((options.out as NSString).appendingPathComponent(base),
                                                  files: zip(report.sheets, tables).compactMap { sheet, table in sheet.csv.map { ($0, table) } })
        }
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
    static func writePerAppSheets(_ perApp: ReportDefinition.PerApp, query: QueryFile, period: [String: String],
                                  report: ReportDefinition, db: Database, workbook: XLSXWorkbook,
                                  planned: (Int) -> Void, done: (Int) -> Void) throws -> [(name: String, rows: Int)] {
        let apps = try String.fetchAll(db, sql: """
            SELECT DISTINCT app_id FROM app_executions WHERE submitted_at >= ? AND submitted_at < ? ORDER BY app_id
            """, arguments: [period["from"], period["to"]])
        planned(apps.count)
        var written: [(name: String, rows: Int)] = []
        for app in apps {
            let arguments = try bind(query, values: period.merging(["app": app]) { _, new in new }, report: report, line: perApp.line)
            let name = perApp.sheet.replacingOccurrences(of: "{app}", with: app)
            try query.withCursor(db, arguments: arguments) { cursor in
                var sheet = try workbook.addSheet(name)
                var writer = SheetWriter(sheet: sheet, columns: cursor.columnNames, overrides: perApp.columns)
                while try cursor.step() {
                    if writer.isFull {
                        // Past Excel's row limit the app goes on in a sheet of the same name, numbered.
                        writer.finish()
                        written.append((sheet.name, writer.rows))
                        sheet = try workbook.addSheet(name)
                        writer = SheetWriter(sheet: sheet, columns: cursor.columnNames, overrides: perApp.columns)
                    }
                    writer.append(cursor)
                }
                writer.finish()
                written.append((sheet.name, writer.rows))
            }
            done(1)
        }
        return written
    }

    /// Writes the CSV files into a fresh folder that replaces `folder` only once every file is complete.
    static func writeCSVFolder(_ folder: String, files: [(name: String, table: ResultSet)]) throws -> String {
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
        // A folder cannot replace another in one rename: the old one steps aside first.
        let old = OutputFolder.sibling(of: folder, .old)
        let hadOld = rename(folder, old) == 0
        guard rename(staging, folder) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(old, folder) }
            throw ExportError.cannotWrite(path: folder, reason: reason)
        }
        done = true
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
        return folder
    }
}
