import AppTrailModel
import CXLSXWriter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The only file importing CXLSXWriter: everything the exporters need from libxlsxwriter 1.1.4, with its
// sharp edges filed off (formulas from text, strings Excel would decode, silent truncation, leaks).

/// An .xlsx file being written; it owns its sheets, formats and charts, which are valid until `close()`.
///
/// With `constantMemory` (the default) libxlsxwriter streams each row to a temporary file as soon as a
/// later row is started, so memory stays flat for million-row sheets, but rows must be written in order
/// within a sheet: a cell in an earlier row is refused (the first such refusal is reported by `check()`
/// and `close()`), and repeated strings are stored inline rather than shared. Column widths, panes and
/// charts are kept apart from the rows and may be set at any time before `close()` (filters almost: see
/// `XLSXSheet.autofilter`).
///
/// A write never throws: the first problem is remembered and `close()` then throws it without writing
/// the file, so an export either completes or leaves nothing (an older file at `path` stays as it was).
/// A workbook dropped without `close()` writes nothing either.
public final class XLSXWorkbook {
    public let path: String
    public let constantMemory: Bool
    /// Nil once closed: every later call is ignored rather than touching freed memory.
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var worksheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    /// The sheets' names, lowercased: Excel tells names apart ignoring case.
    var takenNames: Set<String> = []
    /// A handful of styles per workbook: a linear search with identical strings beats hashing per cell.
    private var formats: [(style: XLSXStyle, format: UnsafeMutablePointer<lxw_format>?)] = []
    /// The first problem a write met: `close()` throws it rather than write the file.
    var firstError: ExportError?
    /// What the library printed without failing, for the caller to report its own way rather than raw on stderr.
    public internal(set) var warnings: [String] = []

    /// Prepares the workbook; the file itself is written by `close()`.
    ///
    /// Creating the file is tried here (and undone) so that a bad folder or a read-only place fails
    /// before any rows are written rather than after. `temporaryDirectory` is where constant-memory
    /// sheets are buffered (libxlsxwriter falls back to the system's when it cannot use it).
    public init(path: String, constantMemory: Bool = true, temporaryDirectory: String? = nil) throws(ExportError) {
        self.path = path
        self.constantMemory = constantMemory
        try Self.probeWritable(path)
        // Set field by field: later versions of the struct have more of them.
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.use_zip64 = 0
        // workbook_new_opt copies tmpdir.
        let created: UnsafeMutablePointer<lxw_workbook>? = temporaryDirectory.withOptionalCString { tmpdir in
            options.tmpdir = tmpdir.map { UnsafeMutablePointer(mutating: $0) }
            return workbook_new_opt(path, &options)
        }
        guard let created else { throw .workbook(path: path, reason: "libxlsxwriter could not allocate a workbook") }
        handle = created
    }

    deinit { if let handle { discard(handle) } }

    /// The version of libxlsxwriter apptrail runs with.
    public static var libraryVersion: String { String(cString: lxw_version()) }

