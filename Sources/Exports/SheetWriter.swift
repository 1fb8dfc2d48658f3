import Analysis
import AppTrailModel
import Warehouse

/// Writes a table into a workbook sheet as a manager reads it: a caption line, a header row of titles, real
/// Excel dates, `[h]:mm:ss` durations, `0.0%` rates, text always as strings, a frozen header with an autofilter,
/// a bold ruled total row outside the filter, widths that fit the content, and a page setup for printing.
struct SheetWriter {
    typealias Format = ReportDefinition.ColumnFormat
    typealias Column = ReportContent.Column

    /// Excel's last row index (1,048,576 rows, 0-based).
    static let lastRow = 1_048_575
    static let ink: UInt32 = 0x1F3864
    static let header = XLSXStyle(bold: true, fontColor: 0xFFFFFF, fillColor: ink, wrap: true)
    static let caption = XLSXStyle(bold: true, fontSize: 12, fontColor: ink)
    static let note = XLSXStyle(fontColor: 0x595959)
    /// The widest a column gets, in characters: JSON and histories run on in the cell.
    static let widest = 50

    let sheet: XLSXSheet
    let columns: [Column]
    /// The header's row; data starts below it.
    let headerRow: Int
    /// Styles per column: a plain row's and the total row's.
    private let plainStyles: [XLSXStyle?], totalStyles: [XLSXStyle?]
    /// Widest content per column, in characters.
    private var widths: [Int]
    /// Rows written under the header, the total row excepted.
    private(set) var rows = 0
    private var filtered = false
    private var nextRow: Int

    static func style(_ format: Format?, total: Bool) -> XLSXStyle? {
        var style = XLSXStyle(bold: total, topRule: total)
        switch format {
        // Left-aligned like the text beside them, which they would otherwise touch.
        case .datetime?:
            style.numberFormat = "yyyy-mm-dd hh:mm:ss"
            style.alignment = .left
        case .date?:
            style.numberFormat = "yyyy-mm-dd"
            style.alignment = .left
        case .seconds?: style.numberFormat = "[h]:mm:ss"
        case .rate?: style.numberFormat = "0.0%"
        case .integer?: style.numberFormat = "0"
        default: break
        }
        return style.isPlain ? nil : style
    }

    /// Starts the sheet at `top` with the caption (when given) and the header row of column titles.
    init(sheet: XLSXSheet, columns: [Column], caption: String?, top: Int = 0) {
        self.sheet = sheet
        self.columns = columns
        headerRow = top + (caption == nil ? 0 : 1)
        nextRow = headerRow + 1
        plainStyles = columns.map { SheetWriter.style($0.format, total: false) }
        totalStyles = columns.map { SheetWriter.style($0.format, total: true) }
        // Titles wrap in the header, on two lines at most: a column needs its longest word or half its title.
        widths = columns.map { column in
            var width = max(column.title.split(separator: " ").map(\.count).max() ?? 0, 6)
            while SheetWriter.lines(column.title, width: width) > 2 { width += 1 }
            return width
        }
        if let caption { sheet.write(caption, row: top, column: 0, style: SheetWriter.caption) }
        // Spreadsheets do not grow a row for wrapped text written by a library: the header gets its lines' height.
        let lines = zip(columns, widths).map { SheetWriter.lines($0.title, width: $1) }.max() ?? 1
        if lines > 1 { sheet.setRow(headerRow, height: 15 * Double(lines) + 2) }
        var rightHeader = SheetWriter.header
        rightHeader.alignment = .right
        for (i, column) in columns.enumerated() {
            sheet.write(
                column.title, row: headerRow, column: i, style: column.isNumber ? rightHeader : SheetWriter.header)
        }
    }

    /// Whether another row fits under Excel's limit.
    var isFull: Bool { nextRow > SheetWriter.lastRow }

    /// The row below the last one written.
    var end: Int { nextRow }

    /// A row of values in the columns' order.
    mutating func append(_ values: [Cell], total: Bool = false) {
        if total { filter() }
        let row = nextRow
        nextRow += 1
        if !total { rows += 1 }
        let styles = total ? totalStyles : plainStyles
        for (i, value) in values.enumerated() {
            switch value {
            case .null, .blob: blank(column: i, row: row, style: styles[i])
            case .integer(let n): number(Double(n), column: i, row: row, isInteger: true, style: styles[i])
            case .real(let d): number(d, column: i, row: row, isInteger: false, style: styles[i])
            case .text(let s):
                var utf8 = s
                let sheet = sheet
                utf8.withUTF8 {
                    text($0, column: i, row: row, style: styles[i]) {
                        sheet.write(s, row: row, column: i, style: styles[i])
                    }
                }
            }
        }
    }

