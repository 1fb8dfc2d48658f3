import AppTrailModel

extension ExecutionPageDecoder.Reader {
    /// `taskRunList`: the last Pause task run in list order, nil when there is none.
    ///
    /// A task run is a Pause task run when its outputs hold `onResume` or `resumed`, or when its own
    /// `state.histories` has PAUSED. Only ids and `resumed.by` of candidates become strings; the rest
    /// of each task run (attempts, other outputs) is skipped.
    mutating func taskRunList() throws(DecodeError) -> PauseTaskRun? {
        try enterArray()
        var pause: PauseTaskRun?
        var first = true
        var index = 0
        while try json.nextElement(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() {
                    index += 1
                    continue
                }
                if let found = try taskRun() { pause = found }
            } catch {
                throw error.under(.index(index))
            }
            index += 1
        }
        return pause
    }

    /// One task run: its Pause facts when it is a Pause task run, else nil.
    mutating func taskRun() throws(DecodeError) -> PauseTaskRun? {
        try enterObject()
        var id: JSONString?
        var marks = PauseMarks()
        var pausedInHistory = false
        var first = true
        while let key = try json.nextKey(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() { continue }
                switch json.field(key) {
                case .id: id = try keptText()
                case .outputs: marks = try pauseMarks()
                case .state: pausedInHistory = try taskRunStatePaused()
                default: try json.skipValue()
                }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        guard marks.isPause || pausedInHistory else { return nil }
        return PauseTaskRun(taskRunId: id.map { json.string($0) }, resumedBy: marks.resumedBy.map { json.string($0) })
    }

    /// What an outputs object says about pausing.
    struct PauseMarks {
        var isPause = false
        var resumedBy: JSONString?
    }

    /// Scans an outputs object (or, for the 2.0 outputs endpoint, a `value`) for `onResume` and
    /// `resumed`; any other value is skipped. A non-object value marks nothing.
    mutating func pauseMarks() throws(DecodeError) -> PauseMarks {
        var marks = PauseMarks()
        guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "{") else {
            try json.skipValue()
            return marks
        }
        try json.enterObject()
        var first = true
        while let key = try json.nextKey(&first) {
            do throws(DecodeError) {
                switch json.field(key) {
                case .onResume:
                    if try json.consumeNull() { continue }
                    marks.isPause = true
                    try json.skipValue()
                case .resumed:
                    if try json.consumeNull() { continue }
                    marks.isPause = true
                    marks.resumedBy = try resumedBy()
                default:
                    try json.skipValue()
                }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        return marks
    }

    /// `resumed.by` when `resumed` is an object holding a string `by`; null or absent gives nil.
    mutating func resumedBy() throws(DecodeError) -> JSONString? {
        guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "{") else {
            try json.skipValue()
            return nil
        }
        try json.enterObject()
        var by: JSONString?
        var first = true
        while let key = try json.nextKey(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() { continue }
                if json.field(key) == .by { by = try keptText() } else { try json.skipValue() }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        return by
    }

    /// Whether a task run's `state.histories` has a PAUSED entry; nothing else of it is read.
    mutating func taskRunStatePaused() throws(DecodeError) -> Bool {
        try enterObject()
        var paused = false
        var first = true
        while let key = try json.nextKey(&first) {
            do throws(DecodeError) {
                guard json.field(key) == .histories else {
                    try json.skipValue()
                    continue
                }
                if try json.consumeNull() { continue }
                try enterArray()
                var firstEntry = true
                var index = 0
                while try json.nextElement(&firstEntry) {
                    do throws(DecodeError) {
                        if try historyEntryIsPaused() { paused = true }
                    } catch {
                        throw error.under(.index(index))
                    }
                    index += 1
                }
            } catch {
                throw error.under(.key(json.string(key)))
            }
        }
        return paused
    }

    private mutating func historyEntryIsPaused() throws(DecodeError) -> Bool {
        guard json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "{") else {
            try json.skipValue()
            return false
        }
        try json.enterObject()
        var paused = false
        var first = true
        while let key = try json.nextKey(&first) {
            if json.field(key) == .state, json.pos < json.count, json.bytes[json.pos] == UInt8(ascii: "\"") {
                let token = try json.readString()
                if json.equals(token, "PAUSED") { paused = true }
            } else {
                try json.skipValue()
            }
        }
        return paused
    }

    /// The 2.0 outputs endpoint: `[{taskId, taskRunId, value, iteration, inline}]`; the last entry whose
    /// `value` holds `onResume` or `resumed` wins.
    mutating func outputsList() throws(DecodeError) -> OutputsListing {
        try enterArray()
        var listing = OutputsListing()
        var first = true
        var index = 0
        while try json.nextElement(&first) {
            do throws(DecodeError) {
                if try json.consumeNull() {
                    index += 1
                    continue
                }
                try enterObject()
                var taskRunId: JSONString?
                var marks = PauseMarks()
                var firstKey = true
                while let key = try json.nextKey(&firstKey) {
                    do throws(DecodeError) {
                        if try json.consumeNull() { continue }
                        switch json.field(key) {
                        case .taskRunId: taskRunId = try keptText()
                        case .value: marks = try pauseMarks()
                        default: try json.skipValue()
                        }
                    } catch {
                        throw error.under(.key(json.string(key)))
                    }
                }
                let id = taskRunId.map { json.string($0) }
                if let id, !listing.taskRunIds.contains(id) { listing.taskRunIds.append(id) }
                if marks.isPause {
                    listing.pause = PauseTaskRun(taskRunId: id, resumedBy: marks.resumedBy.map { json.string($0) })
                }
            } catch {
                throw error.under(.index(index))
            }
            index += 1
        }
        return listing
    }

    /// Reads one task run's outputs map (`GET .../outputs/{executionId}/{taskRunId}`).
    mutating func taskRunOutputs(taskRunId: String) throws(DecodeError) -> PauseTaskRun? {
        let marks = try pauseMarks()
        return marks.isPause
            ? PauseTaskRun(taskRunId: taskRunId, resumedBy: marks.resumedBy.map { json.string($0) }) : nil
    }
}

/// What 2.0's outputs listing of an execution tells: the task runs that have outputs, in order, and the
/// last Pause task run when the listing carries the outputs inline.
public struct OutputsListing: Sendable, Equatable {
    public var taskRunIds: [String] = []
    public var pause: PauseTaskRun?
    public init(taskRunIds: [String] = [], pause: PauseTaskRun? = nil) {
        self.taskRunIds = taskRunIds
        self.pause = pause
    }
}
