import CXLSXWriter
import AppTrailModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The only file importing CXLSXWriter: everything the exporters need from libxlsxwriter 1.1.4, with its
// sharp edges filed off (formulas from text, strings Excel would decode, silent truncation, leaks).

/// How cells look: number format, font, fill, alignment and rules; a workbook makes one library format per
/// distinct style.
public struct XLSXStyle: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case left, center, right }

    public var bold: Bool = false
    /// An Excel number format, e.g. "yyyy-mm-dd hh:mm:ss.000", "[h]:mm:ss", "0.0%"; at most 127 bytes.
    public var numberFormat: String? = nil
    /// Points; nil is the workbook's 11.
    public var fontSize: Double? = nil
    /// RGB, as 0x1F3864.
    public var fontColor: UInt32? = nil
    public var fillColor: UInt32? = nil
    public var alignment: Alignment? = nil
    public var wrap: Bool = false
    public var topRule: Bool = false
    public var bottomRule: Bool = false

    public init(bold: Bool = false, numberFormat: String? = nil, fontSize: Double? = nil, fontColor: UInt32? = nil,
                fillColor: UInt32? = nil, alignment: Alignment? = nil, wrap: Bool = false, topRule: Bool = false,
                bottomRule: Bool = false) {
        self.bold = bold
        self.numberFormat = numberFormat
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fillColor = fillColor
        self.alignment = alignment
        self.wrap = wrap
        self.topRule = topRule
        self.bottomRule = bottomRule
    }

    /// Whether the style differs from the default cell.
    var isPlain: Bool { self == XLSXStyle() }
}

