import AppTrailTestSupport
import Testing
import YAMLReader
import Yams

@Suite struct YAMLReaderTests {
    @Test func anAliasBombIsRefusedAtTheLineThatCrossesTheBudget() {
        #expect {
            _ = try YAMLReader.document(aliasBomb)
        } throws: { error in
            let failure = error as? YAMLReader.Failure
            return failure?.line == 6
                && failure?.message == "aliases expand the YAML to more than 100000 nodes (an alias bomb?)"
        }
    }

    @Test func aSyntaxErrorHasItsLineAndOneLine() {
        #expect {
            _ = try YAMLReader.document("id: [unclosed\n")
        } throws: { error in
            let failure = error as? YAMLReader.Failure
            return failure?.line == 2 && failure?.message == "not valid YAML: did not find expected ',' or ']'"
        }
    }

    @Test func oneDocumentOrNone() throws {
        #expect(try YAMLReader.document("# only a comment\n") == nil)
        #expect(try YAMLReader.document("a: 1\n")?.mapping?["a"]?.int == 1)
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.document("a: 1\n---\nb: 2\n") }
    }

    @Test func documentsComeInTurnBeforeALaterSyntaxError() {
        var seen: [Int] = []
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try YAMLReader.forEachDocument("n: 1\n---\nn: 2\n---\nn: [\n") { node in
                seen.append(node.mapping?["n"]?.int ?? 0)
                if seen.count == 2 { throw Stop() }
            }
        }
        #expect(seen == [1, 2])
    }
}
