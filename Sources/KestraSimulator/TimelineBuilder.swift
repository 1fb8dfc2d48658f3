/// Builds the planned life of one execution: its state history and, on request, its task runs.
///
/// Timing draws come from one stream whatever `withTasks` says, so the history stored for searches and
/// the one rebuilt to render a page are the same; outputs and names come from a second stream.
struct TimelineBuilder {
    let world: SimulatorWorld
    let profile: ExecutionProfile
    let overrides: [ResumeOverride]
    let withTasks: Bool
    var rng: SplitMix64
    var orng: SplitMix64
    var timeline = Timeline()
    private var slot = 0
    private let unit: Int64

    private typealias S = StateCode
    private static let second = SimulatorWorld.second
    private static let minute = SimulatorWorld.minute
    private static let hour = SimulatorWorld.hour
    private static let day = SimulatorWorld.day

    init(world: SimulatorWorld, index: UInt32, profile: ExecutionProfile, overrides: [ResumeOverride], withTasks: Bool)
    {
        self.world = world
        self.profile = profile
        self.overrides = overrides
        self.withTasks = withTasks
        rng = SplitMix64(seed: world.config.seed, index: UInt64(index), salt: 0x71AE)
        orng = SplitMix64(seed: world.config.seed, index: UInt64(index), salt: 0x0D7)
        unit = world.precisionUnit(index)
    }

    // MARK: Time

    /// Truncates to the execution's precision, staying after `prev` in the same history.
    private func stamp(_ raw: Int64, after prev: Int64?) -> Int64 {
        var t = raw - ((raw % unit) + unit) % unit
        if let p = prev, t <= p { t = p - ((p % unit) + unit) % unit + unit }
        return t
    }

    private mutating func ms(_ lo: Int64, _ hi: Int64) -> Int64 {
        Int64(rng.int(Int(lo)...Int(hi))) * 1_000_000
    }

    private mutating func span(_ lo: Int64, _ hi: Int64) -> Int64 {
        Int64(rng.logUniform(Double(lo), Double(hi)))
    }

    @discardableResult
    private mutating func exec(_ state: UInt8, _ raw: Int64) -> Int64 {
        let t = stamp(raw, after: timeline.history.last?.at)
        timeline.history.append(HistoryEntry(state: state, at: t))
        return t
    }

    // MARK: Tasks

    /// Appends one task run to the plan; returns its index in `timeline.tasks` (or -1 without tasks).
    private mutating func task(
        _ taskId: String, _ entries: [(UInt8, Int64)], parent: Int? = nil, value: String? = nil,
        pause: Bool = false
    ) -> Int {
        var hist: [HistoryEntry] = []
        hist.reserveCapacity(entries.count)
        for (s, raw) in entries { hist.append(HistoryEntry(state: s, at: stamp(raw, after: hist.last?.at))) }
        let mySlot = slot
        slot += 1
        guard withTasks else { return -1 }
        timeline.tasks.append(
            PlannedTaskRun(
                taskId: taskId, slot: mySlot, history: hist, outputs: nil, outputsAt: hist.last?.at ?? 0,
                parentSlot: parent == -1 ? nil : parent, value: value, isPause: pause,
                hasAttempt: !pause && parent != -1,
                resumedBy: nil))
        return timeline.tasks.count - 1
    }

    /// Runs a plain task from `t`; returns when it ended.
    private mutating func simpleTask(
        _ taskId: String, from t: Int64, final: UInt8 = StateCode.success,
        endAtLeast: Int64? = nil, parent: Int? = nil, value: String? = nil
    ) -> Int64 {
        let created = t + ms(1, 40)
        let running = created + ms(1, 25)
        var end = running + span(150_000_000, 20 * TimelineBuilder.second)
        if let floor = endAtLeast { end = max(end, floor) }
        let k = task(taskId, [(S.created, created), (S.running, running), (final, end)], parent: parent, value: value)
        if k >= 0 { timeline.tasks[k].outputs = outputs(for: taskId) }
        return end
    }

    private mutating func outputs(for taskId: String) -> JSONValue? {
        switch taskId {
        case "createTicket":
            let n = orng.int(1000...99_999)
            return .object([
                .init("ticketId", .string("T-\(n)")),
                .init("url", .string("https://tickets.example.com/browse/T-\(n)")),
            ])
        case "applyDecision", "ping":
            return .object([
                .init("exitCode", .int(0)),
                .init("vars", .object([.init("latencyMs", .int(Int64(orng.int(3...900))))])),
            ])
        case "extract":
            return .object([
                .init("rows", .int(Int64(orng.int(100...2_000_000)))),
                .init("uri", .string("kestra:///company/data/nightly_etl/extract.ion")),
            ])
        default:
            return nil
        }
    }

    // MARK: Pause

    private enum PauseOutcome { case approve, kill, cancelOnTimeout, resumeOnTimeout, never, unknown }

