/// Time passing in the simulated server.
extension SimulatorWorld {
    /// Moves the clock to `to`: executions arrive, planned steps become visible, one execution is purged.
    ///
    /// Arrivals follow a fixed stream of gaps; when none falls in the interval, the next one is pulled in,
    /// so every advance brings at least one new execution. Deterministic given the seed and the advances.
    func advance(_ s: inout DatasetStorage, to target: Int64) -> AdvanceSummary {
        let from = s.now
        guard target > from else {
            return AdvanceSummary(
                from: WireTime.instant(from), to: WireTime.instant(from), arrived: [], changed: [], purged: [])
        }
        var changed: [String] = []
        for i in 0..<s.count where !s.purged[i] && s.changes(i, after: from, upTo: target) {
            changed.append(ids.string(UInt32(i)))
        }
        var arrived: [String] = []
        func arrive(at raw: Int64) {
            let i = UInt32(s.count)
            let start = max(from + 1, startPrecision(raw, index: i))
            let p = profile(i)
            var builder = TimelineBuilder(world: self, index: i, profile: p, overrides: [], withTasks: false)
            s.append(p, history: builder.build(start: start).history)
            arrived.append(ids.string(i))
        }
        while s.nextArrival <= target {
            arrive(at: s.nextArrival)
            s.arrivals += 1
            s.nextArrival += arrivalGap(s.arrivals)
        }
        if arrived.isEmpty {
            arrive(at: from + (target - from) / 2 + 1)
        }
        s.now = target
        // One purge per advance, among the executions that existed before it.
        var purged: [String] = []
        var rng = SplitMix64(seed: config.seed, index: UInt64(s.advances), salt: 0x9026)
        let candidates = s.count - arrived.count
        if candidates > 0 {
            for _ in 0..<32 {
                let i = rng.below(candidates)
                if !s.purged[i] {
                    s.purged[i] = true
                    s.purgedOrder.append(UInt32(i))
                    purged.append(ids.string(UInt32(i)))
                    break
                }
            }
        }
        changed.removeAll { purged.contains($0) }
        s.advances += 1
        s.version += 1
        return AdvanceSummary(
            from: WireTime.instant(from), to: WireTime.instant(target), arrived: arrived, changed: changed,
            purged: purged)
    }

    /// Resumes a paused execution at the clock's time; false when it is not PAUSED.
    func resume(_ s: inout DatasetStorage, index i: Int, by user: String?, inputs: [String: String]) -> Bool {
        guard i < s.count, !s.purged[i], s.observe(i).current == StateCode.paused else { return false }
        let all = (s.overrides[UInt32(i)] ?? []) + [ResumeOverride(at: s.now, by: user, inputs: inputs)]
        var builder = TimelineBuilder(
            world: self, index: UInt32(i), profile: s.profiles[i], overrides: all, withTasks: false)
        s.overrides[UInt32(i)] = all
        s.overrideHistories[UInt32(i)] = builder.build(start: s.start(i)).history
        s.version += 1
        return true
    }
}
