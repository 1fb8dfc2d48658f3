import Testing

@testable import Analysis

/// A query's count is taken over the query itself, its final order left out so that SQLite need not sort.
@Suite struct QueryCountTests {
    @Test func theFinalOrderGoes() {
        #expect(
            QueryFile.unordered("SELECT a FROM t WHERE b = 1\nORDER BY a, b DESC") == "SELECT a FROM t WHERE b = 1\n")
        #expect(QueryFile.unordered("select a from t order\n  by a;\n-- the end\n") == "select a from t ")
        #expect(
            QueryFile.unordered("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1")
                == "SELECT a FROM t UNION SELECT b FROM u ")
    }

    @Test func anOrderInsideOrQuotedStays() {
        for sql in [
            "SELECT a, row_number() OVER (ORDER BY a) FROM t",
            "SELECT a FROM (SELECT a FROM t ORDER BY a)",
            "SELECT 'ORDER BY a' AS \"order by\", [ORDER BY] FROM t",
            "SELECT a FROM t -- ORDER BY a",
            "SELECT a FROM t /* ORDER BY a */",
            "SELECT a AS reorder_by FROM t",
        ] {
            #expect(QueryFile.unordered(sql) == sql, "\(sql)")
        }
        #expect(QueryFile.unordered("SELECT a FROM t;  ") == "SELECT a FROM t")
    }

    @Test func anOrderThatDecidesTheRowsStays() {
        #expect(QueryFile.unordered("SELECT a FROM t ORDER BY a LIMIT 3") == "SELECT a FROM t ORDER BY a LIMIT 3")
        #expect(
            QueryFile.unordered("SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 1;")
                == "SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 1")
    }
}
