import Foundation
import GRDB

extension ResultSet {
    public enum Format: String, Sendable, CaseIterable { case table, csv, json }

    /// The text of a cell as exports.md writes it: seconds (`*_s`) with 3 decimals, rates (`*rate*`) with
    /// 4, rounded half away from zero; empty for NULL.
    static func text(_ value: DatabaseValue, column: String) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return CSV.numberText(d, places: CSV.places(forColumn: column))
        case .string(let s): return s
        case .blob(let b): return b.base64EncodedString()
        }
    }

    /// The rows in `format`: an aligned table for a terminal, RFC 4180 CSV, or a JSON array of objects.
    public func formatted(_ format: Format) -> String {
        let cells = rows.map { row in row.enumerated().map { ResultSet.text($0.element, column: columns[$0.offset]) } }
        switch format {
        case .csv:
            var out: [UInt8] = []
            CSV.appendHeader(columns, to: &out)
            for (r, row) in cells.enumerated() {
                for (i, text) in row.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    if case .string = rows[r][i].storage { CSV.appendField(text, to: &out) } else { out += Array(text.utf8) }
                }
                out += CSV.recordEnd
            }
            return String(decoding: out, as: UTF8.self)
        case .json:
            let objects = rows.map { row -> [String: Any] in
                var o: [String: Any] = [:]
                for (i, v) in row.enumerated() {
                    switch v.storage {
                    case .null: o[columns[i]] = NSNull()
                    case .int64(let n): o[columns[i]] = n
                    case .double(let d): o[columns[i]] = Double(ResultSet.text(v, column: columns[i])) ?? d
                    case .string(let s): o[columns[i]] = s
                    case .blob(let b): o[columns[i]] = b.base64EncodedString()
                    }
                }
                return o
            }
            let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .table:
            let widths = columns.indices.map { i in max(columns[i].count, cells.map { $0[i].count }.max() ?? 0) }
            func line(_ values: [String], numeric: [Bool]) -> String {
                values.indices.map { i in
                    let pad = String(repeating: " ", count: widths[i] - values[i].count)
                    return numeric[i] ? pad + values[i] : values[i] + pad
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
            }
            let numeric = columns.indices.map { i in rows.allSatisfy { row in
                if case .string = row[i].storage { return false }
                return true
            } }
            var out = line(columns, numeric: numeric)
            out += line(widths.map { String(repeating: "-", count: $0) }, numeric: numeric)
            for row in cells { out += line(row.map { $0.replacingOccurrences(of: "\n", with: "⏎") }, numeric: numeric) }
            return out
        }
    }
}