    /// Pauses at `t` and resolves the pause; returns when the flow goes on (nil when it never does).
    private mutating func pause(_ taskId: String, from t: Int64, outcome planned: PauseOutcome) -> Int64? {
        let created = t + ms(1, 40)
        let pausedTask = created + ms(2, 30)
        let pausedExec = exec(S.paused, pausedTask + ms(1, 20))
        let timeout = [24, 48, 72][rng.below(3)] * TimelineBuilder.hour
        var decision: Int64
        switch planned {
        case .cancelOnTimeout, .resumeOnTimeout: decision = pausedExec + timeout
        case .never: decision = Int64.max
        default: decision = pausedExec + span(2 * TimelineBuilder.minute, 4 * TimelineBuilder.day)
        }
        if profile.role == .decideLater && planned != .never {
            decision = max(
                decision == Int64.max ? 0 : decision,
                world.now0 + span(10 * TimelineBuilder.minute, 2 * TimelineBuilder.day))
            decision = max(decision, pausedExec + TimelineBuilder.second)
        }
        var outcome = planned
        var resumedBy: String?
        if let o = overrides.first(where: { $0.at >= pausedExec && $0.at < decision }) {
            decision = o.at
            outcome = .approve
            resumedBy = world.config.edition == .ee ? o.by : nil
        } else if withTasks && world.config.edition == .ee && orng.chance(0.9) {
            resumedBy = orng.pick(TimelineBuilder.approvers)
        }
        var entries: [(UInt8, Int64)] = [
            (S.created, created), (S.running, created + ms(1, 20)), (S.paused, pausedTask),
        ]
        let k: Int
        switch outcome {
        case .never, .unknown:
            k = task(taskId, entries, pause: true)
            if outcome == .unknown { exec(S.unknown, decision) }
            return nil
        case .approve, .resumeOnTimeout:
            let restarted = outcome == .approve ? exec(S.restarted, decision) : decision
            let running = exec(S.running, restarted + ms(10, 300))
            let taskEnd = running + ms(12, 60)
            entries += [(S.running, running + ms(1, 10)), (S.success, taskEnd)]
            k = task(taskId, entries, pause: true)
            if k >= 0 {
                timeline.tasks[k].outputsAt = timeline.tasks[k].history[3].at
                if outcome == .approve { fillResume(k, at: decision, by: resumedBy) }
            }
            return taskEnd
        case .kill:
            let restarted = exec(S.restarted, decision)
            let killing = exec(S.killing, restarted + ms(5, 200))
            entries.append((S.killed, killing + ms(5, 300)))
            k = task(taskId, entries, pause: true)
            exec(S.killed, killing + ms(320, 900))
            return nil
        case .cancelOnTimeout:
            entries.append((S.killed, decision + ms(1, 20)))
            k = task(taskId, entries, pause: true)
            exec(S.cancelled, decision + ms(25, 80))
            return nil
        }
    }

    static let approvers: [String?] = [
        "manager.ana@acme.com", "finance.li@acme.com", "cfo.okafor@acme.com", "légal.zoë@acme.com", nil,
    ]

    private mutating func fillResume(_ k: Int, at decision: Int64, by: String?) {
        var onResume: [JSONValue.Member] = []
        if let o = overrides.first(where: { $0.at == decision }) {
            for key in o.inputs.keys.sorted() { onResume.append(.init(key, .string(o.inputs[key] ?? ""))) }
        } else {
            onResume.append(.init("comment", .string(orng.pick(TimelineBuilder.comments))))
            if orng.chance(0.6) {
                onResume.append(.init("approvedAmount", .double(orng.pick(["1200.0", "980.5", "15000.0", "42.42"]))))
            }
        }
        var members: [JSONValue.Member] = [.init("onResume", .object(onResume))]
        if world.config.api.hasResumedOutput {
            var on = [UInt8]()
            WireTime.appendLocalDateTime(decision, to: &on)
            members.append(
                .init(
                    "resumed",
                    .object([
                        .init("by", by.map(JSONValue.string) ?? .null),
                        .init("on", .string(String(decoding: on, as: UTF8.self))),
                        .init("to", .string("SUCCESS")),
                    ])))
            timeline.tasks[k].resumedBy = by
        }
        timeline.tasks[k].outputs = .object(members)
    }

    static let comments = [
        "OK", "Approved, see thread", "Fine by me 👍", "Approved – budget line \"Q4\"", "ok,\nbut next time earlier",
        "Genehmigt (Müller)",
    ]

    // MARK: Scenarios

