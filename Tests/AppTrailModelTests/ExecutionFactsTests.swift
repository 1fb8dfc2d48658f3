import AppTrailModel
import Testing

/// Builds a record from `STATE@offset-seconds` entries after a fixed start.
func record(
    _ entries: [(String, Double)], current: String? = nil, labels: [Label] = [Label("system.app", "expenses")],
    resumedBy: String? = nil, kind: String? = nil
) -> ExecutionRecord {
    let base = Instant(iso: "2026-11-16T09:00:00Z")!
    let history = entries.map { StateEntry(StateType($0.0), base + Int64($0.1 * 1_000_000)) }
    return ExecutionRecord(
        id: "e1", namespace: "company.finance", flowId: "expense", labels: labels,
        state: StateType(current ?? entries.last!.0),
        histories: history, pauseTaskRun: resumedBy.map { PauseTaskRun(resumedBy: $0) } ?? PauseTaskRun(resumedBy: nil),
        hasTaskRuns: true)
}

@Suite struct ExecutionFactsTests {
    @Test func noPauseHasNoDecision() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("RUNNING", 1), ("SUCCESS", 12.5)])))
        #expect(f.decision == nil)
        #expect(f.decidedAt == nil)
        #expect(f.durationS == 12.5)
        #expect(f.pausedS == 0)
        #expect(f.endedAt?.iso == "2026-11-16T09:00:12.500000Z")
        #expect(f.appId == "expenses")
    }

    @Test func pendingWhileStillPaused() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("RUNNING", 1), ("PAUSED", 2)])))
        #expect(f.decision == .pending)
        #expect(f.decidedAt == nil)
        #expect(f.decisionS == nil)
        #expect(f.endedAt == nil)
        #expect(f.durationS == nil)
        #expect(f.pausedS == 0)
        #expect(f.pendingAge(asOf: Instant(iso: "2026-11-16T10:00:02Z")!) == 3600)
    }

    @Test func approvedThroughRestarted() throws {
        let f = try #require(
            ExecutionFacts(
                record(
                    [
                        ("CREATED", 0), ("RUNNING", 1), ("PAUSED", 2), ("RESTARTED", 62), ("RUNNING", 63),
                        ("SUCCESS", 70),
                    ], resumedBy: "alice")))
        #expect(f.decision == .approved)
        #expect(f.decidedAt?.iso == "2026-11-16T09:01:02.000000Z")
        #expect(f.decisionS == 60)
        #expect(f.pausedS == 60)
        #expect(f.decidedBy == "alice")
        #expect(f.durationS == 70)
    }

    @Test func killedWhilePausedIsRejected() throws {
        let f = try #require(
            ExecutionFacts(
                record(
                    [("CREATED", 0), ("PAUSED", 1), ("RESTARTED", 31), ("KILLING", 31.5), ("KILLED", 32)],
                    resumedBy: "bob")))
        #expect(f.decision == .rejected)
        #expect(f.decisionS == 30)
        #expect(f.decidedBy == "bob")
    }

    @Test func cancelledOnTimeout() throws {
        let f = try #require(
            ExecutionFacts(record([("CREATED", 0), ("RUNNING", 1), ("PAUSED", 2), ("CANCELLED", 3602)])))
        #expect(f.decision == .rejected)
        #expect(f.decisionS == 3600)
        #expect(f.decidedBy == nil)
    }

    @Test func failedRightAfterThePause() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("PAUSED", 1), ("FAILED", 5)])))
        #expect(f.decision == .rejected)
        #expect(f.decidedAt?.iso == "2026-11-16T09:00:05.000000Z")
    }

    @Test func multiStageUsesLastPauseForTheDecisionAndFirstForTheCycle() throws {
        let f = try #require(
            ExecutionFacts(
                record(
                    [
                        ("CREATED", 0), ("PAUSED", 10), ("RESTARTED", 20), ("RUNNING", 21), ("PAUSED", 30),
                        ("RESTARTED", 50),
                        ("RUNNING", 51), ("SUCCESS", 60),
                    ], resumedBy: "carol")))
        #expect(f.decision == .approved)
        #expect(f.decidedAt?.iso == "2026-11-16T09:00:50.000000Z")
        #expect(f.decisionS == 40)
        #expect(f.pausedS == 30)
        #expect(f.firstPausedAt?.iso == "2026-11-16T09:00:10.000000Z")
        #expect(f.lastPausedAt?.iso == "2026-11-16T09:00:30.000000Z")
    }

    @Test func unknownStateAfterPauseIsPending() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("PAUSED", 1), ("AWAITING_QUORUM", 5)])))
        #expect(f.decision == .pending)
        #expect(f.isTerminal == false)
        #expect(f.pausedS == 4)
    }

    @Test func queuedAfterRestartStaysPending() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("PAUSED", 1), ("RESTARTED", 5), ("QUEUED", 6)])))
        #expect(f.decision == .pending)
    }

    @Test func pausedLastWhileCurrentStateSaysOtherwise() throws {
        // The history is the record of what happened: a current state without its entry decides nothing.
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("PAUSED", 1)], current: "SUCCESS")))
        #expect(f.decision == .pending)
        #expect(f.isTerminal)
        #expect(f.endedAt?.iso == "2026-11-16T09:00:01.000000Z")
    }

    @Test func decidedByOnlyForDecisions() throws {
        let f = try #require(ExecutionFacts(record([("CREATED", 0), ("PAUSED", 1)], resumedBy: "alice")))
        #expect(f.decidedBy == nil)
    }

    @Test func appFromLegacyKeyAndPrecedence() throws {
        let legacy = try #require(ExecutionFacts(record([("CREATED", 0)], labels: [Label("system_app", "old")])))
        #expect(legacy.appId == "old")
        #expect(legacy.appLabelKey == "system_app")
        let both = try #require(
            ExecutionFacts(record([("CREATED", 0)], labels: [Label("system_app", "old"), Label("system.app", "new")])))
        #expect(both.appId == "new")
        let none = try #require(ExecutionFacts(record([("CREATED", 0)], labels: [Label("team", "x")])))
        #expect(none.appId == nil)
    }

    @Test func submittedByFromUsernameLabel() throws {
        let f = try #require(
            ExecutionFacts(
                record(
                    [("CREATED", 0)], labels: [Label("system.app", "a"), Label("system.username", "dana@example.com")]))
        )
        #expect(f.submittedBy == "dana@example.com")
    }

    @Test func noHistoryFallsBackToStartDateOrFails() {
        var r = record([("CREATED", 0)])
        r.histories = []
        #expect(ExecutionFacts(r) == nil)
        r.startDate = Instant(iso: "2026-11-16T09:00:00Z")
        #expect(ExecutionFacts(r)?.submittedAt.iso == "2026-11-16T09:00:00.000000Z")
    }
}