    /// Sets the document's title, author and creation date; a fixed date makes the file's bytes reproducible.
    public func setProperties(title: String, created: Instant?) {
        guard let handle else { return }
        title.withCString { titleText in
            "apptrail".withCString { author in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: titleText)
                properties.author = UnsafeMutablePointer(mutating: author)
                properties.created = created.map { time_t($0.micros / 1_000_000) } ?? 0
                // workbook_set_properties copies the strings.
                let status = workbook_set_properties(handle, &properties)
                if status != LXW_NO_ERROR { record("cannot set the document properties: \(Self.message(status))") }
            }
        }
    }

    /// Whether the workbook can still be written to.
    var isOpen: Bool { handle != nil }

    /// Adds a sheet under a valid, unique version of `requestedName` (see `validSheetName`), which is its `name`.
    public func addSheet(_ requestedName: String) throws(ExportError) -> XLSXSheet {
        guard let handle else { throw .workbook(path: path, reason: "the workbook is already closed") }
        let name = Self.validSheetName(requestedName, taken: takenNames)
        // workbook_add_worksheet copies the name.
        guard let worksheet = workbook_add_worksheet(handle, name) else {
            let status = workbook_validate_sheet_name(handle, name)
            let reason =
                status == LXW_NO_ERROR
                ? "cannot add the sheet '\(name)': no memory or no temporary file"
                : "cannot add the sheet '\(name)': \(Self.message(status))"
            throw .workbook(path: path, reason: reason)
        }
        worksheets.append(worksheet)
        takenNames.insert(name.lowercased())
        return XLSXSheet(workbook: self, handle: worksheet, name: name)
    }

    /// A chart (column or line) to be given series and then inserted in one sheet.
    public func addChart(_ kind: XLSXChart.Kind) -> XLSXChart {
        var chart: UnsafeMutablePointer<lxw_chart>?
        if let handle {
            let type =
                switch kind {
                case .column: LXW_CHART_COLUMN
                case .bar: LXW_CHART_BAR
                case .line: LXW_CHART_LINE
                }
            chart = workbook_add_chart(handle, UInt8(type.rawValue))
            if chart == nil { record("cannot add a \(kind.rawValue) chart: no memory") }
        }
        return XLSXChart(workbook: self, handle: chart, kind: kind)
    }

    /// Writes the file and frees the workbook; later calls do nothing.
    ///
    /// Throws the first problem a write met (without writing the file) or the library's own failure,
    /// as `ExportError.workbook` with lxw_strerror's words.
    public func close() throws(ExportError) {
        guard let handle else { return }
        self.handle = nil
        if let firstError {
            discard(handle)
            throw firstError
        }
        // workbook_close frees the workbook whatever happens.
        let (status, printed) = StandardErrorCapture.run { workbook_close(handle) }
        guard status == LXW_NO_ERROR else {
            let detail = StandardErrorCapture.oneLine(printed)
            throw .workbook(path: path, reason: Self.message(status) + (detail.isEmpty ? "" : " (\(detail))"))
        }
        keep(printed)
    }

    // MARK: For sheets and charts

    /// The library format for `style`, made on first use; nil is the default style.
    func format(for style: XLSXStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style, !style.isPlain, let handle else { return nil }
        for entry in formats where entry.style == style { return entry.format }
        let format = workbook_add_format(handle)
        if let format {
            if style.bold { format_set_bold(format) }
            if let size = style.fontSize { format_set_font_size(format, size) }
            if let color = style.fontColor { format_set_font_color(format, lxw_color_t(color)) }
            if let color = style.fillColor {
                format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
                format_set_bg_color(format, lxw_color_t(color))
            }
            switch style.alignment {
            case .left?: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
            case .center?: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
            case .right?: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
            case nil: break
            }
            if style.wrap {
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            }
            if style.topRule { format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue)) }
            if style.bottomRule { format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue)) }
            if let numberFormat = style.numberFormat {
                // The library keeps 127 bytes of it and drops the rest silently.
                if numberFormat.utf8.count > 127 {
                    record("the number format \"\(numberFormat)\" is longer than 127 bytes")
                }
                format_set_num_format(format, numberFormat)
            }
        } else {
            record("cannot add a cell format: no memory")
        }
        formats.append((style, format))
        return format
    }

    /// Remembers the first failure of a library call, described by `what`.
    func record(_ status: lxw_error, _ what: @autoclosure () -> String) {
        if status != LXW_NO_ERROR { record("\(what()): \(Self.message(status))") }
    }

    static func message(_ status: lxw_error) -> String {
        guard let text = lxw_strerror(status) else { return "libxlsxwriter error \(status.rawValue)" }
        return String(cString: text)
    }

    /// Frees without writing; lxw_workbook_free leaves constant-memory temporary files open in 1.1.4.
    private func discard(_ handle: UnsafeMutablePointer<lxw_workbook>) {
        for worksheet in worksheets {
            if let file = worksheet.pointee.optimize_tmpfile {
                fclose(file)
                worksheet.pointee.optimize_tmpfile = nil
            }
        }
        worksheets = []
        lxw_workbook_free(handle)
    }
}