    mutating func build(start: Int64) -> Timeline {
        let p = profile
        let flow = world.flows[Int(p.flow)]
        // The caller gave the start its precision already: it is stored and must come back unchanged.
        timeline.history.append(HistoryEntry(state: S.created, at: start))
        var t = start
        if p.scenario == .queuedThenSuccess {
            t = exec(S.queued, t + ms(5, 200))
            var run = t + span(5 * TimelineBuilder.second, 30 * TimelineBuilder.minute)
            if p.role == .queuedLater {
                run = max(run, world.now0 + span(2 * TimelineBuilder.minute, 60 * TimelineBuilder.minute))
            }
            t = exec(S.running, run)
        } else {
            t = exec(S.running, t + ms(20, 800))
        }
        let finishFloor: Int64? =
            p.role == .finishLater ? world.now0 + span(TimelineBuilder.minute, 30 * TimelineBuilder.minute) : nil

        switch p.scenario {
        case .formSuccess, .formWarning, .formFailed, .formKilled, .queuedThenSuccess, .scheduledSuccess,
            .scheduledFailed:
            let tasks = flow.tasks
            var final = S.success
            for (n, taskId) in tasks.enumerated() {
                let last = n == tasks.count - 1
                let failing =
                    (p.scenario == .formFailed && n == max(0, tasks.count - 2))
                    || (p.scenario == .scheduledFailed && last)
                let killed = p.scenario == .formKilled && n == max(0, tasks.count - 2)
                if taskId == "each" {
                    t = forEach(from: t, floor: nil)
                    continue
                }
                if taskId == "load" { continue }
                if killed {
                    let created = t + ms(1, 40)
                    let killing = exec(S.killing, created + span(TimelineBuilder.second, 20 * TimelineBuilder.second))
                    _ = task(
                        taskId,
                        [(S.created, created), (S.running, created + ms(1, 25)), (S.killed, killing + ms(5, 300))])
                    final = S.killed
                    t = killing + ms(320, 900)
                    break
                }
                let state = failing ? S.failed : (last && p.scenario == .formWarning ? S.warning : S.success)
                t = simpleTask(taskId, from: t, final: state, endAtLeast: last || failing ? finishFloor : nil)
                if failing {
                    final = S.failed
                    break
                }
                if state == S.warning { final = S.warning }
            }
            exec(final, t + ms(5, 60))

        case .approved, .approvedByTimeout, .killedWhilePaused, .cancelledOnTimeout, .failedAfterApproval,
            .pendingForever,
            .unknownAfterPause, .multiStage, .multiStageRejected:
            t = simpleTask(flow.tasks[0], from: t)
            let pauses = flow.tasks.filter { flow.pauseTasks.contains($0) }
            let outcomes: [PauseOutcome]
            switch p.scenario {
            case .approved, .failedAfterApproval: outcomes = [.approve]
            case .approvedByTimeout: outcomes = [.resumeOnTimeout]
            case .killedWhilePaused: outcomes = [.kill]
            case .cancelledOnTimeout: outcomes = [.cancelOnTimeout]
            case .pendingForever: outcomes = [.never]
            case .unknownAfterPause: outcomes = [.unknown]
            case .multiStage: outcomes = [.approve, .approve]
            default: outcomes = [.approve, .kill]
            }
            var goesOn = true
            for (n, pauseTask) in pauses.enumerated() {
                let outcome = n < outcomes.count ? outcomes[n] : .approve
                guard let next = pause(pauseTask, from: t, outcome: outcome) else {
                    goesOn = false
                    break
                }
                t = next
            }
            if goesOn {
                let rest = flow.tasks.dropFirst().filter { !flow.pauseTasks.contains($0) }
                var final = S.success
                for taskId in rest {
                    let failing = p.scenario == .failedAfterApproval && taskId == "applyDecision"
                    t = simpleTask(taskId, from: t, final: failing ? S.failed : S.success)
                    if failing {
                        final = S.failed
                        break
                    }
                }
                exec(final, t + ms(5, 60))
            }
        }
        return timeline
    }

    /// A ForEach over two regions: a parent task run and one child per value.
    private mutating func forEach(from t: Int64, floor: Int64?) -> Int64 {
        let created = t + ms(1, 40)
        let running = created + ms(1, 20)
        let parentSlot = slot
        var end = running
        var children: [(String, [(UInt8, Int64)])] = []
        for region in ["eu-west", "us-east"] {
            let c = end + ms(1, 30)
            let r = c + ms(1, 20)
            let e = r + span(200_000_000, 8 * TimelineBuilder.second)
            children.append((region, [(S.created, c), (S.running, r), (S.success, e)]))
            end = e
        }
        let parentEnd = end + ms(2, 40)
        _ = task("each", [(S.created, created), (S.running, running), (S.success, parentEnd)], parent: -1)
        for (region, entries) in children {
            let k = task("load", entries, parent: parentSlot, value: region)
            if k >= 0 {
                timeline.tasks[k].outputs = .object([.init("region", .string(region)), .init("loaded", .bool(true))])
            }
        }
        return parentEnd
    }
}
