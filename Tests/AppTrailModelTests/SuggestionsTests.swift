import AppTrailModel
import Testing

@Suite struct SuggestionsTests {
    @Test(arguments: [
        ("synk", ["sync", "status", "import"], ["sync"]),
        ("reprot", ["report", "import", "export"], ["report"]),
        ("aps", ["apps", "sync"], ["apps"]),
        ("expenseapproval", ["expenseApproval", "leaveRequest"], ["expenseApproval"]),
        ("sumary", ["summary", "apps", "audit"], ["summary"]),
        ("foo", ["bar", "sync"], []),
        ("x", ["y"], []),
    ])
    func suggestsTheClosestNames(name: String, candidates: [String], expected: [String]) {
        #expect(Suggestions.near(name, in: candidates) == expected)
    }

    @Test func phraseNamesEveryCloseCandidateNearestFirst() {
        #expect(Suggestions.phrase(for: "expot", in: ["export", "import", "report"]) == "did you mean 'export'?")
        #expect(Suggestions.phrase(for: "weekl", in: ["weekly", "week1"]) == "did you mean 'week1' or 'weekly'?")
        #expect(Suggestions.phrase(for: "nothing-like-it", in: ["sync"]) == nil)
    }
}
