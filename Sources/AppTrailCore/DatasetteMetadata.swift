import Analysis
import AppTrailModel
import Warehouse

/// The metadata file Datasette reads for a warehouse (`datasette serve apptrail.db --metadata metadata.yml`):
/// a description of every table, view and column, the internal tables hidden, and the queries of `queries/` as
/// canned queries with their parameters.
///
/// It is made, never written by hand, so that it cannot drift: the tables and columns are a freshly migrated
/// warehouse's, their descriptions docs/warehouse.md's, the queries the catalogue's. The same inputs give the
/// same bytes: tables in name order, columns in the schema's order, queries in name order, parameters in the
/// order their `-- param:` lines declare them. Written for Datasette 0.6x, whose metadata holds canned queries and
/// hidden tables (Datasette 1.0 moves those two into a `datasette.yaml` of their own).
public struct DatasetteMetadata: Sendable {
    /// The database's name in Datasette, the key of everything below `databases:`.
    public var database: String
    /// The YAML, ending with a newline.
    public var text: String
    /// How many tables and views it describes, and how many queries it offers.
    public var tableCount: Int
    public var queryCount: Int

    /// The schema and the page do not match: the first problem, and how many there are.
    public struct Undescribed: AppTrailError {
        public var problems: [String]
        public var exitCode: ExitCode { .config }
        public var description: String {
            let more =
                problems.count > 1
                ? " (and \(problems.count - 1) more: swift test --filter SchemaDescriptionTests lists them)" : ""
            return "the warehouse's schema and its descriptions do not match: \(problems[0])\(more)"
        }
    }

    /// Describes `schema` with `descriptions`, and offers `queries`; throws `Undescribed` when a table, view or
    /// column has no description, or a description names what the schema lacks.
    public init(database: String, schema: [SchemaObject], descriptions: SchemaDescriptions, queries: [QueryFile])
        throws(Undescribed)
    {
        let problems = descriptions.mismatches(with: schema)
        guard problems.isEmpty else { throw Undescribed(problems: problems) }
        self.database = database
        tableCount = schema.count
        queryCount = queries.count
        var lines = [
            "# Datasette metadata of an apptrail warehouse: datasette serve WAREHOUSE --metadata THIS-FILE",
            "# Made by `apptrail datasette-metadata` from the warehouse's schema, docs/warehouse.md and queries/:",
            "# do not edit it, make it again. The database's key is the warehouse file's name without its suffix.",
            "title: \(YAMLScalar.quoted("apptrail"))",
            "description: \(YAMLScalar.quoted(Self.siteDescription))",
            "databases:",
            "  \(YAMLScalar.key(database)):",
            "    description: \(YAMLScalar.quoted(Self.databaseDescription))",
            "    tables:",
        ]
        for object in schema {
            // mismatches(with:) found a section, a description and a row for each of these.
            let table = descriptions.tables[object.name]!
            lines.append("      \(YAMLScalar.key(object.name)):")
            lines.append("        description: \(YAMLScalar.quoted(table.description!))")
            if table.isInternal { lines.append("        hidden: true") }
            lines.append("        columns:")
            for column in object.columns {
                let meaning = descriptions.meaning(of: column.name, in: object.name)!.meaning
                lines.append("          \(YAMLScalar.key(column.name)): \(YAMLScalar.quoted(meaning))")
            }
        }
        lines.append(queries.isEmpty ? "    queries: {}" : "    queries:")
        for query in queries {
            lines.append("      \(YAMLScalar.key(query.name)):")
            lines.append("        title: \(YAMLScalar.quoted(Self.title(query.name)))")
            lines.append("        description: \(YAMLScalar.quoted(Self.description(of: query)))")
            lines.append(query.parameters.isEmpty ? "        params: []" : "        params:")
            lines += query.parameters.map { "          - \(YAMLScalar.key($0.name))" }
            if let block = YAMLScalar.literalBlock(query.sql, indent: 10) {
                lines.append("        sql: |-")
                lines += block
            } else {
                lines.append("        sql: \(YAMLScalar.quoted(query.sql))")
            }
        }
        text = lines.joined(separator: "\n") + "\n"
    }

    /// The name Datasette gives a database file: its name without its last suffix (Python's `Path.stem`), so
    /// `apptrail` for `/var/lib/apptrail/apptrail.db`; `apptrail` too for a path without a file name.
    public static func databaseName(forFile path: String) -> String {
        guard let name = path.split(separator: "/").last.map(String.init) else { return "apptrail" }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else {
            return name
        }
        return String(name[..<dot])
    }

    static let siteDescription =
        "Kestra app executions synced by apptrail. docs/warehouse.md describes each table and column, docs/metrics.md each figure."

    static let databaseDescription =
        "One row per execution of a Kestra App in executions; every report and query reads the view app_executions, which leaves out TEST and PLAYGROUND runs."

    /// `Top submitters` for `top_submitters`.
    static func title(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The query's description, then each parameter with its type and meaning: Datasette shows the form's
    /// fields by name alone, and binds every value as text.
    static func description(of query: QueryFile) -> String {
        guard !query.parameters.isEmpty else { return query.description }
        let parameters = query.parameters.map { p in
            "\(p.name) (\(p.type.rawValue))" + (p.description.isEmpty ? "" : ": \(p.description)")
        }
        var text = query.description + " Parameters: " + parameters.joined(separator: "; ") + "."
        if query.parameters.contains(where: { $0.type == .instant }) {
            text +=
                " Write an instant as a date (2026-11-16, midnight UTC) or in ISO-8601 with Z or an offset (2026-11-16T09:30:00Z)."
        }
        return text
    }
}
