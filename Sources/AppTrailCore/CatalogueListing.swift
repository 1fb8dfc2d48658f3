import Analysis

/// The queries or reports apptrail knows, as `query --list` and `report --list` print them.
public struct CatalogueListing: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var description: String
        /// `built-in`, or the file's path.
        public var source: String
    }

    public var rows: [Row]

    /// A table of name, source and description that fits `width` columns (the terminal's; never narrower
    /// than 60, where the description would say nothing): a long source keeps its end (the file's name), a
    /// long description its start, each cut where an ellipsis marks it.
    public func text(width: Int = 80) -> String {
        let nameWidth = min(24, max(4, rows.map(\.name.count).max() ?? 0))
        let sourceWidth = min(28, max(6, rows.map(\.source.count).max() ?? 0))
        let descriptionWidth = max(60, width) - nameWidth - sourceWidth - 4
        func cell(_ s: String, _ width: Int, keepingEnd: Bool = false) -> String {
            guard s.count > width else { return s + String(repeating: " ", count: width - s.count) }
            return keepingEnd ? "…" + s.suffix(width - 1) : s.prefix(width - 1) + "…"
        }
        var lines = [cell("name", nameWidth) + "  " + cell("source", sourceWidth) + "  description"]
        for row in rows {
            let line =
                cell(row.name, nameWidth) + "  " + cell(row.source, sourceWidth, keepingEnd: true) + "  "
                + cell(row.description, descriptionWidth)
            lines.append(String(line.reversed().drop { $0 == " " }.reversed()))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension CatalogueListing.Row {
    /// A row of a definition whose text says what it does; one that cannot be read says why instead.
    init(_ entry: DefinitionCatalogue.Entry, description: () throws -> String) {
        let text: String
        do {
            text = try description()
        } catch {
            text = "(unusable: \(error))"
        }
        self.init(
            name: entry.name, description: text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
            source: entry.source)
    }
}
