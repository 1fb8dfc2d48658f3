import Foundation
import Testing
import Warehouse

@testable import Analysis

/// docs/warehouse.md describes the schema, and apptrail is built with it: every table, view and column of a
/// freshly migrated warehouse has its row there, and every row its column in the schema.
@Suite struct SchemaDescriptionTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../docs/warehouse.md"
    ).standardized.path

    @Test func everyTableViewAndColumnOfAFreshWarehouseIsDescribed() throws {
        let schema = try Warehouse.freshSchema()
        let names = schema.map(\.name)
        #expect(
            Set([
                "executions", "app_executions", "execution_states", "apps", "sync_runs", "grdb_migrations",
                "sqlite_stat1",
            ]).isSubset(of: names),
            "\(names)")
        let mismatches = try SchemaDescriptions.builtIn().mismatches(with: schema)
        #expect(mismatches.isEmpty, "docs/warehouse.md and the schema differ:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func theBuiltInPageIsTheRepositorysPage() throws {
        #expect(BuiltInDefinitions.warehouseDocument == (try String(contentsOfFile: Self.page, encoding: .utf8)))
    }

    @Test func internalTablesAreTheBookkeeping() throws {
        let descriptions = try SchemaDescriptions.builtIn()
        let bookkeeping = descriptions.tables.values.filter(\.isInternal).map(\.name).sorted()
        #expect(bookkeeping == ["demo_files", "grdb_migrations", "sqlite_stat1", "warehouse_version"])
        // A Datasette user reading executions learns that the reports' view leaves test runs out.
        let executions = try #require(descriptions.tables["executions"]?.description)
        #expect(executions.contains("TEST and PLAYGROUND") && executions.contains("app_executions"))
        #expect(
            descriptions.meaning(of: "decided_by", in: "app_executions")?.meaning
                == descriptions.tables["executions"]?.columns["decided_by"]?.meaning)
    }

    static let sample = """
        # A page

        ## `things`

        One row per [thing](#things), **kept** as `text`.
        A second line of the same paragraph.

        More that is not the description.

        | column | type | meaning |
        |---|---|---|
        | `id` | INTEGER PK | its number |
        | `a`, `b` | TEXT | two columns, `a\\|b` |

        ```sql
        SELECT 1;
        ```

        ## Views

        ### `some_things`

        Things, some.

        Columns: those of [`things`](#things).

        ## Internal tables

        ### `book`

        Bookkeeping.

        | column | type | meaning |
        |---|---|---|
        | `n` | INTEGER | a count |

        ## After

        ### `not_internal`

        Not under Internal tables.
        """

    private func object(_ name: String, _ columns: [(String, String)], kind: SchemaObject.Kind = .table) -> SchemaObject
    {
        SchemaObject(
            name: name, kind: kind, columns: columns.map { SchemaObject.Column(name: $0.0, declaredType: $0.1) })
    }

    @Test func thePagesConventionsAreRead() throws {
        let d = try SchemaDescriptions(markdown: Self.sample, path: "sample.md")
        #expect(
            d.tables["things"]?.description == "One row per thing, kept as text. A second line of the same paragraph.")
        #expect(d.meaning(of: "b", in: "things")?.meaning == "two columns, a|b")
        #expect(d.meaning(of: "id", in: "things")?.type == "INTEGER PK")
        #expect(d.meaning(of: "a", in: "some_things")?.meaning == "two columns, a|b")
        #expect(d.tables["book"]?.isInternal == true && d.tables["things"]?.isInternal == false)
        #expect(d.tables["not_internal"]?.isInternal == false)
        let schema = [
            object("things", [("id", "INTEGER"), ("a", "TEXT"), ("b", "text")]),
            object("some_things", [("id", ""), ("a", "")], kind: .view),
            object("book", [("n", "INTEGER")]), object("not_internal", []),
        ]
        #expect(d.mismatches(with: schema).isEmpty, "\(d.mismatches(with: schema))")
    }

    @Test func aColumnTableOrDescriptionMissingIsOneLineEach() throws {
        let d = try SchemaDescriptions(markdown: Self.sample, path: "sample.md")
        let schema = [
            object("things", [("id", "TEXT"), ("a", "TEXT"), ("b", "TEXT"), ("added", "REAL")]),
            object("some_things", [("id", "")], kind: .view), object("book", [("n", "INTEGER")]),
            object("new_view", [("x", "")], kind: .view),
        ]
        #expect(
            d.mismatches(with: schema) == [
                "sample.md:12: things.id is TEXT in the schema, not INTEGER PK",
                "sample.md:3: no row describes the column things.added",
                "sample.md: no section describes the view new_view (a heading `## \\`new_view\\``)",
                "sample.md:39: the schema has no table or view not_internal",
            ])
    }

    @Test func aPageThatBreaksItsConventionsNamesTheLine() {
        #expect(throws: SchemaDescriptions.Problem.self) {
            try SchemaDescriptions(
                markdown:
                    "## `t`\n\nT.\n\n| column | type | meaning |\n|---|---|---|\n| `a` | TEXT | x |\n| `a` | TEXT | y |\n",
                path: "p.md")
        }
        do {
            _ = try SchemaDescriptions(
                markdown: "## `t`\n\nT.\n\n| column | type | meaning |\n|---|---|---|\n| `a` | TEXT | |\n", path: "p.md"
            )
            Issue.record("a row without a meaning was read")
        } catch {
            // Typed throws: the error is a SchemaDescriptions.Problem.
            #expect(error.description == "p.md:7: the row of a in t says nothing of its meaning")
        }
    }
}
