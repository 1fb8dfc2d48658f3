import AppTrailModel

/// The `/_sim/...` endpoints that let other processes drive a running `kestra-sim`: never authenticated,
/// faulted or counted.
///
/// - `POST /_sim/advance?seconds=N` or `?to=ISO` -> the `AdvanceSummary` as JSON
/// - `POST /_sim/fault?kind=status&status=503&path=GLOB&method=GET&count=N&skip=N` (kinds: `status`,
///   `rateLimited&retryAfter=N`, `slow&seconds=S`, `truncatedBody`, `dropConnection`, `lyingTotal&delta=N`, `malformedBody&body=TEXT`,
///   `advance&seconds=N`, `restart&downtime=S`)
/// - `DELETE /_sim/faults` clears them
/// - `GET /_sim/requests` -> `{"count":N,"requests":[{method,target,status,fault}]}`; `DELETE` resets
/// - `GET /_sim/truth[?view=complete]` -> NDJSON of `TruthJSON` records; `GET /_sim/apps`, `GET /_sim/purged`
/// - `GET /_sim/state` -> `{"now","executions","version"}`
/// - `POST /_sim/restart?downtime=S` answers, then stops and restarts on the same port
/// - `POST /_sim/resume?id=ID&by=USER`
extension KestraSimulator {
    func admin(method: String, path: String, query: QueryString) async -> Reply {
        switch (method, path) {
        case ("POST", "/_sim/advance"):
            let summary: AdvanceSummary
            if let to = query.first("to") {
                guard let instant = Instant(iso: to) else { return .message(400, "to: not an ISO-8601 instant") }
                summary = advance(to: instant)
            } else {
                guard let seconds = Double(query.first("seconds") ?? ""), seconds >= 0 else {
                    return .message(400, "seconds: a number is required")
                }
                summary = advance(by: seconds)
            }
            var out = Array("{\"from\":\"\(summary.from.iso)\",\"to\":\"\(summary.to.iso)\"".utf8)
            for (name, ids) in [("arrived", summary.arrived), ("changed", summary.changed), ("purged", summary.purged)]
            {
                out += Array(",\"\(name)\":[".utf8)
                out += Array(ids.map { "\"\($0)\"" }.joined(separator: ",").utf8)
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "}"))
            return .json(200, out)
        case ("POST", "/_sim/fault"):
            guard let fault = KestraSimulator.fault(from: query) else {
                return .message(
                    400,
                    "kind must be status, rateLimited, slow, truncatedBody, dropConnection, lyingTotal, malformedBody, advance or restart"
                )
            }
            inject(fault)
            return .message(200, "armed: \(fault.label) on \(fault.path) x\(fault.count)")
        case ("DELETE", "/_sim/faults"), ("POST", "/_sim/faults/clear"):
            clearFaults()
            return .message(200, "cleared")
        case ("GET", "/_sim/requests"):
            var out = Array("{\"count\":\(requests.count),\"requests\":[".utf8)
            for (n, r) in requests.all.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                out += Array("{\"method\":\"\(r.method)\",\"target\":".utf8)
                CanonicalJSON.appendString(r.target, to: &out)
                out += Array(",\"status\":\(r.status),\"fault\":".utf8)
                if let f = r.fault { CanonicalJSON.appendString(f, to: &out) } else { out += Array("null".utf8) }
                out.append(UInt8(ascii: "}"))
            }
            out += Array("]}".utf8)
            return .json(200, out)
        case ("DELETE", "/_sim/requests"):
            requests.reset()
            return .message(200, "reset")
        case ("GET", "/_sim/truth"):
            var out = [UInt8]()
            for r in truth(view: query.first("view") == "complete" ? .complete : .searchItems) {
                TruthJSON.append(r, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
            return Reply(status: 200, body: out, headers: [("Content-Type", "application/x-ndjson")])
        case ("GET", "/_sim/apps"):
            var out = Array("[".utf8)
            for (n, a) in apps.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                TruthJSON.appendApp(a, to: &out)
            }
            out.append(UInt8(ascii: "]"))
            return .json(200, out)
        case ("GET", "/_sim/purged"):
            return .json(200, Array("[\(purgedIDs.map { "\"\($0)\"" }.joined(separator: ","))]".utf8))
        case ("GET", "/_sim/state"):
            let version = storage.withLock { $0.version }
            return .json(
                200, Array("{\"now\":\"\(now.iso)\",\"executions\":\(executionCount),\"version\":\(version)}".utf8))
        case ("POST", "/_sim/restart"):
            let downtime = Double(query.first("downtime") ?? "0") ?? 0
            restartSoon(downtime: downtime)
            return .message(202, "restarting")
        case ("POST", "/_sim/resume"):
            guard let id = query.first("id") else { return .message(400, "id is required") }
            return resume(id: id, by: query.first("by"))
                ? .message(200, "resumed") : .message(409, "not paused or unknown")
        default:
            return .message(404, "unknown admin endpoint")
        }
    }

    /// Restarts the server from a task of its own, `after` seconds (time for an answer in flight to leave).
    func restartSoon(downtime: Double, after: Double = 0.1) {
        let task = Task {
            if after > 0 { try? await Task.sleep(nanoseconds: UInt64(after * 1e9)) }
            try? await self.restart(downtime: downtime)
        }
        restarts.withLock { $0.append(task) }
    }

    /// Returns once every restart a fault began has ended, the server serving again: a test waits on this, not
    /// on a clock that a loaded machine would outrun.
    public func settled() async {
        while let task = restarts.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { await task.value }
    }

    /// A fault described by query parameters (see the admin endpoint list).
    static func fault(from q: QueryString) -> Fault? {
        let kind: Fault.Kind
        switch q.first("kind") {
        case "status": kind = .status(Int(q.first("status") ?? "") ?? 500)
        case "rateLimited": kind = .rateLimited(retryAfter: Int(q.first("retryAfter") ?? "") ?? 1)
        case "slow": kind = .slow(seconds: Double(q.first("seconds") ?? "") ?? 1)
        case "truncatedBody": kind = .truncatedBody
        case "dropConnection": kind = .dropConnection
        case "lyingTotal": kind = .lyingTotal(Int(q.first("delta") ?? "") ?? 1)
        case "malformedBody": kind = .malformedBody(q.first("body") ?? "<html>not json</html>")
        case "advance": kind = .advance(seconds: Double(q.first("seconds") ?? "") ?? 3600)
        case "restart": kind = .restart(downtime: Double(q.first("downtime") ?? "") ?? 1)
        default: return nil
        }
        return Fault(
            kind, path: q.first("path") ?? "/api/*", method: q.first("method"),
            count: Int(q.first("count") ?? "") ?? 1, skip: Int(q.first("skip") ?? "") ?? 0)
    }
}
