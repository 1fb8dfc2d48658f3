import AppTrailModel

extension ExecutionPageDecoder.Reader {
    /// Decodes the execution object at `pos` (any API generation).
    ///
    /// Errors carry the path inside the execution and, when it was read before the failure, its id.
    mutating func execution() throws(DecodeError) -> ExecutionRecord {
        let objectStart = json.pos
        var id: String?
        var tenant: String?
        var namespace: String?
        var flowId: String?
        var flowRevision: Int?
        var kind: String?
        var labels: [Label] = []
        var inputsJSON = "{}"
        var state = StateFields()
        var sawState = false
        var pause: PauseTaskRun?
        var hasTaskRuns = false

        do throws(DecodeError) {
            try enterObject()
        } catch {
            var e = error
            if e.kind == .invalidValue { e.message = "an execution must be an object, not \(json.valueKindName())" }
            throw e
        }
        var first = true
        while true {
            let keyToken: JSONString?
            do throws(DecodeError) { keyToken = try json.nextKey(&first) } catch { throw error.of(execution: id) }
            guard let key = keyToken else { break }
            do throws(DecodeError) {
                if try json.consumeNull() { continue }
                switch json.field(key) {
                case .id: id = json.string(try keptText())
                case .namespace: namespace = strings.string(try keptText(), in: json)
                case .flowId: flowId = strings.string(try keptText(), in: json)
                case .tenantId: tenant = strings.string(try keptText(), in: json)
                case .kind: kind = strings.string(try keptText(), in: json)
                case .flowRevision:
                    let start = json.pos
                    let value = try integer()
                    guard let revision = Int(exactly: value) else { throw json.invalid("is out of range", at: start) }
                    flowRevision = revision
                case .labels: labels = try self.labels()
                case .inputs: inputsJSON = try inputs()
                case .state:
                    state = try stateObject()
                    sawState = true
                case .taskRunList:
                    pause = try taskRunList()
                    hasTaskRuns = true
                default: try json.skipValue()
                }
            } catch {
                throw error.under(.key(json.string(key)), executionId: id)
            }
        }

        @inline(never) func missing(_ path: [DecodeError.PathComponent]) -> DecodeError {
            DecodeError(
                .invalidValue, "is missing", byteOffset: json.offsetBase + objectStart, path: path, executionId: id)
        }
        guard let id else { throw missing([.key("id")]) }
        guard let namespace else { throw missing([.key("namespace")]) }
        guard let flowId else { throw missing([.key("flowId")]) }
        guard sawState else { throw missing([.key("state")]) }
        guard let current = state.current else { throw missing([.key("state"), .key("current")]) }
        if state.histories.isEmpty && state.startDate == nil {
            throw DecodeError(
                .invalidValue, "has neither histories nor a startDate", byteOffset: json.offsetBase + state.objectStart,
                path: [.key("state")], executionId: id)
        }
        return ExecutionRecord(
            id: id, tenant: tenant, namespace: namespace, flowId: flowId, flowRevision: flowRevision, kind: kind,
            labels: labels, inputsJSON: inputsJSON, state: current, histories: state.histories,
            startDate: state.startDate, pauseTaskRun: pause, hasTaskRuns: hasTaskRuns)
    }

    /// What `state` holds for apptrail.
    struct StateFields {
        var current: StateType?
        var histories: [StateEntry] = []
        var startDate: Instant?
        var objectStart = 0
    }

    /// `state`: `current`, `histories` and `startDate`; `endDate`, `duration` (string or number) and
    /// anything else are skipped.
    mutating func stateObject() throws(DecodeError) -> StateFields {
        var fields = StateFields()
        fields.objectStart = json.pos
        try enterObject()
        var first = true
        while let key = try json.nextKey(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() { continue }
                switch json.field(key) {
                case .current: fields.current = stateType(try keptText())
                case .histories: fields.histories = try histories()
                case .startDate: fields.startDate = try instant()
                default: try json.skipValue()
                }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        return fields
    }

    /// `state.histories`: entries `{state, date}`, both required; null entries are skipped.
    mutating func histories() throws(DecodeError) -> [StateEntry] {
        try enterArray()
        var entries: [StateEntry] = []
        entries.reserveCapacity(8)
        var first = true
        var index = 0
        while try json.nextElement(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() {
                    index += 1
                    continue
                }
                let entryStart = json.pos
                try enterObject()
                var state: StateType?
                var date: Instant?
                var firstKey = true
                while let key = try json.nextKey(&firstKey) {
                    do throws(DecodeError) {
                        if try json.consumeNull() { continue }
                        switch json.field(key) {
                        case .state: state = stateType(try keptText())
                        case .date: date = try instant()
                        default: try json.skipValue()
                        }
                    } catch {
                        throw error.under(.key(json.string(key)))
                    }
                }
                guard let state else {
                    throw DecodeError(
                        .invalidValue, "is missing", byteOffset: json.offsetBase + entryStart, path: [.key("state")])
                }
                guard let date else {
                    throw DecodeError(
                        .invalidValue, "is missing", byteOffset: json.offsetBase + entryStart, path: [.key("date")])
                }
                entries.append(StateEntry(state, date))
            } catch {
                throw error.under(.index(index))
            }
            index += 1
        }
        return entries
    }

