import AppTrailModel
import Foundation
import Warehouse

/// What each table, view and column of the warehouse means, read from the column tables of docs/warehouse.md:
/// the one place they are written, for people reading the page and for Datasette (`apptrail datasette-metadata`).
///
/// The page's conventions, which its last section states for whoever edits it: a heading that is one name in
/// backticks (`` ## `executions` ``) starts that table's section; the section's first paragraph describes the
/// table; the rows of its `| column | type | meaning |` table describe columns (a first cell may name several);
/// a line `Columns: those of `executions`.` lends a view another table's rows; and the sections under
/// `## Internal tables` are apptrail's bookkeeping, which Datasette hides.
public struct SchemaDescriptions: Sendable {
    /// One table's or view's section of the page.
    public struct Table: Sendable {
        public var name: String
        /// Its first paragraph as plain text; nil when the section starts with something else.
        public var description: String?
        public var columns: [String: Column] = [:]
        /// The table whose column rows this view takes (`Columns: those of ...`).
        public var columnsOf: String?
        /// Under `## Internal tables`: bookkeeping a reader of the data does not need.
        public var isInternal: Bool
        /// The line of its heading, for messages.
        public var line: Int
    }

    /// One column's row.
    public struct Column: Sendable {
        /// The type cell, as written (`TEXT PK`).
        public var type: String
        /// The meaning cell as plain text.
        public var meaning: String
        public var line: Int
    }

    /// A page that does not follow its conventions, naming the line.
    public struct Problem: AppTrailError {
        public var path: String
        public var line: Int
        public var message: String
        public var exitCode: ExitCode { .config }
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// The sections by table name.
    public var tables: [String: Table]
    /// Where the page was read from, for messages.
    public var path: String

    /// The descriptions of the docs/warehouse.md this apptrail was built with.
    public static func builtIn() throws(Problem) -> SchemaDescriptions {
        try SchemaDescriptions(markdown: BuiltInDefinitions.warehouseDocument, path: "built-in:docs/warehouse.md")
    }

    /// Reads the sections of a page written in docs/warehouse.md's conventions.
    public init(markdown: String, path: String) throws(Problem) {
        self.path = path
        tables = [:]
        var current: Table?
        var paragraph: [String] = []
        var paragraphDone = false
        var inColumnTable = false
        var internalSection = false
        var fenced = false
        func finish() throws(Problem) {
            guard var table = current else { return }
            if !paragraph.isEmpty { table.description = SchemaDescriptions.plainText(paragraph.joined(separator: " ")) }
            if let earlier = tables[table.name] {
                throw Problem(
                    path: path, line: table.line,
                    message: "`\(table.name)` has a second section (the first is on line \(earlier.line))")
            }
            tables[table.name] = table
            current = nil
        }
        for (index, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let number = index + 1
            if line.hasPrefix("```") { fenced.toggle() }
            if fenced || line.hasPrefix("```") {
                // A section's description is the paragraph it starts with, never text after an example.
                paragraphDone = true
                continue
            }
            if line.hasPrefix("#"), line.drop(while: { $0 == "#" }).hasPrefix(" ") {
                try finish()
                let level = line.prefix { $0 == "#" }.count
                let title = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
                if level <= 2 { internalSection = level == 2 && title == "Internal tables" }
                if let name = SchemaDescriptions.soleName(title) {
                    current = Table(name: name, isInternal: internalSection && level > 2, line: number)
                    paragraph = []
                    paragraphDone = false
                    inColumnTable = false
                }
                continue
            }
            guard current != nil else { continue }
            if line.isEmpty {
                paragraphDone = paragraphDone || !paragraph.isEmpty
                inColumnTable = false
                continue
            }
            if line.hasPrefix("|") {
                paragraphDone = true
                let cells = SchemaDescriptions.cells(line)
                if cells.first == "column" {
                    guard cells.count == 3, cells[1] == "type", cells[2] == "meaning" else {
                        throw Problem(
                            path: path, line: number,
                            message: "a column table's header is '| column | type | meaning |'")
                    }
                    inColumnTable = true
                } else if inColumnTable, !cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) {
                    try current!.addColumns(cells, path: path, line: number)
                }
                continue
            }
            if line.hasPrefix("Columns: those of "), let name = SchemaDescriptions.backticked(line).first {
                current!.columnsOf = name
                paragraphDone = true
                continue
            }
            if !paragraphDone { paragraph.append(line) }
        }
        try finish()
    }

    /// The description of `column` in `table`, following a view's `Columns: those of` line.
    public func meaning(of column: String, in table: String) -> Column? {
        var seen: Set<String> = []
        var name: String? = table
        while let current = name, seen.insert(current).inserted, let section = tables[current] {
            if let own = section.columns[column] { return own }
            name = section.columnsOf
        }
        return nil
    }