/// How a sheet prints: landscape, one page wide, its header rows on every page, a footer.
public struct XLSXPrintSetup: Sendable {
    public var landscape = true
    /// Fit the columns to one page's width; the pages run as long as the rows need.
    public var fitToWidth = true
    /// Rows (0-based, inclusive) repeated at the top of every page.
    public var repeatedRows: ClosedRange<Int>?
    /// Left part of the footer, as literal text.
    public var footer: String?
    public init(landscape: Bool = true, fitToWidth: Bool = true, repeatedRows: ClosedRange<Int>? = nil, footer: String? = nil) {
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.repeatedRows = repeatedRows
        self.footer = footer
    }
}

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
    /// Excel's limits, 0-based and exclusive.
    static let rowLimit = 1_048_576, columnLimit = 16_384

    public let path: String
    public let constantMemory: Bool
    /// Nil once closed: every later call is ignored rather than touching freed memory.
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var worksheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private var takenNames: Set<String> = []
    /// A handful of styles per workbook: a linear search with identical strings beats hashing per cell.
    private var formats: [(style: XLSXStyle, format: UnsafeMutablePointer<lxw_format>?)] = []
    private var firstError: ExportError?
    /// What the library printed without failing, for the caller to report its own way rather than raw on stderr.
    public private(set) var warnings: [String] = []

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
        let created: UnsafeMutablePointer<lxw_workbook>? = withOptionalCString(temporaryDirectory) { tmpdir in
            options.tmpdir = tmpdir.map { UnsafeMutablePointer(mutating: $0) }
            return workbook_new_opt(path, &options)
        }
        guard let created else { throw .workbook(path: path, reason: "libxlsxwriter could not allocate a workbook") }
        handle = created
    }

    deinit {
        if let handle { discard(handle) }
    }

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

    /// Whether a sheet of this workbook has `name`, ignoring case as Excel does.
    func hasSheet(named name: String) -> Bool { takenNames.contains(name.lowercased()) }

    /// Adds a sheet under a valid, unique version of `requestedName` (see `validSheetName`), which is its `name`.
    public func addSheet(_ requestedName: String) throws(ExportError) -> XLSXSheet {
        guard let handle else { throw .workbook(path: path, reason: "the workbook is already closed") }
        let name = Self.validSheetName(requestedName, taken: takenNames)
        // workbook_add_worksheet copies the name.
        guard let worksheet = workbook_add_worksheet(handle, name) else {
            let status = workbook_validate_sheet_name(handle, name)
            let reason = status == LXW_NO_ERROR
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
            let type = switch kind {
            case .column: LXW_CHART_COLUMN
            case .bar: LXW_CHART_BAR
            case .line: LXW_CHART_LINE
            }
            chart = workbook_add_chart(handle, UInt8(type.rawValue))
            if chart == nil { record("cannot add a \(kind.rawValue) chart: no memory") }
        }
        return XLSXChart(workbook: self, handle: chart, kind: kind)
    }

    /// Throws the first problem met so far by a write, if any.
    public func check() throws(ExportError) {
        if let firstError { throw firstError }
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

    /// Runs a library call that may print a warning on stderr (libxlsxwriter's LXW_WARN) and keeps the text in
    /// `warnings` instead. For calls made a few times per sheet, not per cell.
    func quietly<T>(_ body: () -> T) -> T {
        let (result, printed) = StandardErrorCapture.run(body)
        keep(printed)
        return result
    }

    /// Keeps libxlsxwriter's lines (`[WARNING]...`, `[ERROR]...`) as warnings; anything else printed meanwhile
    /// (another thread's progress line) goes on to stderr as it was.
    private func keep(_ printed: String) {
        guard !printed.isEmpty else { return }
        let (library, other) = StandardErrorCapture.split(printed)
        let detail = StandardErrorCapture.oneLine(library)
        if !detail.isEmpty { warnings.append(detail) }
        if !other.isEmpty { _ = other.withCString { write(STDERR_FILENO, $0, strlen($0)) } }
    }

    /// Excel's rule for sheet names applied to `requested`; `taken` holds the lowercased names in use.
    ///
    /// At most 31 UTF-16 units (cut between characters), none of `[]:*?/\` or control characters (each
    /// becomes `_`), no apostrophe first or last (dropped), never empty ("Sheet"), and unique ignoring
    /// case: " (2)", " (3)"... are appended, cutting the name further to stay within 31.
    public static func validSheetName(_ requested: String, taken: Set<String>) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in requested.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\", "\u{0}"..."\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}":
                scalars.append("_")
            default:
                scalars.append(scalar)
            }
        }
        func trimmingApostrophes(_ name: String) -> String {
            var name = Substring(name)
            while name.first == "'" { name.removeFirst() }
            while name.last == "'" { name.removeLast() }
            return String(name)
        }
        var base = trimmingApostrophes(prefix(of: trimmingApostrophes(String(scalars)), utf16Units: 31))
        if base.isEmpty { base = "Sheet" }
        if !taken.contains(base.lowercased()) { return base }
        var number = 2
        while true {
            let suffix = " (\(number))"
            let candidate = prefix(of: base, utf16Units: 31 - suffix.utf16.count) + suffix
            if !taken.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }

    /// The longest start of `text` within `limit` UTF-16 units, cut between characters when one fits.
    static func prefix(of text: String, utf16Units limit: Int) -> String {
        if text.utf16.count <= limit { return text }
        var result = "", used = 0
        for character in text {
            let units = character.utf16.count
            if used + units > limit { break }
            result.append(character)
            used += units
        }
        if !result.isEmpty { return result }
        // One character longer than the limit (a long combining sequence): cut between its scalars.
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            used += scalar.utf16.count
            if used > limit { break }
            scalars.append(scalar)
        }
        return String(scalars)
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

    func record(_ reason: @autoclosure () -> String) {
        if firstError == nil { firstError = .workbook(path: path, reason: reason()) }
    }

    static func message(_ status: lxw_error) -> String {
        guard let text = lxw_strerror(status) else { return "libxlsxwriter error \(status.rawValue)" }
        return String(cString: text)
    }

    // MARK: Private

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

    /// Opens `path` for writing as libxlsxwriter will at close, and removes the file if this made it.
    private static func probeWritable(_ path: String) throws(ExportError) {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if created >= 0 {
            closeDescriptor(created)
            unlink(path)
            return
        }
        var failure = errno
        if failure == EEXIST {
            let existing = open(path, O_WRONLY | O_CLOEXEC)
            if existing >= 0 {
                closeDescriptor(existing)
                return
            }
            failure = errno
        }
        throw .workbook(path: path, reason: String(cString: strerror(failure)))
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

    /// Writes text; longer than Excel's 32,767 UTF-16 units it is cut, an empty string leaves the cell empty.
    public func write(_ text: String, row: Int, column: Int, style: XLSXStyle? = nil) {
        // A native string lends its own NUL-terminated bytes; utf8.count is then O(1).
        text.withCString { write(cString: $0, length: text.utf8.count, row: row, column: column, style: style) }
    }

    /// Writes the text of `length` UTF-8 bytes at `cString`, which is NUL-terminated there, without making
    /// a Swift String (unless it needs rewriting: bad UTF-8, too long, `_xHHHH_`, NUL or U+FFFE/U+FFFF).
    public func write(cString: UnsafePointer<CChar>, length: Int, row: Int, column: Int, style: XLSXStyle? = nil) {
        let utf8 = UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: max(length, 0))
        if XLSXText.isWritableAsIs(utf8) {
            writeVerified(cString, row: row, column: column, style: style)
        } else {
            writeRewritten(utf8, row: row, column: column, style: style)
        }
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
        let safe = bytes.withUnsafeBufferPointer { XLSXText.isWritableAsIs($0) } ? bytes : bytes.withUnsafeBufferPointer { XLSXText.rewritten($0) }
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
        workbook.record(worksheet_set_row(handle, r, height, nil), "sheet '\(name)': cannot set the height of row \(row)")
    }

    /// Puts columns behind an outline button, collapsed: hidden until the reader opens them.
    public func collapse(columns: ClosedRange<Int>, width: Double) {
        guard workbook.isOpen, let (_, c1) = cell(0, columns.lowerBound), let (_, c2) = cell(0, columns.upperBound) else { return }
        var options = lxw_row_col_options(hidden: 1, level: 1, collapsed: 0)
        let status = workbook.quietly { worksheet_set_column_opt(handle, c1, c2, width, nil, &options) }
        workbook.record(status, "sheet '\(name)': cannot collapse columns \(columns)")
        // The button sits in the column after the group; it marks the group as collapsed.
        if c2 + 1 < XLSXWorkbook.columnLimit {
            var button = lxw_row_col_options(hidden: 0, level: 0, collapsed: 1)
            workbook.record(worksheet_set_column_opt(handle, c2 + 1, c2 + 1, 8.43, nil, &button),
                            "sheet '\(name)': cannot mark columns \(columns) collapsed")
        }
    }

    /// How the sheet prints.
    public func setPrint(_ setup: XLSXPrintSetup) {
        guard workbook.isOpen else { return }
        if setup.landscape { worksheet_set_landscape(handle) }
        if setup.fitToWidth { worksheet_fit_to_pages(handle, 1, 0) }
        if let rows = setup.repeatedRows, let (r1, _) = cell(rows.lowerBound, 0), let (r2, _) = cell(rows.upperBound, 0) {
            workbook.record(workbook.quietly { worksheet_repeat_rows(handle, r1, r2) }, "sheet '\(name)': cannot repeat rows \(rows) on each page")
        }
        // &L, &R: left and right parts; &P of &N: page numbers; a literal & is &&. Excel keeps 255 characters.
        let left = (setup.footer ?? "").replacingOccurrences(of: "&", with: "&&")
        let footer = "&L" + String(left.prefix(200)) + "&RPage &P of &N"
        let status = workbook.quietly { worksheet_set_footer(handle, footer) }
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
        let order = workbook.constantMemory && lastRow < latestRow
            ? " (constant memory: the range ends before row \(latestRow), already written)" : ""
        workbook.record(status, "sheet '\(name)': cannot filter rows \(firstRow)...\(lastRow)\(order)")
    }

    /// Places `chart` with its top left corner in the cell, `width` by `height` pixels (480 by 288 when not
    /// given); a chart goes in one sheet of its own workbook.
    public func insert(_ chart: XLSXChart, row: Int, column: Int, width: Double? = nil, height: Double? = nil) {
        guard let (r, c) = cell(row, column), let chartHandle = chart.handle else { return }
        // A chart of another workbook would be freed by that one.
        guard chart.workbook === workbook else {
            return workbook.record("sheet '\(name)': the chart belongs to another workbook")
        }
        // The library only warns (on stderr) about a chart without series and writes a broken part.
        guard chart.seriesCount > 0 else {
            return workbook.record("sheet '\(name)': the \(chart.kind.rawValue) chart has no series to draw")
        }
        var options = lxw_chart_options()
        options.x_scale = (width ?? 480) / 480
        options.y_scale = (height ?? 288) / 288
        let status = workbook.quietly { worksheet_insert_chart_opt(handle, r, c, chartHandle, &options) }
        workbook.record(status, "sheet '\(name)': cannot insert the \(chart.kind.rawValue) chart")
    }

    // MARK: Private

    /// The library's coordinates of a cell inside Excel's grid, or nil (remembering why) when closed or outside.
    private func cell(_ row: Int, _ column: Int) -> (lxw_row_t, lxw_col_t)? {
        guard workbook.isOpen else { return nil }
        guard (0..<XLSXWorkbook.rowLimit).contains(row), (0..<XLSXWorkbook.columnLimit).contains(column) else {
            workbook.record("sheet '\(name)': row \(row), column \(column) is outside Excel's 1,048,576 rows and 16,384 columns")
            return nil
        }
        return (lxw_row_t(row), lxw_col_t(column))
    }

    /// Writes a NUL-terminated string that `XLSXText.isWritableAsIs` accepted.
    private func writeVerified(_ text: UnsafePointer<CChar>, row: Int, column: Int, style: XLSXStyle?) {
        guard let (r, c) = cell(row, column) else { return }
        finish(worksheet_write_string(handle, r, c, text, workbook.format(for: style)), row: row, column: column)
    }

    private func writeRewritten(_ utf8: UnsafeBufferPointer<UInt8>, row: Int, column: Int, style: XLSXStyle?) {
        var bytes = XLSXText.rewritten(utf8)
        bytes.append(0)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { writeVerified($0.baseAddress!, row: row, column: column, style: style) }
        }
    }

    /// Remembers the row of a write, or why it was refused.
    private func finish(_ status: lxw_error, row: Int, column: Int) {
        if status == LXW_NO_ERROR {
            latestRow = max(latestRow, row)
            return
        }
        let order = workbook.constantMemory && row < latestRow
            ? " (constant memory: row \(row) comes after row \(latestRow) was started)" : ""
        workbook.record(status, "sheet '\(name)': cannot write row \(row), column \(column)\(order)")
    }
}

