import AppTrailModel

/// Runs a search over a dataset version: filters, then sorts.
///
/// Without `sort` the order is a shuffle keyed by the seed and the dataset version, like a SQL query
/// without ORDER BY: stable while the data does not change, meaningless otherwise.
struct SearchEngine {
    let world: SimulatorWorld
    let storage: DatasetStorage
    /// Executions by current state, in storage order: the index a database keeps on the state column.
    var byState: [UInt8: [UInt32]] = [:]
    /// Executions that have an end date, ordered by it: the index on the end-date column.
    var byEnd: [(end: Int64, i: UInt32)] = []

    /// Builds the end-date index of a dataset version.
    static func endIndex(_ storage: DatasetStorage) -> [(end: Int64, i: UInt32)] {
        var index: [(end: Int64, i: UInt32)] = []
        for i in 0..<storage.count where !storage.purged[i] {
            if let end = storage.observe(i).end { index.append((end, UInt32(i))) }
        }
        index.sort { $0.end < $1.end }
        return index
    }

    /// Builds the by-state index of a dataset version.
    static func stateIndex(_ storage: DatasetStorage) -> [UInt8: [UInt32]] {
        var index: [UInt8: [UInt32]] = [:]
        for i in 0..<storage.count where !storage.purged[i] {
            index[storage.observe(i).current, default: []].append(UInt32(i))
        }
        return index
    }

