import Foundation

/// The mutable state of a simulated dataset, kept compact: a million executions take well under 100 MB.
///
/// Only what searches need is stored (profile, history); names, labels, inputs and task runs are rebuilt
/// from the seed when an execution is rendered. It is a value type: a request copies it (sharing the
/// arrays) and works without a lock while `advance` builds the next version.
struct DatasetStorage: Sendable {
    var version = 0
    var now: Int64
    var profiles: [ExecutionProfile] = []
    var histOffsets: [UInt32] = [0]
    var histTimes: [Int64] = []
    var histStates: [UInt8] = []
    /// Executions resumed through the API: their override and rebuilt history.
    var overrides: [UInt32: [ResumeOverride]] = [:]
    var overrideHistories: [UInt32: [HistoryEntry]] = [:]
    var purged: [Bool] = []
    var purgedOrder: [UInt32] = []
    var nextArrival: Int64
    var arrivals = 0
    var advances = 0

    var count: Int { profiles.count }

    /// The observable facts of execution `i` at the storage's clock.
    struct Observation {
        var current: UInt8
        var start: Int64
        /// The last visible entry's date when the state is terminal or PAUSED.
        var end: Int64?
    }

    func start(_ i: Int) -> Int64 {
        if let h = overrideHistories[UInt32(i)] { return h[0].at }
        return histTimes[Int(histOffsets[i])]
    }

    @inline(__always)
    func observe(_ i: Int) -> Observation {
        if let h = overrideHistories[UInt32(i)] {
            var last = h[0]
            for e in h where e.at <= now { last = e }
            return Observation(
                current: last.state, start: h[0].at, end: StateCode.hasEndDate(last.state) ? last.at : nil)
        }
        let lo = Int(histOffsets[i])
        let hi = Int(histOffsets[i + 1])
        var k = lo
        while k + 1 < hi && histTimes[k + 1] <= now { k += 1 }
        let s = histStates[k]
        return Observation(current: s, start: histTimes[lo], end: StateCode.hasEndDate(s) ? histTimes[k] : nil)
    }

    /// The stored planned history of execution `i` (its whole life, future entries included).
    func plannedHistory(_ i: Int) -> [HistoryEntry] {
        if let h = overrideHistories[UInt32(i)] { return h }
        return (Int(histOffsets[i])..<Int(histOffsets[i + 1])).map {
            HistoryEntry(state: histStates[$0], at: histTimes[$0])
        }
    }

    mutating func append(_ profile: ExecutionProfile, history: [HistoryEntry]) {
        profiles.append(profile)
        for e in history {
            histTimes.append(e.at)
            histStates.append(e.state)
        }
        histOffsets.append(UInt32(histTimes.count))
        purged.append(false)
    }

    /// Whether execution `i` changes between two clock values.
    func changes(_ i: Int, after from: Int64, upTo to: Int64) -> Bool {
        if let h = overrideHistories[UInt32(i)] { return h.contains { $0.at > from && $0.at <= to } }
        for k in Int(histOffsets[i])..<Int(histOffsets[i + 1]) where histTimes[k] > from && histTimes[k] <= to {
            return true
        }
        return false
    }
}

extension SimulatorWorld {
    /// Builds the initial dataset: `config.executions` executions spread over the history window.
    func makeStorage() -> DatasetStorage {
        let n = config.executions
        var storage = DatasetStorage(now: now0, nextArrival: 0)
        storage.profiles.reserveCapacity(n)
        storage.histTimes.reserveCapacity(n * 7)
        storage.histStates.reserveCapacity(n * 7)
        // Sorted uniform start times: normalised sums of exponential gaps (order statistics of a uniform).
        var sums = [Double](repeating: 0, count: n + 1)
        var acc = 0.0
        for k in 0...n {
            var rng = SplitMix64(seed: config.seed, index: UInt64(k), salt: 0x57A7)
            acc += -log(1 - rng.unit())
            sums[k] = acc
        }
        let first = now0 - span
        let last = now0 - 60 * SimulatorWorld.second
        for i in 0..<n {
            let raw = first + Int64(Double(last - first) * sums[i] / sums[n])
            let start = startPrecision(raw, index: UInt32(i))
            let profile = profile(UInt32(i))
            var builder = TimelineBuilder(
                world: self, index: UInt32(i), profile: profile, overrides: [], withTasks: false)
            storage.append(profile, history: builder.build(start: start).history)
        }
        storage.nextArrival = now0 + arrivalGap(0)
        return storage
    }

    /// Mean time between executions, kept for arrivals after the initial window.
    func arrivalGap(_ k: Int) -> Int64 {
        var rng = SplitMix64(seed: config.seed, index: UInt64(k), salt: 0xA77)
        let mean = Double(span) / Double(max(config.executions, 1))
        return max(SimulatorWorld.second, Int64(mean * -log(1 - rng.unit())))
    }

    /// The precision of every timestamp of execution `index`, as a unit in nanoseconds.
    ///
    /// Kestra prints 0 to 9 fraction digits. One precision per execution keeps cause before effect
    /// across its histories (truncation is monotonic), while the digit counts still vary on the wire.
    func precisionUnit(_ index: UInt32) -> Int64 {
        var rng = SplitMix64(seed: config.seed, index: UInt64(index), salt: 0x5D16)
        let digits = [9, 6, 3, 0, 1, 2, 4, 5, 7, 8][rng.weighted([40, 20, 15, 5, 4, 4, 3, 3, 3, 3])]
        var unit: Int64 = 1
        for _ in digits..<9 { unit *= 10 }
        return unit
    }

    /// A start time truncated to its execution's precision.
    func startPrecision(_ raw: Int64, index: UInt32) -> Int64 {
        let unit = precisionUnit(index)
        return raw - ((raw % unit) + unit) % unit
    }
}