    /// A row straight from SQLite's buffers, each column from its `source`: no Swift value per cell.
    mutating func append(_ cursor: RawCursor) {
        let row = nextRow
        nextRow += 1
        rows += 1
        for (i, column) in columns.enumerated() {
            let source = column.source
            let style = plainStyles[i]
            switch cursor.kind(source) {
            case .null, .blob: blank(column: i, row: row, style: style)
            case .integer: number(Double(cursor.int64(source)), column: i, row: row, isInteger: true, style: style)
            case .real: number(cursor.double(source), column: i, row: row, isInteger: false, style: style)
            case .text:
                let bytes = cursor.bytes(source)
                let sheet = sheet
                text(bytes, column: i, row: row, style: style) {
                    // SQLite's text ends with a NUL: the workbook takes it as a C string, no Swift String built.
                    guard let base = bytes.baseAddress else { return sheet.write("", row: row, column: i) }
                    base.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) {
                        sheet.write(cString: $0, length: bytes.count, row: row, column: i, style: style)
                    }
                }
            }
        }
    }

    /// A line under the table, one row apart.
    mutating func appendNote(_ text: String) {
        filter()
        nextRow += 1
        sheet.write(text, row: nextRow, column: 0, style: SheetWriter.note)
        nextRow += 1
    }

    /// Sets the widths (collapsing the columns to collapse), freezes the header, filters the rows (not the
    /// total), and sets up printing with the header repeated on each page.
    mutating func finish(footer: String, freeze: Bool = true) {
        for (i, width) in widths.enumerated() {
            let chars = Double(min(width, SheetWriter.widest) + 3)
            if !columns[i].collapsed { sheet.setColumn(i, width: chars) }
        }
        if let first = columns.firstIndex(where: \.collapsed) {
            let last = columns.lastIndex(where: \.collapsed)!
            let width = Double(min(widths[first...last].max() ?? 10, SheetWriter.widest) + 2)
            sheet.collapse(columns: first...last, width: width)
        }
        if freeze { sheet.freezePanes(row: headerRow + 1, column: 0) }
        filter()
        sheet.setPrint(XLSXPrintSetup(repeatedRows: headerRow...headerRow, footer: footer))
    }

    /// Puts the autofilter over the header and the rows so far, once: in a constant-memory workbook it must be
    /// set before a later row (the total, a note) is written.
    private mutating func filter() {
        guard !filtered, !columns.isEmpty else { return }
        filtered = true
        sheet.autofilter(firstRow: headerRow, firstColumn: 0, lastRow: headerRow + rows, lastColumn: columns.count - 1)
    }

    /// The width in pixels of the columns in `range`, as `finish` sets them (Excel's 7 pixels a character, plus 5).
    func pixelWidth(columns range: Range<Int>) -> Double {
        range.filter { $0 < widths.count }.reduce(0) { $0 + Double(min(widths[$1], SheetWriter.widest) + 3) * 7 + 5 }
    }

    private mutating func blank(column i: Int, row: Int, style: XLSXStyle?) {
        if let text = columns[i].blank {
            sheet.write(text, row: row, column: i, style: style)
            widen(i, text.count)
        } else if let style, style.topRule {
            // Only the total row's rule needs an empty cell written; elsewhere an empty cell is left out.
            sheet.writeBlank(row: row, column: i, style: style)
        }
    }

    private mutating func number(_ value: Double, column i: Int, row: Int, isInteger: Bool, style: XLSXStyle?) {
        switch columns[i].format {
        case .seconds?:
            sheet.write(value / 86_400, row: row, column: i, style: style)
            // [h]:mm:ss: the hours' digits, then ":mm:ss".
            widen(i, String(Int(abs(value) / 3600)).count + 6)
        case .rate?:
            sheet.write(value, row: row, column: i, style: style)
            widen(i, String(Int(abs(value) * 100)).count + 4)
        case .integer?:
            sheet.write(value, row: row, column: i, style: style)
            widen(i, String(Int64(value.rounded())).count)
        default:
            sheet.write(value, row: row, column: i, style: style)
            widen(i, isInteger ? String(Int64(value)).count : min(String(value).count, 15))
        }
    }

    /// A text cell: a date or instant in a date column, else the string `writeString` writes.
    private mutating func text(
        _ bytes: UnsafeBufferPointer<UInt8>, column i: Int, row: Int, style: XLSXStyle?, writeString: () -> Void
    ) {
        if bytes.isEmpty, columns[i].blank != nil { return blank(column: i, row: row, style: style) }
        switch columns[i].format {
        case .datetime?, .date?:
            if let instant = Instant.parse(UnsafeRawBufferPointer(bytes)) {
                sheet.write(excelSerial(microsSinceEpoch: instant.micros), row: row, column: i, style: style)
                widen(i, columns[i].format == .date ? 10 : 19)
                return
            }
        default: break
        }
        writeString()
        widen(i, SheetWriter.displayWidth(bytes))
    }

    private mutating func widen(_ column: Int, _ width: Int) {
        if width > widths[column] { widths[column] = width }
    }

    /// The lines `text` takes when wrapped between words at `width` characters.
    static func lines(_ text: String, width: Int) -> Int {
        var lines = 1
        var used = 0
        for word in text.split(separator: " ") {
            let needed = used == 0 ? word.count : used + 1 + word.count
            if needed > width && used > 0 {
                lines += 1
                used = word.count
            } else {
                used = needed
            }
        }
        return lines
    }

    /// Characters of UTF-8 text, counted as its non-continuation bytes; stops counting past the widest column.
    static func displayWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            count += 1
            if count > widest { break }
        }
        return count
    }
}
