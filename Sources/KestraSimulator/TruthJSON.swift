import AppTrailModel

/// The ground truth as JSON, for processes that drive `kestra-sim` over HTTP.
///
/// One object per execution: `{"id","tenant","namespace","flowId","flowRevision","kind","labels":[{"key","value"}],
/// "inputsJSON" (the canonical text),"state","histories":[{"state","date"}],"startDate",
/// "pauseTaskRun":{"taskRunId","resumedBy"},"hasTaskRuns"}`; dates are microsecond ISO (`Instant.iso`);
/// absent values are `null`.
enum TruthJSON {
    static func append(_ r: ExecutionRecord, to out: inout [UInt8]) {
        func s(_ v: String?) { if let v { CanonicalJSON.appendString(v, to: &out) } else { out += Array("null".utf8) } }
        out += Array("{\"id\":".utf8)
        s(r.id)
        out += Array(",\"tenant\":".utf8)
        s(r.tenant)
        out += Array(",\"namespace\":".utf8)
        s(r.namespace)
        out += Array(",\"flowId\":".utf8)
        s(r.flowId)
        out += Array(",\"flowRevision\":".utf8)
        out += Array((r.flowRevision.map(String.init) ?? "null").utf8)
        out += Array(",\"kind\":".utf8)
        s(r.kind)
        out += Array(",\"labels\":[".utf8)
        for (n, l) in r.labels.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"key\":".utf8)
            s(l.key)
            out += Array(",\"value\":".utf8)
            s(l.value)
            out.append(UInt8(ascii: "}"))
        }
        out += Array("],\"inputsJSON\":".utf8)
        s(r.inputsJSON)
        out += Array(",\"state\":".utf8)
        s(r.state.rawValue)
        out += Array(",\"histories\":".utf8)
        out += Array(CanonicalJSON.history(r.histories).utf8)
        out += Array(",\"startDate\":".utf8)
        s(r.startDate?.iso)
        out += Array(",\"pauseTaskRun\":".utf8)
        if let p = r.pauseTaskRun {
            out += Array("{\"taskRunId\":".utf8)
            s(p.taskRunId)
            out += Array(",\"resumedBy\":".utf8)
            s(p.resumedBy)
            out.append(UInt8(ascii: "}"))
        } else {
            out += Array("null".utf8)
        }
        out += Array(",\"hasTaskRuns\":\(r.hasTaskRuns)}".utf8)
    }

    static func appendApp(_ a: AppDefinition, to out: inout [UInt8]) {
        func s(_ v: String?) { if let v { CanonicalJSON.appendString(v, to: &out) } else { out += Array("null".utf8) } }
        out += Array("{\"id\":".utf8)
        s(a.id)
        out += Array(",\"name\":".utf8)
        s(a.name)
        out += Array(",\"namespace\":".utf8)
        s(a.namespace)
        out += Array(",\"flowId\":".utf8)
        s(a.flowId)
        out += Array(",\"disabled\":\(a.disabled)".utf8)
        out += Array(",\"created\":".utf8)
        s(a.created?.iso)
        out += Array(",\"tags\":[".utf8)
        for (n, t) in a.tags.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            s(t)
        }
        out += Array("],\"expiration\":".utf8)
        switch a.expiration {
        case nil: out += Array("null".utf8)
        case .ttl(let t):
            out += Array("{\"type\":\"TTL\",\"ttl\":".utf8)
            s(t)
            out.append(UInt8(ascii: "}"))
        case .date(let d):
            out += Array("{\"type\":\"DATE\",\"date\":".utf8)
            s(d.iso)
            out.append(UInt8(ascii: "}"))
        case .limit(let l): out += Array("{\"type\":\"LIMIT\",\"limit\":\(l)}".utf8)
        case .window(let start, let end):
            out += Array("{\"type\":\"WINDOW\",\"startDate\":".utf8)
            s(start?.iso)
            out += Array(",\"endDate\":".utf8)
            s(end?.iso)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }
}