/// One sheet of an `XLSXWorkbook`; rows and columns are 0-based.
///
/// In a constant-memory workbook, write rows in order (any order of cells within a row): a cell in a row
/// before the latest one is refused. Writes never throw; the workbook's `check()` and `close()` report the
/// first refusal. Strings are always text, never formulas, whatever they start with.
public final class XLSXSheet {
    /// The final, valid name; charts refer to the sheet by it.
    public let name: String
    unowned let workbook: XLSXWorkbook
    let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The latest row written, to explain a refusal in constant-memory mode.
    private var latestRow = -1

    init(workbook: XLSXWorkbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    /// Hides the sheet (the data behind a chart).
    public func hide() { worksheet_hide(handle) }

    /// The sheet's zoom on screen, in percent (10...400).
    public func setZoom(_ percent: Int) {
        worksheet_set_zoom(handle, UInt16(min(max(percent, 10), 400)))
    }

    /// Makes this the sheet the workbook opens on.
    public func activate() { worksheet_activate(handle) }

    /// Hides the grid lines on screen and paper (a cover page rather than a table).
    public func hideGridlines() { worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue)) }

    /// Writes text across the cells of one row, merged: a title or a figure's box.
    public func writeMerged(_ text: String, row: Int, firstColumn: Int, lastColumn: Int, style: XLSXStyle? = nil) {
        guard lastColumn > firstColumn else { return write(text, row: row, column: firstColumn, style: style) }
        guard let (r, c1) = cell(row, firstColumn), let (_, c2) = cell(row, lastColumn) else { return }
        var bytes = Array(text.utf8)
        let safe =
            bytes.withUnsafeBufferPointer { XLSXText.isWritableAsIs($0) }
            ? bytes : bytes.withUnsafeBufferPointer { XLSXText.rewritten($0) }
        bytes = safe + [0]
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                let format = workbook.format(for: style)
                return workbook.quietly { worksheet_merge_range(handle, r, c1, r, c2, text.baseAddress!, format) }
            }
        }
        finish(status, row: row, column: firstColumn)
    }

    /// Sets a row's height in points; in a constant-memory workbook, before the row's first cell.
    public func setRow(_ row: Int, height: Double) {
        guard let (r, _) = cell(row, 0) else { return }
        workbook.record(
            worksheet_set_row(handle, r, height, nil), "sheet '\(name)': cannot set the height of row \(row)")
    }

    /// Puts columns behind an outline button, collapsed: hidden until the reader opens them.
    public func collapse(columns: ClosedRange<Int>, width: Double) {
        guard workbook.isOpen, let (_, c1) = cell(0, columns.lowerBound), let (_, c2) = cell(0, columns.upperBound)
        else { return }
        var options = lxw_row_col_options(hidden: 1, level: 1, collapsed: 0)
        let status = workbook.quietly { worksheet_set_column_opt(handle, c1, c2, width, nil, &options) }
        workbook.record(status, "sheet '\(name)': cannot collapse columns \(columns)")
        // The button sits in the column after the group; it marks the group as collapsed.
        if c2 + 1 < XLSXWorkbook.columnLimit {
            var button = lxw_row_col_options(hidden: 0, level: 0, collapsed: 1)
            workbook.record(
                worksheet_set_column_opt(handle, c2 + 1, c2 + 1, 8.43, nil, &button),
                "sheet '\(name)': cannot mark columns \(columns) collapsed")
        }
    }

    /// How the sheet prints.
    public func setPrint(_ setup: XLSXPrintSetup) {
        guard workbook.isOpen else { return }
        if setup.landscape { worksheet_set_landscape(handle) }
        if setup.fitToWidth { worksheet_fit_to_pages(handle, 1, 0) }
        if let rows = setup.repeatedRows, let (r1, _) = cell(rows.lowerBound, 0), let (r2, _) = cell(rows.upperBound, 0)
        {
            workbook.record(
                workbook.quietly { worksheet_repeat_rows(handle, r1, r2) },
                "sheet '\(name)': cannot repeat rows \(rows) on each page")
        }
        let status = workbook.quietly { worksheet_set_footer(handle, setup.footerCode) }
        workbook.record(status, "sheet '\(name)': cannot set the footer")
    }

    /// Writes a number; NaN and infinities, which Excel cannot hold, leave the cell empty.
    public func write(_ number: Double, row: Int, column: Int, style: XLSXStyle? = nil) {
        guard number.isFinite else { return writeBlank(row: row, column: column, style: style) }
        guard let (r, c) = cell(row, column) else { return }
        finish(worksheet_write_number(handle, r, c, number, workbook.format(for: style)), row: row, column: column)
    }

    /// Writes an empty cell carrying a style; without a style the library writes nothing.
    public func writeBlank(row: Int, column: Int, style: XLSXStyle? = nil) {
        guard let (r, c) = cell(row, column) else { return }
        finish(worksheet_write_blank(handle, r, c, workbook.format(for: style)), row: row, column: column)
    }

    /// Sets a column's width (in characters, 0...255) and default style; works after its rows are written.
    public func setColumn(_ column: Int, width: Double, style: XLSXStyle? = nil) {
        guard workbook.isOpen else { return }
        guard (0..<XLSXWorkbook.columnLimit).contains(column), width.isFinite, (0...255).contains(width) else {
            return workbook.record("sheet '\(name)': cannot give column \(column) the width \(width)")
        }
        let c = lxw_col_t(column)
        let status = worksheet_set_column(handle, c, c, width, workbook.format(for: style))
        workbook.record(status, "sheet '\(name)': cannot set column \(column)")
    }

    /// Freezes the rows above `row` and the columns left of `column`.
    public func freezePanes(row: Int, column: Int) {
        guard let (r, c) = cell(row, column) else { return }
        worksheet_freeze_panes(handle, r, c)
    }

    /// Puts filter buttons on the first row of the range; at most one filter per sheet.
    ///
    /// In constant memory libxlsxwriter refuses a range ending before the latest row written: set the
    /// filter once its last row is written (after all rows, for a filter over all of them) or earlier.
    public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        guard let (r1, c1) = cell(firstRow, firstColumn), let (r2, c2) = cell(lastRow, lastColumn) else { return }
        let status = workbook.quietly { worksheet_autofilter(handle, r1, c1, r2, c2) }
        let order =
            workbook.constantMemory && lastRow < latestRow
            ? " (constant memory: the range ends before row \(latestRow), already written)" : ""
        workbook.record(status, "sheet '\(name)': cannot filter rows \(firstRow)...\(lastRow)\(order)")
    }

    /// Places `chart` with its top left corner in the cell, `width` by `height` pixels (480 by 288 when not
    /// given); a chart goes in one sheet of its own workbook.
    public func insert(_ chart: XLSXChart, row: Int, column: Int, width: Double? = nil, height: Double? = nil) {
        guard let (r, c) = cell(row, column), let chartHandle = chart.handle else { return }
        if let problem = problem(inserting: chart) { return workbook.record(problem) }
        var options = lxw_chart_options()
        options.x_scale = (width ?? 480) / 480
        options.y_scale = (height ?? 288) / 288
        let status = workbook.quietly { worksheet_insert_chart_opt(handle, r, c, chartHandle, &options) }
        workbook.record(status, "sheet '\(name)': cannot insert the \(chart.kind.rawValue) chart")
    }

    /// The library's coordinates of a cell inside Excel's grid, or nil (remembering why) when closed or outside.
    private func cell(_ row: Int, _ column: Int) -> (lxw_row_t, lxw_col_t)? {
        guard workbook.isOpen else { return nil }
        guard (0..<XLSXWorkbook.rowLimit).contains(row), (0..<XLSXWorkbook.columnLimit).contains(column) else {
            workbook.record(
                "sheet '\(name)': row \(row), column \(column) is outside Excel's 1,048,576 rows and 16,384 columns")
            return nil
        }
        return (lxw_row_t(row), lxw_col_t(column))
    }

    /// Writes a NUL-terminated string that `XLSXText.isWritableAsIs` accepted.
    func writeVerified(_ text: UnsafePointer<CChar>, row: Int, column: Int, style: XLSXStyle?) {
        guard let (r, c) = cell(row, column) else { return }
        finish(worksheet_write_string(handle, r, c, text, workbook.format(for: style)), row: row, column: column)
    }

    /// Remembers the row of a write, or why it was refused.
    private func finish(_ status: lxw_error, row: Int, column: Int) {
        if status == LXW_NO_ERROR {
            latestRow = max(latestRow, row)
            return
        }
        let order =
            workbook.constantMemory && row < latestRow
            ? " (constant memory: row \(row) comes after row \(latestRow) was started)" : ""
        workbook.record(status, "sheet '\(name)': cannot write row \(row), column \(column)\(order)")
    }
}