    /// A state type; the known ones share the model's static values so no string is built for them.
    @inline(__always)
    mutating func stateType(_ token: JSONString) -> StateType {
        if !token.hasEscapes, let known = ExecutionPageDecoder.knownState(json.bytes, token) { return known }
        return StateType(strings.string(token, in: json))
    }

    /// `labels`: a list of `{key, value}` or, in very old executions, a map `{key: value}`.
    mutating func labels() throws(DecodeError) -> [Label] {
        var labels: [Label] = []
        guard json.pos < json.count else { throw json.truncated(at: json.pos) }
        if json.bytes[json.pos] == UInt8(ascii: "{") {
            try json.enterObject()
            var first = true
            while let key = try json.nextKey(&first) {
                do throws(DecodeError) {
                    if key.hasEscapes { try refuseNUL(key) }
                    if let value = try labelValue() {
                        labels.append(Label(strings.string(key, in: json), value))
                    }
                } catch {
                    throw error.under(.key(json.string(key)))
                }
            }
            return labels
        }
        guard json.bytes[json.pos] == UInt8(ascii: "[") else { throw mismatch("a list or a map of labels") }
        try json.enterArray()
        labels.reserveCapacity(8)
        var first = true
        var index = 0
        while try json.nextElement(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() {
                    index += 1
                    continue
                }
                let entryStart = json.pos
                try enterObject()
                var key: String?
                var value: String?
                var firstKey = true
                while let k = try json.nextKey(&firstKey) {
                    do throws(DecodeError) {
                        switch json.field(k) {
                        case .key:
                            if try json.consumeNull() { continue }
                            key = strings.string(try keptText(), in: json)
                        case .value: value = try labelValue()
                        default: try json.skipValue()
                        }
                    } catch {
                        throw error.under(.key(json.string(k)))
                    }
                }
                guard let key else {
                    throw DecodeError(
                        .invalidValue, "is missing", byteOffset: json.offsetBase + entryStart, path: [.key("key")])
                }
                if let value { labels.append(Label(key, value)) }
            } catch {
                throw error.under(.index(index))
            }
            index += 1
        }
        return labels
    }

    /// A label value: a string, or the JSON text of a number or boolean; nil for null (the label is
    /// dropped, null being treated as absent).
    mutating func labelValue() throws(DecodeError) -> String? {
        guard json.pos < json.count else { throw json.truncated(at: json.pos) }
        switch json.bytes[json.pos] {
        case UInt8(ascii: "\""):
            let token = try json.readString()
            if token.hasEscapes { try refuseNUL(token) }
            return strings.string(token, in: json)
        case UInt8(ascii: "n"):
            try json.literal("null")
            return nil
        case UInt8(ascii: "t"):
            try json.literal("true")
            return "true"
        case UInt8(ascii: "f"):
            try json.literal("false")
            return "false"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let n = try json.readNumber()
            return String(decoding: UnsafeRawBufferPointer(rebasing: json.bytes[n.start..<n.end]), as: UTF8.self)
        default:
            throw mismatch("a string, a number or a boolean")
        }
    }

    /// `inputs` as canonical compact JSON; `{}` when empty.
    mutating func inputs() throws(DecodeError) -> String {
        guard json.pos < json.count else { throw json.truncated(at: json.pos) }
        guard json.bytes[json.pos] == UInt8(ascii: "{") else { throw mismatch("an object") }
        canonical.removeAll(keepingCapacity: true)
        try json.appendCanonical(to: &canonical)
        return String(decoding: canonical, as: UTF8.self)
    }
}

extension ExecutionPageDecoder {
    /// The model's value for a known state name, matched on bytes.
    @inline(__always)
    static func knownState(_ bytes: UnsafeRawBufferPointer, _ token: JSONString) -> StateType? {
        guard let base = bytes.baseAddress, token.length >= 6 else { return nil }
        let p = base + token.start
        @inline(__always) func eq(_ literal: StaticString) -> Bool {
            guard literal.utf8CodeUnitCount == token.length else { return false }
            let l = literal.utf8Start
            for k in 1..<token.length where p.load(fromByteOffset: k, as: UInt8.self) != l[k] { return false }
            return true
        }
        switch p.load(as: UInt8.self) {
        case UInt8(ascii: "C"):
            if eq("CREATED") { return .created }
            if eq("CANCELLED") { return .cancelled }
        case UInt8(ascii: "R"):
            if eq("RUNNING") { return .running }
            if eq("RESTARTED") { return .restarted }
            if eq("RETRYING") { return .retrying }
            if eq("RETRIED") { return .retried }
            if eq("RESUBMITTED") { return .resubmitted }
        case UInt8(ascii: "P"): if eq("PAUSED") { return .paused }
        case UInt8(ascii: "K"):
            if eq("KILLING") { return .killing }
            if eq("KILLED") { return .killed }
        case UInt8(ascii: "S"):
            if eq("SUCCESS") { return .success }
            if eq("SKIPPED") { return .skipped }
            if eq("SUBMITTED") { return .submitted }
        case UInt8(ascii: "W"): if eq("WARNING") { return .warning }
        case UInt8(ascii: "F"): if eq("FAILED") { return .failed }
        case UInt8(ascii: "Q"): if eq("QUEUED") { return .queued }
        case UInt8(ascii: "B"): if eq("BREAKPOINT") { return .breakpoint }
        default: break
        }
        return nil
    }
}