    /// Everything that keeps the page and `schema` from matching, one line each: a table, view or column
    /// without a description, a type the page gives differently, a description of something the schema lacks.
    public func mismatches(with schema: [SchemaObject]) -> [String] {
        var found: [String] = []
        let names = Set(schema.map(\.name))
        for object in schema {
            guard let table = tables[object.name] else {
                found.append(
                    "\(path): no section describes the \(object.kind.rawValue) \(object.name) (a heading `## \\`\(object.name)\\``)"
                )
                continue
            }
            if table.description == nil {
                found.append(
                    "\(path):\(table.line): the section of \(object.name) does not start with a paragraph describing it"
                )
            }
            for column in object.columns {
                guard let described = meaning(of: column.name, in: object.name) else {
                    found.append("\(path):\(table.line): no row describes the column \(object.name).\(column.name)")
                    continue
                }
                let documented = described.type.split(separator: " ").first.map { $0.uppercased() } ?? ""
                if !column.declaredType.isEmpty, documented != column.declaredType.uppercased() {
                    found.append(
                        "\(path):\(described.line): \(object.name).\(column.name) is \(column.declaredType) in the schema, not \(described.type)"
                    )
                }
            }
            let columns = Set(object.columns.map(\.name))
            for (name, column) in table.columns.sorted(by: { $0.value.line < $1.value.line })
            where !columns.contains(name) {
                found.append("\(path):\(column.line): \(object.name) has no column \(name)")
            }
        }
        for table in tables.values.sorted(by: { $0.line < $1.line }) where !names.contains(table.name) {
            found.append("\(path):\(table.line): the schema has no table or view \(table.name)")
        }
        return found
    }

    /// `executions` for a heading that is exactly one backticked name.
    static func soleName(_ title: String) -> String? {
        guard title.hasPrefix("`"), title.hasSuffix("`"), title.count > 2 else { return nil }
        let name = title.dropFirst().dropLast()
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? String(name) : nil
    }

    /// The names written in backticks in `text`, in order.
    static func backticked(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
    }

    /// The cells of a table row, trimmed; `\|` is a bar inside a cell.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for c in row {
            if escaped {
                cell.append(c == "|" ? "|" : "\\")
                if c != "|" { cell.append(c) }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(c)
            }
        }
        if escaped { cell.append("\\") }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        // A row starts and ends with a bar: the text outside them is no cell.
        return Array(cells.dropFirst().dropLast())
    }

    /// Markdown as a reader sees it, for a client that shows text as given: no backticks, emphasis or link
    /// targets, and one space between words.
    static func plainText(_ markdown: String) -> String {
        var text = markdown.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "**", with: "")
        // [words](target) reads as words; a page of docs/ named by its file is named from the repository's root, as a
        // reader of the description outside docs/ (Datasette, the metadata file) finds it.
        while let open = text.range(of: "["), let middle = text.range(of: "](", range: open.upperBound..<text.endIndex),
            let close = text.range(of: ")", range: middle.upperBound..<text.endIndex)
        {
            let words = String(text[open.upperBound..<middle.lowerBound])
            let target = String(text[middle.upperBound..<close.lowerBound])
            let page = target.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
            let named =
                page.hasSuffix(".md") && words == page && !page.contains(":") && !page.hasPrefix("/")
                ? "docs/" + page : words
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: named)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension SchemaDescriptions.Table {
    /// Adds the columns a row of the column table names, each with the row's type and meaning.
    mutating func addColumns(_ cells: [String], path: String, line: Int) throws(SchemaDescriptions.Problem) {
        let names = SchemaDescriptions.backticked(cells.first ?? "")
        guard cells.count == 3, !names.isEmpty else {
            throw SchemaDescriptions.Problem(
                path: path, line: line, message: "a row of \(name)'s column table is '| `column` | TYPE | meaning |'")
        }
        let meaning = SchemaDescriptions.plainText(cells[2])
        guard !meaning.isEmpty else {
            throw SchemaDescriptions.Problem(
                path: path, line: line,
                message: "the row of \(names.joined(separator: ", ")) in \(name) says nothing of its meaning")
        }
        for column in names {
            if let earlier = columns[column] {
                throw SchemaDescriptions.Problem(
                    path: path, line: line,
                    message: "\(name).\(column) has a second row (the first is on line \(earlier.line))")
            }
            columns[column] = SchemaDescriptions.Column(type: cells[1], meaning: meaning, line: line)
        }
    }
}
