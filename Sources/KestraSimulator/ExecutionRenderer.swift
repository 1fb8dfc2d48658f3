import AppTrailModel

/// Writes executions as Kestra's JSON, straight into a byte buffer (no encoder on the hot path).
///
/// Follows docs/kestra-api.md section 3: null fields and empty inputs/outputs are left out, timestamps keep their own
/// number of fraction digits, `state.duration` is a Java duration whose presence depends on the version.
struct ExecutionRenderer: Sendable {
    let config: SimulatorConfiguration

    enum Shape { case searchItem, full }

    private static let q = UInt8(ascii: "\"")

    @inline(__always) private func raw(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @inline(__always) private func str(_ s: String, _ out: inout [UInt8]) { CanonicalJSON.appendString(s, to: &out) }

    @inline(__always) private func time(_ t: Int64, _ out: inout [UInt8]) {
        out.append(ExecutionRenderer.q)
        WireTime.appendISO(t, to: &out)
        out.append(ExecutionRenderer.q)
    }

    func append(_ e: ObservedExecution, shape: Shape, to out: inout [UInt8]) {
        let api = config.api
        let light = api.isV2 && shape == .searchItem
        let tenant = SimulatorWorld.sendsTenant(config)
        out.append(UInt8(ascii: "{"))
        if api.isV2 && tenant {
            raw("\"tenantId\":", &out)
            str(config.tenant, &out)
            out.append(UInt8(ascii: ","))
        }
        raw("\"id\":", &out)
        str(e.id, &out)
        raw(",\"namespace\":", &out)
        str(e.namespace, &out)
        raw(",\"flowId\":", &out)
        str(e.flowId, &out)
        raw(",\"flowRevision\":", &out)
        WireTime.appendInt(e.revision, &out)
        if !light && !e.tasks.isEmpty {
            raw(",\"taskRunList\":[", &out)
            for (n, t) in e.tasks.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                appendTaskRun(t, of: e, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if !e.details.inputs.isEmptyObject {
            raw(",\"inputs\":", &out)
            e.details.inputs.appendWire(to: &out)
        }
        if !e.details.labels.isEmpty {
            raw(",\"labels\":", &out)
            if e.profile.special.labelsAsMap {
                out.append(UInt8(ascii: "{"))
                for (n, l) in e.details.labels.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    str(l.key, &out)
                    out.append(UInt8(ascii: ":"))
                    str(l.value, &out)
                }
                out.append(UInt8(ascii: "}"))
            } else {
                out.append(UInt8(ascii: "["))
                for (n, l) in e.details.labels.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    raw("{\"key\":", &out)
                    str(l.key, &out)
                    raw(",\"value\":", &out)
                    str(l.value, &out)
                    out.append(UInt8(ascii: "}"))
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        raw(",\"state\":", &out)
        appendState(e.history, now: e.now, numberDuration: e.profile.special.durationAsNumber, to: &out)
        raw(",\"originalId\":", &out)
        str(e.id, &out)
        if let trigger = e.details.trigger {
            raw(",\"trigger\":", &out)
            trigger.appendWire(to: &out)
        }
        if !api.isV2 {
            raw(",\"deleted\":false", &out)
        }
        if !light {
            raw(",\"metadata\":{\"attemptNumber\":1,\"originalCreatedDate\":", &out)
            time(e.start, &out)
            out.append(UInt8(ascii: "}"))
        }
        if !api.isV2 && tenant {
            raw(",\"tenantId\":", &out)
            str(config.tenant, &out)
        }
        switch api {
        case .v0_22: break
        case .v1:
            if e.profile.kind != 0, let k = e.kindName {
                raw(",\"kind\":", &out)
                str(k, &out)
            }
        case .v2:
            if let k = e.kindName {
                raw(",\"kind\":", &out)
                str(k, &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private func appendTaskRun(_ t: ObservedExecution.TaskRun, of e: ObservedExecution, to out: inout [UInt8]) {
        raw("{\"id\":", &out)
        str(t.id, &out)
        raw(",\"executionId\":", &out)
        str(e.id, &out)
        raw(",\"namespace\":", &out)
        str(e.namespace, &out)
        raw(",\"flowId\":", &out)
        str(e.flowId, &out)
        raw(",\"taskId\":", &out)
        str(t.taskId, &out)
        if let p = t.parentId {
            raw(",\"parentTaskRunId\":", &out)
            str(p, &out)
        }
        if let v = t.value {
            raw(",\"value\":", &out)
            str(v, &out)
        }
        if t.hasAttempt, let runningAt = t.history.firstIndex(where: { $0.state == StateCode.running }) {
            raw(",\"attempts\":[{\"state\":", &out)
            appendState(Array(t.history[runningAt...]), now: e.now, numberDuration: false, to: &out)
            raw(",\"workerId\":\"worker-", &out)
            WireTime.appendInt(Int(e.index % 3) + 1, &out)
            raw("\"}]", &out)
        }
        if !config.api.isV2, let outputs = t.outputs, !outputs.isEmptyObject {
            raw(",\"outputs\":", &out)
            outputs.appendWire(to: &out)
        }
        raw(",\"state\":", &out)
        appendState(t.history, now: e.now, numberDuration: false, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    private func appendState(_ h: [HistoryEntry], now: Int64, numberDuration: Bool, to out: inout [UInt8]) {
        guard let first = h.first, let last = h.last else {
            raw("{\"current\":\"CREATED\",\"histories\":[]}", &out)
            return
        }
        raw("{\"current\":", &out)
        out.append(ExecutionRenderer.q)
        out.append(contentsOf: StateCode.names[Int(last.state)])
        out.append(ExecutionRenderer.q)
        raw(",\"histories\":[", &out)
        for (n, entry) in h.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            raw("{\"state\":\"", &out)
            out.append(contentsOf: StateCode.names[Int(entry.state)])
            raw("\",\"date\":", &out)
            time(entry.at, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        let end: Int64? = StateCode.hasEndDate(last.state) ? last.at : nil
        if let end {
            appendDuration(end - first.at, number: numberDuration, to: &out)
        } else if config.api.durationAlways {
            appendDuration(max(0, now - first.at), number: numberDuration, to: &out)
        }
        if let end {
            raw(",\"endDate\":", &out)
            time(end, &out)
        }
        raw(",\"startDate\":", &out)
        time(first.at, &out)
        out.append(UInt8(ascii: "}"))
    }

    private func appendDuration(_ nanos: Int64, number: Bool, to out: inout [UInt8]) {
        raw(",\"duration\":", &out)
        if number {
            // Some Kestra docs print seconds as a plain number: `2.531`.
            WireTime.appendInt(Int(nanos / 1_000_000_000), &out)
            out.append(UInt8(ascii: "."))
            WireTime.appendDigits(Int(nanos % 1_000_000_000 / 1_000_000), 3, &out)
        } else {
            out.append(ExecutionRenderer.q)
            JavaDuration.append(nanos: nanos, to: &out)
            out.append(ExecutionRenderer.q)
        }
    }
}
