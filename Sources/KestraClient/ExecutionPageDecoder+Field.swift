extension ExecutionPageDecoder {
    /// The object keys the decoder reads anywhere in a Kestra payload; every other key is `.other`
    /// and its value is skipped.
    ///
    /// Keys are matched on their bytes, so no String is built for a key.
    enum Field: UInt8 {
        case other
        case id, by, key, date, kind, state, total, value, inputs, labels, flowId, current, outputs, results
        case resumed, tenantId, onResume, histories, namespace, startDate, taskRunId, taskRunList, flowRevision
    }
}

extension JSONScanner {
    /// The field a key token names.
    @inline(__always)
    func field(_ key: JSONString) -> ExecutionPageDecoder.Field {
        if key.hasEscapes { return escapedField(key) }
        guard key.length > 0, let base = bytes.baseAddress else { return .other }
        return JSONScanner.field(base + key.start, key.length)
    }

    @inline(never)
    func escapedField(_ key: JSONString) -> ExecutionPageDecoder.Field {
        var buffer: [UInt8] = []
        appendUnescaped(key, to: &buffer)
        return buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return .other }
            return JSONScanner.field(base, raw.count)
        }
    }

    @inline(__always)
    static func field(_ p: UnsafeRawPointer, _ n: Int) -> ExecutionPageDecoder.Field {
        // Each `eq` below is only reached from the `case` of its literal's length, so `n` is the
        // literal's length too.
        @inline(__always) func eq(_ literal: StaticString) -> Bool {
            let l = literal.utf8Start
            var k = 1 // callers have matched byte 0 already
            while k < n {
                if p.load(fromByteOffset: k, as: UInt8.self) != l[k] { return false }
                k &+= 1
            }
            return true
        }
        let c0 = p.load(as: UInt8.self)
        switch n {
        case 2:
            if c0 == UInt8(ascii: "i") { return eq("id") ? .id : .other }
            if c0 == UInt8(ascii: "b") { return eq("by") ? .by : .other }
        case 3:
            if c0 == UInt8(ascii: "k") { return eq("key") ? .key : .other }
        case 4:
            if c0 == UInt8(ascii: "d") { return eq("date") ? .date : .other }
            if c0 == UInt8(ascii: "k") { return eq("kind") ? .kind : .other }
        case 5:
            if c0 == UInt8(ascii: "s") { return eq("state") ? .state : .other }
            if c0 == UInt8(ascii: "v") { return eq("value") ? .value : .other }
            if c0 == UInt8(ascii: "t") { return eq("total") ? .total : .other }
        case 6:
            if c0 == UInt8(ascii: "i") { return eq("inputs") ? .inputs : .other }
            if c0 == UInt8(ascii: "l") { return eq("labels") ? .labels : .other }
            if c0 == UInt8(ascii: "f") { return eq("flowId") ? .flowId : .other }
        case 7:
            if c0 == UInt8(ascii: "c") { return eq("current") ? .current : .other }
            if c0 == UInt8(ascii: "o") { return eq("outputs") ? .outputs : .other }
            if c0 == UInt8(ascii: "r") {
                if eq("results") { return .results }
                return eq("resumed") ? .resumed : .other
            }
        case 8:
            if c0 == UInt8(ascii: "t") { return eq("tenantId") ? .tenantId : .other }
            if c0 == UInt8(ascii: "o") { return eq("onResume") ? .onResume : .other }
        case 9:
            if c0 == UInt8(ascii: "h") { return eq("histories") ? .histories : .other }
            if c0 == UInt8(ascii: "n") { return eq("namespace") ? .namespace : .other }
            if c0 == UInt8(ascii: "s") { return eq("startDate") ? .startDate : .other }
            if c0 == UInt8(ascii: "t") { return eq("taskRunId") ? .taskRunId : .other }
        case 11:
            if c0 == UInt8(ascii: "t") { return eq("taskRunList") ? .taskRunList : .other }
        case 12:
            if c0 == UInt8(ascii: "f") { return eq("flowRevision") ? .flowRevision : .other }
        default:
            break
        }
        return .other
    }
}
