import Analysis
import Warehouse

extension CSV {
    /// Writes the cursor's header and every row to `file`; returns the row count. `progress` hears of the rows
    /// written, every few thousand.
    static func write(_ cursor: RawCursor, bom: Bool, to file: OutputFile, progress: (Int) -> Void = { _ in }) throws
        -> Int
    {
        let columns = cursor.columnNames
        let places = columns.map(CSV.places(forColumn:))
        try file.append { out in
            if bom { out += CSV.byteOrderMark }
            CSV.appendHeader(columns, to: &out)
        }
        var rows = 0
        while try cursor.step() {
            try file.append { out in
                for i in 0..<places.count {
                    if i > 0 { out.append(0x2C) }
                    switch cursor.kind(i) {
                    case .null: break
                    case .integer: CSV.appendInteger(cursor.int64(i), to: &out)
                    case .real: CSV.appendNumber(cursor.double(i), places: places[i], to: &out)
                    case .text, .blob: CSV.appendField(text: cursor.bytes(i), to: &out)
                    }
                }
                out += CSV.recordEnd
            }
            rows += 1
            if rows & 8191 == 0 { progress(8192) }
        }
        progress(rows & 8191)
        return rows
    }
}