/// A column or line chart of an `XLSXWorkbook`, drawn from ranges of its sheets.
///
/// Titles and names are literal text: one starting with "=" (which libxlsxwriter would take for a cell
/// reference) gets an invisible U+200B in front.
public final class XLSXChart {
    public enum Kind: String, Sendable { case column, bar, line }

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
        chart_title_set_name(handle, Self.literal(title))  // copied by the library
    }

    /// Names the category (x) and value (y) axes; nil leaves an axis unnamed.
    public func setAxisNames(x: String?, y: String?) {
        guard workbook.isOpen, let handle else { return }
        if let x, !x.isEmpty { chart_axis_set_name(handle.pointee.x_axis, Self.literal(x)) }
        if let y, !y.isEmpty { chart_axis_set_name(handle.pointee.y_axis, Self.literal(y)) }
    }

    /// One series: categories and values as ranges of a sheet (its final `name`; 0-based, inclusive),
    /// `name` shown in the legend.
    public func addSeries(
        name: String?, sheet: String,
        categories: (firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int),
        values: (firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)
    ) {
        guard workbook.isOpen, let handle else { return }
        // A wrong name would only show in Excel, as a broken chart.
        guard workbook.hasSheet(named: sheet) else {
            return workbook.record("a \(kind.rawValue) chart: no sheet is named '\(sheet)'")
        }
        guard let c = Self.range(categories), let v = Self.range(values) else {
            return workbook.record("a \(kind.rawValue) chart: a series range is outside the sheet or reversed")
        }
        guard let series = chart_add_series(handle, nil, nil) else {
            return workbook.record("a \(kind.rawValue) chart: cannot add a series: no memory")
        }
        // Row and column numbers rather than a formula: the library quotes the sheet name itself.
        chart_series_set_categories(series, sheet, c.0, c.1, c.2, c.3)
        chart_series_set_values(series, sheet, v.0, v.1, v.2, v.3)
        if let name, !name.isEmpty { chart_series_set_name(series, Self.literal(name)) }
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

    private static func range(_ r: (firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int))
        -> (lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t)? {
        let rows = 0..<XLSXWorkbook.rowLimit, columns = 0..<XLSXWorkbook.columnLimit
        guard rows.contains(r.firstRow), rows.contains(r.lastRow), r.firstRow <= r.lastRow,
              columns.contains(r.firstColumn), columns.contains(r.lastColumn), r.firstColumn <= r.lastColumn
        else { return nil }
        return (lxw_row_t(r.firstRow), lxw_col_t(r.firstColumn), lxw_row_t(r.lastRow), lxw_col_t(r.lastColumn))
    }

    static func literal(_ text: String) -> String {
        text.hasPrefix("=") ? "\u{200B}" + text : text
    }
}

