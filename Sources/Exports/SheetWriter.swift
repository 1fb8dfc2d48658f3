import AppTrailModel
import GRDB
import Warehouse

/// Writes a table into a workbook sheet as exports.md wants it: real Excel dates, `[h]:mm:ss` durations, `0.0%`
/// rates, text always as strings, a bold frozen header with an autofilter, and widths that fit the content.
struct SheetWriter {
    typealias Format = ReportDefinition.ColumnFormat

    /// Excel's last row index (1,048,576 rows, 0-based).
    static let lastRow = 1_048_575
    static let header = XLSXStyle(bold: true)
    static let datetime = XLSXStyle(numberFormat: "yyyy-mm-dd hh:mm:ss.000")
    static let date = XLSXStyle(numberFormat: "yyyy-mm-dd")
    static let seconds = XLSXStyle(numberFormat: "[h]:mm:ss")
    static let rate = XLSXStyle(numberFormat: "0.0%")
    static let integer = XLSXStyle(numberFormat: "0")

    let sheet: XLSXSheet
    let columns: [String]
    let formats: [Format?]
    /// Widest content per column, in characters.
    private var widths: [Int]
    private(set) var rows = 0

    /// The format of a column: the report's, or one its name implies (`date`, `*_at`, `*_s`, `*rate*`).
    static func format(of column: String, overrides: [String: Format]) -> Format? {
        if let format = overrides[column] { return format }
        if column == "date" { return .date }
        if column.hasSuffix("_at") { return .datetime }
        if column.hasSuffix("_s") { return .seconds }
        if column.contains("rate") { return .rate }
        return nil
    }

    /// Starts the sheet with its header row.
    init(sheet: XLSXSheet, columns: [String], overrides: [String: Format]) {
        self.sheet = sheet
        self.columns = columns
        formats = columns.map { SheetWriter.format(of: $0, overrides: overrides) }
        widths = columns.map { SheetWriter.displayWidth($0) }
        for (i, name) in columns.enumerated() { sheet.write(name, row: 0, column: i, style: SheetWriter.header) }
    }

    /// Whether another row fits under Excel's limit.
    var isFull: Bool { rows >= SheetWriter.lastRow }

    mutating func append(_ values: [DatabaseValue]) {
        rows += 1
        for (i, value) in values.enumerated() {
            switch value.storage {
            case .null: break
            case .int64(let n): number(Double(n), column: i, isInteger: true)
            case .double(let d): number(d, column: i, isInteger: false)
            case .string(let s):
                var utf8 = s
                let row = rows, sheet = sheet
                utf8.withUTF8 { text($0, column: i) { sheet.write(s, row: row, column: i) } }
            case .blob: break
            }
        }
    }

    /// A row straight from SQLite's buffers: no Swift value per cell.
    mutating func append(_ cursor: RawCursor) {
        rows += 1
        for i in 0..<columns.count {
            switch cursor.kind(i) {
            case .null, .blob: break
            case .integer: number(Double(cursor.int64(i)), column: i, isInteger: true)
            case .real: number(cursor.double(i), column: i, isInteger: false)
            case .text:
                let bytes = cursor.bytes(i), row = rows, sheet = sheet
                text(bytes, column: i) {
                    // SQLite's text ends with a NUL: the workbook takes it as a C string, no Swift String built.
                    guard let base = bytes.baseAddress else { return sheet.write("", row: row, column: i) }
                    base.withMemoryRebound(to: CChar.self, capacity: bytes.count + 1) {
                        sheet.write(cString: $0, length: bytes.count, row: row, column: i)
                    }
                }
            }
        }
    }

    /// Sets the widths, freezes the header and puts the autofilter over the table.
    func finish() {
        for (i, width) in widths.enumerated() { sheet.setColumn(i, width: Double(min(width, 80) + 2)) }
        sheet.freezePanes(row: 1, column: 0)
        if !columns.isEmpty { sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: rows, lastColumn: columns.count - 1) }
    }

    private mutating func number(_ value: Double, column i: Int, isInteger: Bool) {
        switch formats[i] {
        case .seconds?:
            sheet.write(value / 86_400, row: rows, column: i, style: SheetWriter.seconds)
            // [h]:mm:ss: the hours' digits, then ":mm:ss".
            widen(i, String(Int(abs(value) / 3600)).count + 6)
        case .rate?:
            sheet.write(value, row: rows, column: i, style: SheetWriter.rate)
            widen(i, String(Int(abs(value) * 100)).count + 4)
        case .integer?:
            sheet.write(value, row: rows, column: i, style: SheetWriter.integer)
            widen(i, String(Int64(value.rounded())).count)
        default:
            sheet.write(value, row: rows, column: i, style: nil)
            widen(i, isInteger ? String(Int64(value)).count : min(String(value).count, 15))
        }
    }

    /// A text cell: a date or instant in a date column, else the string `writeString` writes.
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, column i: Int, writeString: () -> Void) {
        switch formats[i] {
        case .datetime?, .date?:
            if let instant = Instant.parse(UnsafeRawBufferPointer(bytes)) {
                let isDate = formats[i] == .date
                sheet.write(excelSerial(microsSinceEpoch: instant.micros), row: rows, column: i,
                            style: isDate ? SheetWriter.date : SheetWriter.datetime)
                widen(i, isDate ? 10 : 23)
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

    static func displayWidth(_ text: String) -> Int { text.unicodeScalars.count }

    /// Characters of UTF-8 text, counted as its non-continuation bytes; stops counting past 80.
    static func displayWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 {
            count += 1
            if count > 80 { break }
        }
        return count
    }
}
