import AppTrailModel

/// One execution as the server shows it at the current clock: everything needed to render or to state the
/// ground truth.
struct ObservedExecution: Sendable {
    struct TaskRun: Sendable {
        var id: String
        var taskId: String
        var parentId: String?
        var value: String?
        var history: [HistoryEntry]
        /// Visible outputs (nil when none yet).
        var outputs: JSONValue?
        var isPause: Bool
        var hasAttempt: Bool
        var resumedBy: String?
        var resumed: Bool
    }

    var index: UInt32
    var id: String
    var namespace: String
    var flowId: String
    var revision: Int
    var profile: ExecutionProfile
    var details: ExecutionDetails
    var history: [HistoryEntry]
    var tasks: [TaskRun]
    var now: Int64

    var current: UInt8 { history.last?.state ?? StateCode.created }
    var start: Int64 { history.first?.at ?? 0 }
    var end: Int64? { StateCode.hasEndDate(current) ? history.last?.at : nil }
    var kindName: String? { ["NORMAL", "TEST", "PLAYGROUND"][Int(profile.kind)] }
}

extension SimulatorWorld {
    /// Rebuilds execution `i` and keeps what is visible at the storage's clock.
    func observe(_ s: DatasetStorage, _ i: Int) -> ObservedExecution {
        let index = UInt32(i)
        let p = s.profiles[i]
        let overrides = s.overrides[index] ?? []
        let start = s.start(i)
        var builder = TimelineBuilder(world: self, index: index, profile: p, overrides: overrides, withTasks: true)
        let plan = builder.build(start: start)
        let now = s.now
        let id = ids.string(index)
        let flow = flows[Int(p.flow)]
        var tasks: [ObservedExecution.TaskRun] = []
        var slotIds: [Int: String] = [:]
        for t in plan.tasks {
            guard let first = t.history.first, first.at <= now else { continue }
            let runId = ids.taskRunString(index, slot: t.slot)
            slotIds[t.slot] = runId
            let visible = t.history.filter { $0.at <= now }
            let outputsVisible = t.outputs != nil && t.outputsAt <= now
            tasks.append(
                .init(
                    id: runId, taskId: t.taskId, parentId: t.parentSlot.flatMap { slotIds[$0] }, value: t.value,
                    history: visible, outputs: outputsVisible ? t.outputs : nil, isPause: t.isPause,
                    hasAttempt: t.hasAttempt,
                    resumedBy: outputsVisible ? t.resumedBy : nil, resumed: outputsVisible))
        }
        return ObservedExecution(
            index: index, id: id, namespace: flow.namespace, flowId: flow.flowId,
            revision: revision(flow: Int(p.flow), at: start),
            profile: p, details: details(index, profile: p, id: id, start: start),
            history: plan.history.filter { $0.at <= now }, tasks: tasks, now: now)
    }
}
