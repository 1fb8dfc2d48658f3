import AppTrailModel

/// The fixed part of a simulation: configuration, apps, flows and the pure per-execution generators.
///
/// Everything about execution `i` (profile, life, labels, inputs, task runs) is a pure function of the seed,
/// `i`, its start and, for a resumed execution, its resume; the dataset only stores what searches need.
struct SimulatorWorld: Sendable {
    let config: SimulatorConfiguration
    let apps: [SimApp]
    let flows: [SimFlow]
    let ids: ExecutionID
    let now0: Int64
    let span: Int64
    /// The newest `inFlight` initial executions get an `InFlightRole`.
    let inFlight: Int
    /// Flow indices sorted by namespace and by flow id, for sorting searches without strings.
    let namespaceRank: [Int]
    let flowIdRank: [Int]

    static let second: Int64 = 1_000_000_000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute
    static let day: Int64 = 24 * hour

    init(config: SimulatorConfiguration) {
        self.config = config
        apps = SimApp.catalog(config)
        var flows: [SimFlow] = apps.enumerated().map { k, app in
            SimFlow(
                namespace: app.namespace, flowId: app.flowId, app: k, tasks: app.tasks,
                pauseTasks: Set(app.pauseTasks), baseRevision: app.baseRevision, revisionPeriod: app.revisionPeriod)
        }
        flows.append(
            SimFlow(
                namespace: "company.data", flowId: "nightly_etl", app: nil,
                tasks: ["extract", "each", "load", "load", "report"], pauseTasks: [], baseRevision: 17,
                revisionPeriod: 9 * SimulatorWorld.day))
        flows.append(
            SimFlow(
                namespace: "company.ops", flowId: "healthcheck", app: nil,
                tasks: ["ping", "report"], pauseTasks: [], baseRevision: 3, revisionPeriod: 30 * SimulatorWorld.day))
        self.flows = flows
        ids = ExecutionID(seed: config.seed)
        now0 = WireTime.nanos(config.now)
        span = Int64(config.weeksOfHistory) * 7 * SimulatorWorld.day
        inFlight = config.executions == 0 ? 0 : min(config.executions, max(8, config.executions / 200))
        namespaceRank = SimulatorWorld.ranks(flows.map { $0.namespace })
        flowIdRank = SimulatorWorld.ranks(flows.map { $0.flowId })
    }

    private static func ranks(_ keys: [String]) -> [Int] {
        let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
        var rank = [Int](repeating: 0, count: keys.count)
        var r = 0
        for (pos, i) in order.enumerated() {
            if pos > 0 && keys[order[pos - 1]] != keys[i] { r += 1 }
            rank[i] = r
        }
        return rank
    }

    var firstScheduledFlow: Int { apps.count }

    /// The apps the Apps API lists: all but the last `unlistedApps`.
    var listedApps: ArraySlice<SimApp> { apps.dropLast(config.unlistedApps) }

    // MARK: Profiles

    /// The profile of execution `i`; the initial dataset has `config.executions` executions, later ones arrive.
    func profile(_ i: UInt32) -> ExecutionProfile {
        var rng = SplitMix64(seed: config.seed, index: UInt64(i), salt: 0x9F0F)
        let n = config.executions
        let index = Int(i)
        var role = InFlightRole.none
        var special = SpecialShape.none
        var forceUnknown = false
        if index < n && index >= n - inFlight {
            role = [InFlightRole.decideLater, .finishLater, .decideLater, .queuedLater][(index - (n - inFlight)) % 4]
        }
        if n >= 20 {
            switch index {
            case 1, 2: special = .labelsAsMap
            case 3: special = .labelsAsMapDurationAsNumber
            case 4: forceUnknown = true
            default: break
            }
        }
        let approvalApps = apps.indices.filter { apps[$0].kind != .form }
        let formApps = apps.indices.filter { apps[$0].kind == .form }
        if forceUnknown, let a = approvalApps.first {
            return ExecutionProfile(flow: Int16(a), scenario: .unknownAfterPause, kind: 0, role: .none, special: .none)
        }
        if role == .decideLater && approvalApps.isEmpty { role = .finishLater }
        if (role == .finishLater || role == .queuedLater) && formApps.isEmpty && !apps.isEmpty { role = .decideLater }

        let flow: Int
        if role == .decideLater, !approvalApps.isEmpty {
            flow = approvalApps[rng.below(approvalApps.count)]
        } else if role != .none, !formApps.isEmpty {
            flow = formApps[rng.below(formApps.count)]
        } else if !apps.isEmpty && (special != .none || rng.chance(0.85)) {
            // Busier and quieter apps: app k weighs 1 + (k * 7) % 5.
            flow = rng.weighted(apps.indices.map { 1 + ($0 * 7) % 5 })
        } else {
            flow = firstScheduledFlow + rng.below(flows.count - firstScheduledFlow)
        }

        let scenario: Scenario
        if flow >= apps.count {
            scenario = role != .none ? .scheduledSuccess : (rng.chance(0.9) ? .scheduledSuccess : .scheduledFailed)
        } else {
            switch (apps[flow].kind, role) {
            case (.form, .finishLater): scenario = rng.chance(0.7) ? .formSuccess : .formFailed
            case (.form, .queuedLater): scenario = .queuedThenSuccess
            case (.form, _):
                scenario =
                    [Scenario.formSuccess, .formWarning, .formFailed, .formKilled, .queuedThenSuccess][
                        rng.weighted([80, 5, 8, 2, 5])]
            case (.approval, .decideLater):
                scenario = [Scenario.approved, .killedWhilePaused, .failedAfterApproval][rng.weighted([6, 3, 1])]
            case (.approval, _):
                scenario =
                    [
                        Scenario.approved, .approvedByTimeout, .killedWhilePaused, .cancelledOnTimeout,
                        .failedAfterApproval, .pendingForever,
                    ][rng.weighted([52, 5, 15, 8, 8, 6])]
            case (.twoStageApproval, .decideLater):
                scenario = rng.chance(0.8) ? .multiStage : .multiStageRejected
            case (.twoStageApproval, _):
                scenario =
                    [
                        Scenario.multiStage, .multiStageRejected, .killedWhilePaused, .pendingForever,
                        .cancelledOnTimeout,
                    ][rng.weighted([65, 15, 10, 5, 5])]
            }
        }
        var kind: UInt8 = 0
        if flow < apps.count && role == .none && special == .none {
            let r = rng.below(100)
            kind = r < 2 ? 1 : (r < 3 ? 2 : 0)
        }
        return ExecutionProfile(flow: Int16(flow), scenario: scenario, kind: kind, role: role, special: special)
    }

    /// The revision of a flow at an instant: flows are edited every `revisionPeriod`.
    func revision(flow: Int, at start: Int64) -> Int {
        let f = flows[flow]
        let elapsed = start - (now0 - span - 90 * SimulatorWorld.day)
        return f.baseRevision + Int(max(0, elapsed) / f.revisionPeriod)
    }
}
