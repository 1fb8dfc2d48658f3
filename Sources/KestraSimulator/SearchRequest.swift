import AppTrailModel
import Foundation

/// A parsed execution search: conditions, sort and page, per API generation (docs/kestra-api.md section 2).
struct SearchRequest: Sendable {
    enum Field: String, Sendable, CaseIterable {
        case q, scope, namespace, kind, labels, flowId, startDate, endDate, state, timeRange, triggerExecutionId,
            childFilter
    }

    enum Op: String, Sendable, CaseIterable {
        case EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL_TO, LESS_THAN_OR_EQUAL_TO, IN, NOT_IN,
            STARTS_WITH, ENDS_WITH, CONTAINS, REGEX, PREFIX, NOT_CONTAINS, IS_NULL, IS_NOT_NULL
    }

    struct Condition: Sendable {
        var field: Field
        var op: Op
        var key: String?
        var value: String
        var values: [String]
        var date: Int64?
        var regex: NSRegularExpressionBox?
        var states: [UInt8?]
    }

    enum SortKey: String, Sendable {
        case id
        case startDate = "state.startDate"
        case endDate = "state.endDate"
        case duration = "state.duration"
        case namespace, flowId
        case current = "state.current"
    }

    var page = 1
    var size = 10
    var sorts: [(key: SortKey, ascending: Bool)] = []
    /// AND-ed.
    var conditions: [Condition] = []
    /// `filters[or][n][...]` groups (2.0): each group AND-ed inside, the groups OR-ed.
    var orGroups: [[Condition]] = []

    /// What decides the result set and its order (not the page): the cache key.
    var cacheKey: String

    enum Failure: Error {
        case badRequest(String)
        case unprocessable(String)
    }

    static let allowed: [Field: Set<Op>] = [
        .labels: [.EQUALS, .NOT_EQUALS, .IN, .NOT_IN, .CONTAINS, .NOT_CONTAINS],
        .state: [.EQUALS, .NOT_EQUALS, .IN, .NOT_IN],
        .startDate: [
            .GREATER_THAN, .LESS_THAN, .GREATER_THAN_OR_EQUAL_TO, .LESS_THAN_OR_EQUAL_TO, .EQUALS, .NOT_EQUALS,
        ],
        .endDate: [.GREATER_THAN, .LESS_THAN, .GREATER_THAN_OR_EQUAL_TO, .LESS_THAN_OR_EQUAL_TO, .EQUALS, .NOT_EQUALS],
        .namespace: [.EQUALS, .NOT_EQUALS, .CONTAINS, .STARTS_WITH, .ENDS_WITH, .REGEX, .PREFIX, .IN, .NOT_IN],
        .flowId: [.EQUALS, .NOT_EQUALS, .CONTAINS, .STARTS_WITH, .ENDS_WITH, .REGEX, .IN, .NOT_IN],
        .kind: [.EQUALS, .NOT_EQUALS, .IN, .NOT_IN],
        .q: [.EQUALS, .CONTAINS],
        .scope: [.EQUALS, .NOT_EQUALS, .IN, .NOT_IN],
        .timeRange: [.EQUALS],
        .triggerExecutionId: [.EQUALS, .NOT_EQUALS, .IN, .NOT_IN],
        .childFilter: [.EQUALS],
    ]