/// Excel's serial date for an instant in microseconds since 1970-01-01T00:00:00Z: days since 1899-12-30,
/// the fraction being the time of day (UTC). Exact to about a microsecond for dates of this era; Excel's
/// fictitious 1900-02-29 makes serials before 1900-03-01 display one day off.
public func excelSerial(microsSinceEpoch: Int64) -> Double {
    let microsPerDay: Int64 = 86_400_000_000
    // Days and time of day apart, so the fraction keeps its precision.
    var (days, micros) = microsSinceEpoch.quotientAndRemainder(dividingBy: microsPerDay)
    if micros < 0 {
        days -= 1
        micros += microsPerDay
    }
    return Double(days + 25_569) + Double(micros) / Double(microsPerDay)
}

/// Cell text as Excel will read it back.
///
/// libxlsxwriter 1.1.4 writes bytes as they come: invalid UTF-8 or U+FFFE/U+FFFF corrupt the file, text
/// like "_x0041_" is decoded by Excel ("A"), a NUL ends the string early, and it measures its 32,767
/// limit in scalars where Excel counts UTF-16 units. Control characters it escapes itself.
enum XLSXText {
    static let maxUnits = 32_767

    /// Whether the bytes can go to the library untouched: the common case, checked without allocating.
    static func isWritableAsIs(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // Within the limit in bytes is within it in UTF-16 units and in scalars.
        guard utf8.count <= maxUnits else { return false }
        var i = 0
        let n = utf8.count
        while i < n {
            let byte = utf8[i]
            if byte < 0x80 {
                if byte == 0 || (byte == 0x5F && isEscapeLike(utf8, at: i)) { return false }
                i += 1
                continue
            }
            // Well-formed UTF-8 (Unicode table 3-7), and neither U+FFFE nor U+FFFF (EF BF BE/BF).
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard i + length <= n, (low...high).contains(utf8[i + 1]) else { return false }
            for k in 2..<length where !(0x80...0xBF).contains(utf8[i + k]) { return false }
            if byte == 0xEF && utf8[i + 1] == 0xBF && utf8[i + 2] >= 0xBE { return false }
            i += length
        }
        return true
    }