/// A column or line chart of an `XLSXWorkbook`, drawn from ranges of its sheets.
///
/// Titles and names are literal text: one starting with "=" (which libxlsxwriter would take for a cell
/// reference) gets an invisible U+200B in front.
public final class XLSXChart {
    public let kind: Kind
    /// Series added so far: a chart without any cannot be inserted.
    public private(set) var seriesCount = 0
    unowned let workbook: XLSXWorkbook
    /// Nil when the library could not make it (the workbook has recorded why) or the workbook was closed.
    let handle: UnsafeMutablePointer<lxw_chart>?

    init(workbook: XLSXWorkbook, handle: UnsafeMutablePointer<lxw_chart>?, kind: Kind) {
        self.workbook = workbook
        self.handle = handle
        self.kind = kind
    }

    /// Shows `title` above the chart.
    public func setTitle(_ title: String) {
        guard workbook.isOpen, let handle, !title.isEmpty else { return }
        chart_title_set_name(handle, XLSXText.literal(title)) // copied by the library
    }

    /// Names the category (x) and value (y) axes; nil leaves an axis unnamed.
    public func setAxisNames(x: String?, y: String?) {
        guard workbook.isOpen, let handle else { return }
        if let x, !x.isEmpty { chart_axis_set_name(handle.pointee.x_axis, XLSXText.literal(x)) }
        if let y, !y.isEmpty { chart_axis_set_name(handle.pointee.y_axis, XLSXText.literal(y)) }
    }