@Suite struct CanonicalJSONTests {
    @Test func labelsSortedByCodePointWithRawUnicode() {
        let json = CanonicalJSON.labels([Label("b", "x/y"), Label("a", "é\"\n"), Label("B", "1"), Label("b", "last")])
        #expect(json == #"{"B":"1","a":"é\"\n","b":"last"}"#)
    }

    @Test func historyForm() {
        let h = [
            StateEntry(.created, Instant(iso: "2026-11-16T09:00:00Z")!),
            StateEntry(.success, Instant(iso: "2026-11-16T09:00:01.5Z")!),
        ]
        #expect(
            CanonicalJSON.history(h)
                == #"[{"date":"2026-11-16T09:00:00.000000Z","state":"CREATED"},{"date":"2026-11-16T09:00:01.500000Z","state":"SUCCESS"}]"#
        )
    }

    /// A hostile history (Tests/Fixtures/hostile/pages): forty pauses each spanning years 0000 to 9999 overflowed an Int64 sum of
    /// microseconds and trapped the whole import.
    @Test func pausesSpanningMillenniaDoNotOverflow() throws {
        let first = Instant(iso: "0000-01-01T00:00:00Z")!
        let last = Instant(iso: "9999-12-31T23:59:59Z")!
        var history: [StateEntry] = []
        for _ in 0..<40 { history += [StateEntry(.paused, first), StateEntry(.running, last)] }
        history.append(StateEntry(.success, last))
        let r = ExecutionRecord(
            id: "e1", namespace: "ns", flowId: "f", labels: [Label("system.app", "a")], state: .success,
            histories: history, hasTaskRuns: true)
        let f = try #require(ExecutionFacts(r))
        #expect(f.pausedS == 40 * (last - first))
        #expect(f.pausedS == 12_622_780_799_960)
        #expect(f.decision == .approved)
    }
}