    /// The bytes to hand the library for text that `isWritableAsIs` refused: bad UTF-8 repaired as
    /// U+FFFD, escapes for what Excel would decode or cannot hold, and cut to Excel's limit (which the
    /// escapes, counted by the library though invisible in Excel, may shorten a little).
    static func rewritten(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let scalars = Array(String(decoding: utf8, as: UTF8.self).unicodeScalars)
        var out: [UInt8] = []
        out.reserveCapacity(min(utf8.count, 4 * maxUnits) + 16)
        var units = 0, written = 0
        for (index, scalar) in scalars.enumerated() {
            let escape: String? = switch scalar.value {
            case 0: "_x0000_"
            case 0xFFFE: "_xFFFE_"
            case 0xFFFF: "_xFFFF_"
            case 0x5F where isEscapeLike(scalars, at: index): "_x005F_"
            default: nil
            }
            let shown = scalar.utf16.count, passed = escape?.unicodeScalars.count ?? 1
            guard units + shown <= maxUnits, written + passed <= maxUnits else { break }
            units += shown
            written += passed
            if let escape { out.append(contentsOf: escape.utf8) } else { out.append(contentsOf: scalar.utf8) }
        }
        return out
    }

    /// Whether `_` at `index` starts `_xHHHH_`, which Excel reads as the character U+HHHH.
    static func isEscapeLike(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < utf8.count, utf8[index + 1] == 0x78, utf8[index + 6] == 0x5F else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(UInt32(utf8[$0])) }
    }

    static func isEscapeLike(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(scalars[$0].value) }
    }

    private static func isHexDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x46).contains(value) || (0x61...0x66).contains(value)
    }
}

/// Runs `body` with a C string for `text`, or nil, valid during the call only.
private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