    /// The matches of `request` in its order. With `limit`, and a search sorted by start date first, only
    /// the first `limit` matches (and their ties) are put in order: like a database walking an index, a
    /// crawl of a large dataset then costs the page, not a sort of everything.
    /// - Returns: the matches and whether all of them are in order.
    func run(_ request: SearchRequest, limit: Int? = nil) -> (matches: [UInt32], complete: Bool) {
        var matches: [UInt32] = []
        let start = firstCandidate(request)
        let candidates = stateCandidates(request).map { list -> ArraySlice<UInt32> in
            var lo = 0
            var hi = list.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(list[mid]) < start { lo = mid + 1 } else { hi = mid }
            }
            return list[lo...]
        }
        for i in candidates.map({ $0.lazy.map(Int.init) }) ?? (start..<storage.count).lazy.map({ $0 })
        where !storage.purged[i] {
            var labels: [Label]?
            let obs = storage.observe(i)
            if request.conditions.allSatisfy({ test($0, i, obs, &labels) })
                && (request.orGroups.isEmpty
                    || request.orGroups.contains { $0.allSatisfy { test($0, i, obs, &labels) } })
            {
                matches.append(UInt32(i))
            }
        }
        // Executions are stored in start-date order, so the matches already are.
        if let limit, let first = request.sorts.first, first.key == .startDate, first.ascending, limit < matches.count {
            var end = limit
            let boundary = storage.start(Int(matches[limit - 1]))
            while end < matches.count, storage.start(Int(matches[end])) == boundary { end += 1 }
            let head = sort(Array(matches[..<end]), request.sorts)
            return (head + matches[end...], false)
        }
        return (sort(matches, request.sorts), true)
    }

    /// The executions an end-date lower bound or a state condition allows, in storage order; nil when the
    /// request has neither.
    private func stateCandidates(_ request: SearchRequest) -> [UInt32]? {
        if !byEnd.isEmpty,
            let c = request.conditions.first(where: {
                $0.field == .endDate && ($0.op == .GREATER_THAN_OR_EQUAL_TO || $0.op == .GREATER_THAN)
            }), let d = c.date
        {
            var lo = 0
            var hi = byEnd.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if byEnd[mid].end < d { lo = mid + 1 } else { hi = mid }
            }
            return byEnd[lo...].map(\.i).sorted()
        }
        guard !byState.isEmpty, let c = request.conditions.first(where: { $0.field == .state }) else { return nil }
        let named = Set(c.states.compactMap { $0 })
        let include = c.op == .EQUALS || c.op == .IN
        return byState.filter { include == named.contains($0.key) }.values.flatMap { $0 }.sorted()
    }

    /// The first index that can match a start-date lower bound (storage is in start-date order), else 0.
    private func firstCandidate(_ request: SearchRequest) -> Int {
        var bound: Int64?
        for c in request.conditions where c.field == .startDate || c.field == .timeRange {
            guard let d = c.date else { continue }
            switch (c.field, c.op) {
            case (.timeRange, _), (.startDate, .GREATER_THAN_OR_EQUAL_TO), (.startDate, .GREATER_THAN),
                (.startDate, .EQUALS):
                bound = max(bound ?? d, d)
            default: continue
            }
        }
        guard let bound else { return 0 }
        var lo = 0
        var hi = storage.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if storage.start(mid) < bound { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func shuffleKey(_ i: UInt32) -> UInt64 {
        SplitMix64.mix(world.config.seed ^ UInt64(storage.version) &* 0x9E37_79B9 ^ UInt64(i) &* 0xC2B2_AE3D_27D4_EB4F)
    }

    private func sort(_ items: [UInt32], _ sorts: [(key: SearchRequest.SortKey, ascending: Bool)]) -> [UInt32] {
        struct Row {
            var i: UInt32
            var start: Int64
            var end: Int64?
            var state: UInt8
            var shuffle: UInt64
            var idHigh: UInt64
            var idLow: UInt64
        }
        var rows = items.map { i -> Row in
            let o = storage.observe(Int(i))
            let (h, l) = sorts.contains { $0.key == .id } ? world.ids.parts(i) : (0, 0)
            return Row(i: i, start: o.start, end: o.end, state: o.current, shuffle: shuffleKey(i), idHigh: h, idLow: l)
        }
        // SQL puts NULLs last ascending and first descending (PostgreSQL); compare returns -1, 0, 1.
        func cmpOpt(_ a: Int64?, _ b: Int64?) -> Int {
            switch (a, b) {
            case (let x?, let y?): x < y ? -1 : (x > y ? 1 : 0)
            case (nil, nil): 0
            case (nil, _): 1
            case (_, nil): -1
            }
        }
        let stateNames = StateCode.table.map(\.rawValue)
        func compare(_ a: Row, _ b: Row) -> Bool {
            for (key, asc) in sorts {
                var c: Int
                switch key {
                case .id:
                    c =
                        a.idHigh != b.idHigh
                        ? (a.idHigh < b.idHigh ? -1 : 1) : (a.idLow < b.idLow ? -1 : (a.idLow > b.idLow ? 1 : 0))
                case .startDate: c = a.start < b.start ? -1 : (a.start > b.start ? 1 : 0)
                case .endDate: c = cmpOpt(a.end, b.end)
                case .duration: c = cmpOpt(a.end.map { $0 - a.start }, b.end.map { $0 - b.start })
                case .namespace:
                    let x = world.namespaceRank[Int(storage.profiles[Int(a.i)].flow)]
                    let y = world.namespaceRank[Int(storage.profiles[Int(b.i)].flow)]
                    c = x < y ? -1 : (x > y ? 1 : 0)
                case .flowId:
                    let x = world.flowIdRank[Int(storage.profiles[Int(a.i)].flow)]
                    let y = world.flowIdRank[Int(storage.profiles[Int(b.i)].flow)]
                    c = x < y ? -1 : (x > y ? 1 : 0)
                case .current:
                    let x = stateNames[Int(a.state)]
                    let y = stateNames[Int(b.state)]
                    c = x < y ? -1 : (x > y ? 1 : 0)
                }
                if c != 0 {
                    // cmpOpt ranks NULL greatest, so flipping puts NULLs first when descending.
                    if !asc { c = -c }
                    return c < 0
                }
            }
            return a.shuffle < b.shuffle
        }
        rows.sort(by: compare)
        return rows.map(\.i)
    }

    // MARK: Conditions

    private func labelsOf(_ i: Int, _ cache: inout [Label]?) -> [Label] {
        if let l = cache { return l }
        let p = storage.profiles[i]
        let l = world.details(UInt32(i), profile: p, id: world.ids.string(UInt32(i)), start: storage.start(i)).labels
        cache = l
        return l
    }

    /// The value of label `key` of execution `i`, without building its labels when the key is an app key.
    private func label(_ key: String, _ i: Int, _ cache: inout [Label]?) -> String? {
        if key == "system.app" || key == "system_app" {
            guard let a = world.flows[Int(storage.profiles[i].flow)].app else { return nil }
            return world.apps[a].labelKey == key ? world.apps[a].id : nil
        }
        return labelsOf(i, &cache).first { $0.key == key }?.value
    }

    private func test(
        _ c: SearchRequest.Condition, _ i: Int, _ obs: DatasetStorage.Observation, _ labels: inout [Label]?
    ) -> Bool {
        let flow = world.flows[Int(storage.profiles[i].flow)]
        switch c.field {
        case .labels:
            var key = c.key
            var value = c.value
            var values = c.values
            if key == nil, c.op != .CONTAINS, c.op != .NOT_CONTAINS, let colon = c.value.firstIndex(of: ":") {
                key = String(c.value[..<colon])
                value = String(c.value[c.value.index(after: colon)...])
                values = [value]
            }
            guard let k = key else {
                // No key: match against every `key:value` text.
                let all = labelsOf(i, &labels).map { "\($0.key):\($0.value)" }
                let hit = all.contains { $0.contains(c.value) }
                return c.op == .NOT_CONTAINS ? !hit : hit
            }
            let v = label(k, i, &labels)
            switch c.op {
            case .EQUALS: return v == value
            case .NOT_EQUALS: return v != value
            case .IN: return v.map { values.contains($0) } ?? false
            case .NOT_IN: return !(v.map { values.contains($0) } ?? false)
            case .CONTAINS: return v?.contains(value) ?? false
            case .NOT_CONTAINS: return !(v?.contains(value) ?? false)
            default: return false
            }
        case .state:
            let hit = c.states.contains { $0 == obs.current }
            return c.op == .EQUALS || c.op == .IN ? hit : !hit
        case .startDate, .timeRange:
            guard let d = c.date else { return false }
            if c.field == .timeRange { return obs.start >= d }
            return compare(obs.start, c.op, d)
        case .endDate:
            guard let d = c.date, let e = obs.end else { return false }
            return compare(e, c.op, d)
        case .namespace: return text(flow.namespace, c, prefixMeansNamespace: true)
        case .flowId: return text(flow.flowId, c, prefixMeansNamespace: false)
        case .kind:
            let kind = ["NORMAL", "TEST", "PLAYGROUND"][Int(storage.profiles[i].kind)]
            let hit = c.values.contains(kind)
            return c.op == .EQUALS || c.op == .IN ? hit : !hit
        case .q:
            let id = world.ids.string(UInt32(i))
            return id.contains(c.value) || flow.flowId.contains(c.value) || flow.namespace.contains(c.value)
                || labelsOf(i, &labels).contains { $0.value.contains(c.value) }
        case .scope:
            // None of the simulated flows lives in the `system` namespace: all are USER flows.
            let hit = c.values.contains("USER")
            return c.op == .EQUALS || c.op == .IN ? hit : !hit
        case .triggerExecutionId:
            return c.op == .NOT_EQUALS || c.op == .NOT_IN
        case .childFilter:
            return c.value != "CHILD"
        }
    }

    private func compare(_ x: Int64, _ op: SearchRequest.Op, _ d: Int64) -> Bool {
        switch op {
        case .GREATER_THAN: x > d
        case .GREATER_THAN_OR_EQUAL_TO: x >= d
        case .LESS_THAN: x < d
        case .LESS_THAN_OR_EQUAL_TO: x <= d
        case .EQUALS: x == d
        case .NOT_EQUALS: x != d
        default: false
        }
    }

    private func text(_ s: String, _ c: SearchRequest.Condition, prefixMeansNamespace: Bool) -> Bool {
        switch c.op {
        case .EQUALS: s == c.value
        case .NOT_EQUALS: s != c.value
        case .CONTAINS: s.contains(c.value)
        case .STARTS_WITH: s.hasPrefix(c.value)
        case .ENDS_WITH: s.hasSuffix(c.value)
        case .PREFIX: s == c.value || s.hasPrefix(c.value + ".")
        case .REGEX: c.regex?.matches(s) ?? false
        case .IN: c.values.contains(s)
        case .NOT_IN: !c.values.contains(s)
        default: false
        }
    }
}