    /// One series: categories and values as ranges of a sheet (its final `name`; 0-based, inclusive),
    /// `name` shown in the legend.
    public func addSeries(name: String?, sheet: String, categories: XLSXRange, values: XLSXRange) {
        guard workbook.isOpen, let handle else { return }
        if let problem = problem(sheet: sheet, categories: categories, values: values) {
            return workbook.record(problem)
        }
        guard let c = Self.range(categories), let v = Self.range(values) else { return }
        guard let series = chart_add_series(handle, nil, nil) else {
            return workbook.record("a \(kind.rawValue) chart: cannot add a series: no memory")
        }
        // Row and column numbers rather than a formula: the library quotes the sheet name itself.
        chart_series_set_categories(series, sheet, c.0, c.1, c.2, c.3)
        chart_series_set_values(series, sheet, v.0, v.1, v.2, v.3)
        if let name, !name.isEmpty { chart_series_set_name(series, XLSXText.literal(name)) }
        if labelled { chart_series_set_labels(series) }
        seriesCount += 1
    }

    /// Values printed at each bar or point (of the series added after this is set).
    public var labelled = false

    /// Leaves the legend out: one series needs none.
    public func hideLegend() {
        guard workbook.isOpen, let handle else { return }
        chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
    }

    /// Lists the categories top down on a bar chart (Excel draws the first at the bottom). A bar chart's
    /// categories are on its y axis in libxlsxwriter's terms.
    public func categoriesTopDown() {
        guard workbook.isOpen, let handle else { return }
        chart_axis_set_reverse(handle.pointee.y_axis)
    }

    private static func range(_ r: XLSXRange) -> (lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t)? {
        guard XLSXWorkbook.isRange(r) else { return nil }
        return (lxw_row_t(r.firstRow), lxw_col_t(r.firstColumn), lxw_row_t(r.lastRow), lxw_col_t(r.lastColumn))
    }
}