    /// Parses a search query as `api` would; `now` resolves `timeRange`.
    init(query: QueryString, api: SimulatedAPI, now: Int64) throws(Failure) {
        if let p = query.first("page") {
            guard let v = Int(p), v >= 1 else { throw .badRequest("page: must be greater than or equal to 1") }
            page = v
        }
        if let s = query.first("size") {
            guard let v = Int(s), v >= 1 else { throw .badRequest("size: must be greater than or equal to 1") }
            if v > 1000 && !api.isLegacy {
                throw .unprocessable("Invalid entity: size: must be less than or equal to 1000")
            }
            size = v
        }
        for s in query.all("sort") {
            for part in s.split(separator: ",") {
                let pieces = part.split(separator: ":", maxSplits: 1)
                guard let key = SortKey(rawValue: String(pieces[0])) else {
                    throw .badRequest("Invalid sort field '\(pieces[0])'")
                }
                let dir = pieces.count > 1 ? pieces[1].lowercased() : "asc"
                guard dir == "asc" || dir == "desc" else { throw .badRequest("Invalid sort direction '\(dir)'") }
                sorts.append((key, dir == "asc"))
            }
        }
        let hasFilters = query.items.contains { $0.name.hasPrefix("filters[") }
        var keyParts: [String] = sorts.map { "s=\($0.key.rawValue):\($0.ascending)" }
        if hasFilters && !api.isLegacy {
            var groups: [Int: [Condition]] = [:]
            for (name, value) in query.items where name.hasPrefix("filters[") {
                var path = try SearchRequest.brackets(name)
                var group: Int?
                if path.first == "or" {
                    // 1.x has no OR groups: such a parameter names an unknown field.
                    guard api.isV2, path.count >= 2, let g = Int(path[1]) else {
                        throw .badRequest("Invalid filter field 'or'")
                    }
                    group = g
                    path.removeFirst(2)
                }
                guard path.count == 2 || path.count == 3 else { throw .badRequest("Invalid filter '\(name)'") }
                let c = try SearchRequest.condition(
                    field: path[0], op: path[1], key: path.count == 3 ? path[2] : nil,
                    value: value, api: api, now: now)
                if let g = group { groups[g, default: []].append(c) } else { conditions.append(c) }
                keyParts.append("f\(group.map(String.init) ?? "")|\(name)=\(value)")
            }
            orGroups = groups.keys.sorted().compactMap { groups[$0] }
        } else if !api.isV2 {
            // Legacy parameters: all that 0.22 knows, and what 1.x still reads when no filters[...] is present.
            for (name, value) in query.items {
                var c: Condition?
                switch name {
                case "labels":
                    guard let colon = value.firstIndex(of: ":") else {
                        throw .badRequest("Invalid label '\(value)': expected key:value")
                    }
                    c = try SearchRequest.condition(
                        field: "labels", op: "EQUALS", key: String(value[..<colon]),
                        value: String(value[value.index(after: colon)...]), api: api, now: now)
                case "startDate":
                    c = try SearchRequest.condition(
                        field: "startDate", op: api.isLegacy ? "GREATER_THAN_OR_EQUAL_TO" : "GREATER_THAN",
                        key: nil, value: value, api: api, now: now)
                case "endDate":
                    c = try SearchRequest.condition(
                        field: "endDate", op: "LESS_THAN_OR_EQUAL_TO", key: nil, value: value, api: api, now: now)
                case "state":
                    c = try SearchRequest.condition(
                        field: "state", op: "IN", key: nil, value: value, api: api, now: now)
                case "namespace":
                    c = try SearchRequest.condition(
                        field: "namespace", op: "PREFIX", key: nil, value: value, api: api, now: now)
                case "flowId":
                    c = try SearchRequest.condition(
                        field: "flowId", op: "EQUALS", key: nil, value: value, api: api, now: now)
                case "timeRange":
                    c = try SearchRequest.condition(
                        field: "timeRange", op: "EQUALS", key: nil, value: value, api: api, now: now)
                case "q":
                    c = try SearchRequest.condition(
                        field: "q", op: "EQUALS", key: nil, value: value, api: api, now: now)
                default: break
                }
                if let c {
                    conditions.append(c)
                    keyParts.append("l|\(name)=\(value)")
                }
            }
        }
        if conditions.contains(where: { $0.field == .timeRange })
            || orGroups.joined().contains(where: { $0.field == .timeRange })
        {
            keyParts.append("now=\(now)")
        }
        cacheKey = keyParts.joined(separator: "&")
    }

    /// `filters[a][b][c]` -> `["a", "b", "c"]`.
    static func brackets(_ name: String) throws(Failure) -> [String] {
        var parts: [String] = []
        var rest = name.dropFirst("filters".count)
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else {
                throw .badRequest("Invalid filter '\(name)'")
            }
            parts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return parts
    }

    static func condition(field f: String, op o: String, key: String?, value: String, api: SimulatedAPI, now: Int64)
        throws(Failure) -> Condition
    {
        guard let field = Field(rawValue: f) else { throw .badRequest("Invalid filter field '\(f)'") }
        guard let op = Op(rawValue: o), allowed[field]?.contains(op) == true,
            api.isV2 || (op != .NOT_CONTAINS && op != .IS_NULL && op != .IS_NOT_NULL)
        else {
            throw .badRequest("Operation \(o) is not supported for field \(f)")
        }
        let values = (op == .IN || op == .NOT_IN) ? value.split(separator: ",").map(String.init) : [value]
        var c = Condition(
            field: field, op: op, key: key, value: value, values: values, date: nil, regex: nil, states: [])
        switch field {
        case .startDate, .endDate:
            guard let d = WireTime.parseNanos(value) else {
                throw .badRequest("Failed to convert argument [\(f)] for value [\(value)]")
            }
            c.date = d
        case .timeRange:
            guard let micros = ISODuration.micros(value) else { throw .badRequest("Invalid timeRange '\(value)'") }
            c.date = now - micros * 1000
        case .state:
            c.states = values.map { StateCode.code(named: $0) }
            if c.states.contains(where: { $0 == nil }) { throw .badRequest("Invalid state '\(value)'") }
        case .namespace, .flowId:
            if op == .REGEX {
                guard let r = try? NSRegularExpression(pattern: value) else {
                    throw .badRequest("Invalid regex '\(value)'")
                }
                c.regex = NSRegularExpressionBox(regex: r)
            }
        default: break
        }
        return c
    }
}

/// `NSRegularExpression` is immutable and thread-safe, but not marked Sendable on Linux.
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
