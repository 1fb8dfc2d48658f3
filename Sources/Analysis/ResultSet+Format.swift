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
        case .double(let d):
            let places = column.hasSuffix("_s") ? 3 : (column.contains("rate") ? 4 : nil)
            guard let places else { return String(d) }
            let scale = pow(10.0, Double(places))
            let rounded = (abs(d) * scale).rounded(.toNearestOrAwayFromZero) / scale * (d < 0 ? -1 : 1)
            return String(format: "%.\(places)f", rounded)
        case .string(let s): return s
        case .blob(let b): return b.base64EncodedString()
        }
    }

    /// The rows in `format`: an aligned table for a terminal, RFC 4180 CSV, or a JSON array of objects.
    public func formatted(_ format: Format) -> String {
        let cells = rows.map { row in row.enumerated().map { ResultSet.text($0.element, column: columns[$0.offset]) } }
        switch format {
        case .csv:
            func field(_ s: String, isText: Bool) -> String {
                var s = s
                // A text cell that a spreadsheet would run as a formula is made inert.
                if isText, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
                return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            var out = columns.map { field($0, isText: true) }.joined(separator: ",") + "\r\n"
            for (r, row) in cells.enumerated() {
                out += row.enumerated().map { i, s in
                    if case .string = rows[r][i].storage { return field(s, isText: true) }
                    return field(s, isText: false)
                }.joined(separator: ",") + "\r\n"
            }
            return out
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
