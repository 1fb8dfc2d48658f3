import AppTrailModel
import Foundation

extension ResultSet {
    public enum Format: String, Sendable, CaseIterable { case table, csv, json }

    /// The text of a cell as docs/exports.md writes it: seconds (`*_s`) with 3 decimals, rates (`*rate*`) with
    /// 4, rounded half away from zero; empty for NULL.
    static func text(_ value: Cell, column: String) -> String {
        switch value {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return CSV.numberText(d, places: CSV.places(forColumn: column))
        case .text(let s): return s
        case .blob(let b): return Data(b).base64EncodedString()
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
                    if case .text = rows[r][i] { CSV.appendField(text, to: &out) } else { out += Array(text.utf8) }
                }
                out += CSV.recordEnd
            }
            return String(decoding: out, as: UTF8.self)
        case .json:
            let objects = rows.map { row -> [String: Any] in
                var o: [String: Any] = [:]
                for (i, v) in row.enumerated() {
                    switch v {
                    case .null: o[columns[i]] = NSNull()
                    case .integer(let n): o[columns[i]] = n
                    case .real(let d): o[columns[i]] = Double(ResultSet.text(v, column: columns[i])) ?? d
                    case .text(let s): o[columns[i]] = s
                    case .blob(let b): o[columns[i]] = Data(b).base64EncodedString()
                    }
                }
                return o
            }
            let data =
                (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .table:
            return table(cells: cells, maxWidth: nil)
        }
    }

    /// The result with only `columns`, in that order, each renamed to its title and its text cells rewritten by
    /// `text` (for a narrower table: `2026-12-11T00:00:00.000Z` as `2026-12-11 00:00`).
    public func projected(_ columns: [(name: String, title: String)], text: (String, String) -> String = { $1 })
        -> ResultSet
    {
        let indices = columns.map { c in self.columns.firstIndex(of: c.name) }
        return ResultSet(
            columns: columns.map(\.title),
            rows: rows.map { row in
                zip(columns, indices).map { column, i in
                    guard let i else { return .null }
                    if case .text(let s) = row[i] { return .text(text(column.name, s)) }
                    return row[i]
                }
            })
    }

    /// Whether a column holds seconds (`duration_p50_s`): a table shows them as `2d 3h`.
    static func isDuration(_ column: String) -> Bool { column.hasSuffix("_s") }

    /// An aligned table for a person: durations as `2d 3h` under their name without `_s` (CSV and JSON keep
    /// seconds), numbers right-aligned, and with `maxWidth` the widest text columns cut short (`…`) until the
    /// lines fit, those in `whole` (an id a user copies) last.
    public func table(maxWidth: Int?, whole: Set<String> = []) -> String {
        table(
            cells: rows.map { row in row.enumerated().map { ResultSet.text($0.element, column: columns[$0.offset]) } },
            maxWidth: maxWidth, whole: whole)
    }

    private func table(cells: [[String]], maxWidth: Int?, whole: Set<String> = []) -> String {
        let numeric = columns.indices.map { i in
            rows.allSatisfy { row in
                if case .text = row[i] { return false }
                return true
            }
        }
        let durations = columns.indices.map { i in ResultSet.isDuration(columns[i]) && numeric[i] }
        let header = columns.indices.map { durations[$0] ? String(columns[$0].dropLast(2)) : columns[$0] }
        let shown = cells.enumerated().map { r, row in
            row.indices.map { i -> String in
                if durations[i] {
                    switch rows[r][i] {
                    case .real(let seconds): return SpanText.format(seconds: seconds)
                    case .integer(let seconds): return SpanText.format(seconds: Double(seconds))
                    default: break
                    }
                }
                return row[i].replacingOccurrences(of: "\n", with: "⏎")
            }
        }
        var widths = columns.indices.map { i in max(header[i].count, shown.map { $0[i].count }.max() ?? 0) }
        if let maxWidth {
            // The widest text column gives a column at a time, never below its header or 8 columns; a column
            // of `whole` only when no other can give.
            let floor = columns.indices.map { max(header[$0].count, 8) }
            for spared in [whole, []] {
                while widths.reduce(0, +) + 2 * (widths.count - 1) > maxWidth,
                    let i = columns.indices.filter({
                        !numeric[$0] && !spared.contains(columns[$0]) && widths[$0] > floor[$0]
                    })
                    .max(by: { widths[$0] < widths[$1] })
                {
                    widths[i] -= 1
                }
            }
        }
        func line(_ values: [String]) -> String {
            values.indices.map { i in
                let value = values[i].count > widths[i] ? values[i].prefix(widths[i] - 1) + "…" : values[i]
                let pad = String(repeating: " ", count: widths[i] - value.count)
                return numeric[i] ? pad + value : value + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        var out = line(header)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in shown { out += line(row) }
        return out
    }
}
