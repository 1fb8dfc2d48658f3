import AppTrailModel

extension ObservedExecution {
    /// The record a correct client decodes from this execution, as `api` serves it.
    func record(_ config: SimulatorConfiguration, view: TruthView) -> ExecutionRecord {
        let api = config.api
        let kind: String?
        switch api {
        case .v0_22: kind = nil
        case .v1: kind = profile.kind == 0 ? nil : kindName
        case .v2: kind = kindName
        }
        let withTasks = !(api.isV2 && view == .searchItems) && !tasks.isEmpty
        var pause: PauseTaskRun?
        if withTasks, let last = tasks.last(where: { $0.isPause }) {
            pause = PauseTaskRun(taskRunId: last.id, resumedBy: last.resumedBy)
        }
        return ExecutionRecord(
            id: id, tenant: SimulatorWorld.sendsTenant(config) ? config.tenant : nil, namespace: namespace,
            flowId: flowId,
            flowRevision: revision, kind: kind, labels: details.labels, inputsJSON: details.inputs.canonical,
            state: StateCode.table[Int(current)],
            histories: history.map { StateEntry(StateCode.table[Int($0.state)], WireTime.instant($0.at)) },
            startDate: WireTime.instant(start), pauseTaskRun: pause, hasTaskRuns: withTasks)
    }
}

extension SimulatorWorld {
    /// Open-source 0.22 servers have no tenants and send no `tenantId`.
    static func sendsTenant(_ config: SimulatorConfiguration) -> Bool {
        !(config.api == .v0_22 && config.edition == .oss)
    }
}
