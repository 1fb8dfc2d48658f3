import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// The three API generations, decoded end to end.
@Suite struct ExecutionPageDecoderGenerationTests {
    @Test func full1xExecution() throws {
        let r = try T.execution(DecoderFixtures.full1x)
        #expect(r.id == "5Yq8xWmV2Rk3tHnB7cLpQd")
        #expect(r.tenant == "main")
        #expect(r.namespace == "company.team.approvals")
        #expect(r.flowId == "compute-resources")
        #expect(r.flowRevision == 7)
        #expect(r.kind == nil)
        #expect(
            r.labels == [
                Label("system.correlationId", "5Yq8xWmV2Rk3tHnB7cLpQd"), Label("system.app", "computeResourcesForm"),
                Label("system.username", "bob"), Label("priority", "3"), Label("urgent", "true"),
            ])
        #expect(
            r.inputsJSON
                == #"{"cpu":4,"memory":2,"note":"line1\nline2, \"quoted\"","requester":"Jürgen / Ops","tags":["a","b"]}"#
        )
        #expect(r.state == .success)
        #expect(r.histories.map(\.state) == [.created, .running, .paused, .restarted, .running, .success])
        #expect(r.histories.first?.date == T.instant("2024-11-21T16:31:27.943162Z"))
        #expect(r.histories.last?.date == T.instant("2024-11-21T17:02:12.000001Z"))
        #expect(r.startDate == T.instant("2024-11-21T16:31:27.943162Z"))
        #expect(r.hasTaskRuns)
        #expect(r.pauseTaskRun == PauseTaskRun(taskRunId: "3PaUsE", resumedBy: "alice@example.com"))
    }

    @Test func light20SearchItem() throws {
        let r = try T.execution(DecoderFixtures.light20)
        #expect(r.tenant == "acme")
        #expect(r.kind == "PLAYGROUND")
        #expect(r.isTestKind)
        #expect(r.state == .paused)
        #expect(r.histories.count == 3)
        #expect(r.histories[2].date == T.instant("2026-01-05T08:00:01.5Z"))
        #expect(r.inputsJSON == #"{"name":"Zoë"}"#)
        #expect(!r.hasTaskRuns)
        #expect(r.pauseTaskRun == nil)
    }

    @Test func legacy022Execution() throws {
        let r = try T.execution(DecoderFixtures.legacy022)
        #expect(r.tenant == nil)
        #expect(r.labels == [Label("system.app", "oldApp"), Label("team", "ops")])
        #expect(r.state == .failed)
        #expect(r.histories[0].date == T.instant("2023-03-01T09:00:00Z"))
        #expect(r.histories[1].date == T.instant("2023-03-01T09:00:02.531Z"))
        #expect(r.inputsJSON == "{}")
        #expect(!r.hasTaskRuns)
    }

    @Test func searchPageOfAllGenerations() throws {
        let json =
            #"{"results":[\#(DecoderFixtures.full1x),\#(DecoderFixtures.light20),\#(DecoderFixtures.legacy022)],"total":1234}"#
        let page = try T.page(json)
        #expect(page.total == 1234)
        #expect(page.results.map(\.id) == ["5Yq8xWmV2Rk3tHnB7cLpQd", "6Zr9", "1Ab"])
        #expect(page.results[0] == (try T.execution(DecoderFixtures.full1x)))
    }

    @Test func pageTotalAfterResultsOrAbsent() throws {
        #expect(try T.page(#"{"total":0,"results":[]}"#) == ExecutionPage(results: [], total: 0))
        #expect(try T.page(#" {"results":[]} "#) == ExecutionPage(results: [], total: nil))
        #expect(try T.page(#"{"results":[],"total":null}"#).total == nil)
    }

    /// Which of two copies of one execution in one page is right cannot be known: the page is refused,
    /// for sync and import alike (the decoder reads both).
    @Test func aPageWithAnIdTwiceIsRefusedNamingTheId() throws {
        let json = #"{"results":[\#(T.minimal(id: "dup")),\#(T.minimal(id: "ok")),\#(T.minimal(id: "dup"))],"total":3}"#
        let at = T.offset(of: #"{"id":"dup""#, in: String(json.dropFirst(20))) + 20
        #expect(
            T.failure { try T.page(json) }
                == "results[2] (id dup): 'id' is also the id of results[0]: a page must not hold an execution twice (byte \(at))"
        )
        #expect(
            T.failure { try T.document(json) }
                == "results[2] (id dup): 'id' is also the id of results[0]: a page must not hold an execution twice (byte \(at))"
        )
        let array = "[\(T.minimal(id: "a")),\(T.minimal(id: "a"))]"
        #expect(
            T.failure { try T.document(array) }
                == "[1] (id a): 'id' is also the id of [0]: a page must not hold an execution twice (byte \(T.minimal(id: "a").utf8.count + 2))"
        )
        // NDJSON is a stream of records, not one page: a later line of the same id updates it, as a later page would.
        #expect(try T.document(T.minimal(id: "a") + "\n" + T.minimal(id: "a")).flatMap { $0 }.map(\.id) == ["a", "a"])
    }

    @Test func pageWithoutResults() {
        #expect(T.failure { try T.page(#"{"total":3}"#) } == "'results' is missing (byte 10)")
    }

    @Test func truncatedPage() {
        let json = #"{"results":[\#(T.minimal(id: "a")),\#(T.minimal(id: "b"))],"total":2}"#
        // Cut inside the second execution's first history date.
        let cut = String(json.prefix(json.utf8.count - 30))
        #expect(
            T.failure { try T.page(cut) }
                == "results[1] (id b): byte \(cut.utf8.count) in 'state.histories[0].date': unexpected end of input")
        #expect(T.failure { try T.page(#"{"results":["#) } == "byte 12: unexpected end of input")
        #expect(T.failure { try T.page("") } == "byte 0: unexpected end of input")
    }

    @Test func errorInsideAPageNamesTheExecution() {
        let bad = T.minimal(id: "x7", extra: #","flowRevision":"seven""#)
        let json = #"{"results":[\#(T.minimal(id: "ok")),\#(bad)]}"#
        let at = T.offset(of: #""seven""#, in: json)
        #expect(
            T.failure { try T.page(json) }
                == "results[1] (id x7): 'flowRevision' must be an integer, not a string (byte \(at))")
    }
}
