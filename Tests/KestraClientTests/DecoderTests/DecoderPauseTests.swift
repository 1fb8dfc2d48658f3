import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Finding the last Pause task run, in `taskRunList` (<= 1.x) and in the 2.0 outputs endpoint.
@Suite struct DecoderPauseTests {
    private func taskRun(_ id: String, outputs: String? = nil, histories: [String] = ["CREATED", "RUNNING", "SUCCESS"])
        -> String
    {
        let h = histories.enumerated().map { #"{"state":"\#($1)","date":"2024-01-01T00:00:0\#($0)Z"}"# }.joined(
            separator: ",")
        let o = outputs.map { #","outputs":\#($0)"# } ?? ""
        return
            #"{"id":"\#(id)","taskId":"t","attempts":[{"state":{"current":"SUCCESS","histories":[{"state":"PAUSED","date":"2024-01-01T00:00:00Z"}]}}]\#(o),"state":{"current":"\#(histories.last ?? "")","histories":[\#(h)],"duration":"PT1S"}}"#
    }

    private func pause(_ runs: String...) throws -> PauseTaskRun? {
        let r = try T.execution(T.minimal(extra: #","taskRunList":[\#(runs.joined(separator: ","))]"#))
        #expect(r.hasTaskRuns)
        return r.pauseTaskRun
    }

    @Test func onResumeOnly() throws {
        #expect(
            try pause(
                taskRun("a", outputs: #"{"x":1}"#), taskRun("p", outputs: #"{"onResume":{"ok":true}}"#), taskRun("b"))
                == PauseTaskRun(taskRunId: "p", resumedBy: nil))
    }

    @Test func resumedWithByNull() throws {
        #expect(
            try pause(taskRun("p", outputs: #"{"resumed":{"by":null,"on":"2024-01-01T00:00:05.123","to":"SUCCESS"}}"#))
                == PauseTaskRun(taskRunId: "p", resumedBy: nil))
    }

    @Test func resumedBy() throws {
        #expect(
            try pause(
                taskRun(
                    "p", outputs: #"{"onResume":{},"resumed":{"on":"2024-01-01T00:00:05","by":"jürgen@example.com"}}"#))
                == PauseTaskRun(taskRunId: "p", resumedBy: "jürgen@example.com"))
    }

    @Test func pausedInHistoryOnly() throws {
        #expect(
            try pause(taskRun("a"), taskRun("p", histories: ["CREATED", "PAUSED", "RUNNING", "SUCCESS"]))
                == PauseTaskRun(taskRunId: "p", resumedBy: nil))
    }

    @Test func pausedOnlyInAnAttemptDoesNotCount() throws {
        // The fixture's attempts carry a PAUSED history; only the task run's own history counts.
        #expect(try pause(taskRun("a"), taskRun("b")) == nil)
    }

    @Test func theLastPauseTaskRunWins() throws {
        #expect(
            try pause(
                taskRun("p1", outputs: #"{"resumed":{"by":"first"}}"#),
                taskRun("x", outputs: #"{"other":{"resumed":{"by":"nested does not count"}}}"#),
                taskRun("p2", outputs: #"{"resumed":{"by":"second"}}"#),
                taskRun("y"))
                == PauseTaskRun(taskRunId: "p2", resumedBy: "second"))
        #expect(
            try pause(taskRun("p1", outputs: #"{"resumed":{"by":"first"}}"#), taskRun("p2", histories: ["PAUSED"]))
                == PauseTaskRun(taskRunId: "p2", resumedBy: nil))
    }

    @Test func nullMarkersDoNotMakeAPause() throws {
        #expect(try pause(taskRun("a", outputs: #"{"onResume":null,"resumed":null}"#)) == nil)
        #expect(try pause(taskRun("a", outputs: "null")) == nil)
    }

    @Test func taskRunsWithoutOutputsOrState() throws {
        #expect(try pause(#"{"id":"a"}"#, "null", #"{"id":"b","state":{"current":"RUNNING"}}"#) == nil)
    }

    @Test func resumedByMustBeAString() {
        let json = T.minimal(extra: #","taskRunList":[{"id":"a"},\#(taskRun("p", outputs: #"{"resumed":{"by":7}}"#))]"#)
        #expect(
            T.executionError(json)
                == "id e1: 'taskRunList[1].outputs.resumed.by' must be a string, not a number (byte \(T.offset(of: #"7}}"#, in: json)))"
        )
    }

    @Test func taskRunListMustBeAList() {
        let json = T.minimal(extra: #","taskRunList":{}"#)
        #expect(
            T.executionError(json)
                == "id e1: 'taskRunList' must be an array, not an object (byte \(json.utf8.count - 3))")
    }

    // MARK: 2.0 outputs endpoint

    @Test func outputsEndpoint() throws {
        let json = #"""
            [
              {"taskId":"validate","taskRunId":"tr1","value":{"ok":true},"iteration":null,"inline":true},
              {"taskId":"approve","taskRunId":"tr2","value":{"onResume":{"cpu":4},"resumed":{"by":"alice","on":"2026-01-05T09:00:00","to":"SUCCESS"}},"iteration":0,"inline":true},
              {"taskId":"notify","taskRunId":"tr3","value":"text","inline":false}
            ]
            """#
        #expect(try T.outputs(json) == PauseTaskRun(taskRunId: "tr2", resumedBy: "alice"))
    }

    @Test func outputsEndpointLastPauseWinsAndNone() throws {
        let two = #"[{"taskRunId":"a","value":{"resumed":{"by":"x"}}},{"value":{"onResume":{}},"taskRunId":"b"}]"#
        #expect(try T.outputs(two) == PauseTaskRun(taskRunId: "b", resumedBy: nil))
        #expect(try T.outputs("[]") == nil)
        #expect(try T.outputs(#"[{"taskRunId":"a","value":null},null]"#) == nil)
        #expect(T.failure { try T.outputs(#"{"taskRunId":"a"}"#) } == "must be an array, not an object (byte 0)")
        #expect(
            T.failure { try T.outputs(#"[{"taskRunId":3}]"#) }
                == "'[0].taskRunId' must be a string, not a number (byte 14)")
    }

    @Test func outputsListingWithoutInlineValuesNamesTheTaskRuns() throws {
        let json =
            #"[{"taskId":"managerApproval","taskRunId":"m1","inline":true},{"taskId":"financeApproval","taskRunId":"f1","inline":true},{"taskId":"applyDecision","taskRunId":"a1","inline":true},{"taskRunId":"a1"}]"#
        let listing = try Array(json.utf8).withUnsafeBytes { try ExecutionPageDecoder.decodeOutputs($0) }
        #expect(listing == OutputsListing(taskRunIds: ["m1", "f1", "a1"], pause: nil))
    }

    @Test func taskRunOutputsMap() throws {
        func decode(_ json: String) throws -> PauseTaskRun? {
            try Array(json.utf8).withUnsafeBytes { try ExecutionPageDecoder.decodeTaskRunOutputs($0, taskRunId: "f1") }
        }
        #expect(
            try decode(
                #"{"onResume":{"comment":"ok, \"fine\""},"resumed":{"by":"légal.zoë@acme.com","on":"2026-11-03T23:01:19.969","to":"SUCCESS"}}"#
            )
                == PauseTaskRun(taskRunId: "f1", resumedBy: "légal.zoë@acme.com"))
        #expect(try decode(#"{"resumed":{"by":null}}"#) == PauseTaskRun(taskRunId: "f1", resumedBy: nil))
        #expect(try decode(#"{"uri":"kestra:///x"}"#) == nil)
        #expect(try decode("{}") == nil)
        #expect(T.failure { try decode(#"{"resumed":{"by":"x"}"#) }?.hasPrefix("byte ") == true)
    }
}
