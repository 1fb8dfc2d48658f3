import AppTrailModel

/// Why a Kestra payload could not be decoded, with where it happened, in one line for a person.
///
/// The description never holds the whole body: at most the execution's id and a short excerpt of
/// the offending value, e.g.
/// `results[3] (id 5Yq8x): 'state.histories[2].date' is not an ISO-8601 instant: "yesterday" (byte 1832)`
/// or `byte 1832: unexpected end of input`.
public struct DecodeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad class of a failure, for callers that react differently (e.g. retry a truncated body).
    public enum Kind: Sendable, Equatable {
        /// Not JSON: bad syntax, NaN/Infinity, trailing data, control characters in strings.
        case syntax
        /// The input ended inside a value (a truncated body or file).
        case truncated
        /// Bytes that are not UTF-8, or a lone surrogate in a `\u` escape.
        case invalidUTF8
        /// Arrays/objects nested deeper than `JSONScanner.maxDepth`.
        case tooDeep
        /// Valid JSON, but a required field is missing or a value has the wrong type or form.
        case invalidValue
    }

    /// One step of the path to the offending value: an object key or an array index.
    public enum PathComponent: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var kind: Kind
    /// What is wrong, without the location (e.g. `unexpected end of input`, `is missing`).
    public var message: String
    /// Offset of the offending byte from the start of the whole input, when known.
    public var byteOffset: Int?
    /// Path from the execution (or from the document when outside an execution) to the value.
    public var path: [PathComponent]
    /// Where the execution sits: `results[3]` in a page, `[3]` in an array, `line 4` in NDJSON.
    public var container: String?
    /// The execution's `id`, when it was read before the failure.
    public var executionId: String?

    public init(
        _ kind: Kind, _ message: String, byteOffset: Int? = nil, path: [PathComponent] = [],
        container: String? = nil, executionId: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.path = path
        self.container = container
        self.executionId = executionId
    }

    /// The path as written in messages: `state.histories[2].date`.
    ///
    /// A path through hostile nesting (hundreds of levels) keeps its first and last steps around an
    /// ellipsis, so that the message stays a line a person can read.
    public var pathString: String {
        var out = ""
        let shown: [PathComponent?] =
            path.count > 16
            ? path.prefix(8).map(Optional.some) + [nil] + path.suffix(7).map(Optional.some)
            : path.map(Optional.some)
        for step in shown {
            guard let component = step else {
                out += "…(\(path.count - 15) more)…"
                continue
            }
            switch component {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += DecodeError.excerpt(k, limit: 40)
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }

    public var description: String {
        var out = ""
        if let container {
            out += container
            if let executionId { out += " (id \(DecodeError.excerpt(executionId, limit: 40)))" }
            out += ": "
        } else if let executionId {
            out += "id \(DecodeError.excerpt(executionId, limit: 40)): "
        }
        let path = pathString
        switch kind {
        case .invalidValue:
            if !path.isEmpty { out += "'\(path)' " }
            out += message
            if let byteOffset { out += " (byte \(byteOffset))" }
        default:
            if let byteOffset { out += "byte \(byteOffset)" }
            if !path.isEmpty { out += (byteOffset == nil ? "in '\(path)'" : " in '\(path)'") }
            if byteOffset != nil || !path.isEmpty { out += ": " }
            out += message
        }
        return out
    }

    /// This error as seen one level up the document: `component` goes in front of the path, and the execution's
    /// id is filled in when it is known by then.
    ///
    /// Every container the decoder enters rethrows through this, `catch { throw error.under(.key(name)) }`,
    /// so that a message names the full path of the bad value without the decoder tracking it on success.
    @inline(never)
    func under(_ component: PathComponent, executionId: String? = nil) -> DecodeError {
        var e = self
        e.path.insert(component, at: 0)
        if let executionId { e.executionId = executionId }
        return e
    }

    /// This error with the execution's id, once the decoder has read it.
    @inline(never)
    func of(execution id: String?) -> DecodeError {
        var e = self
        e.executionId = id
        return e
    }

    /// This error inside `container` (`results[3]`, `line 12`), the outermost place the message names.
    @inline(never)
    func within(_ container: String) -> DecodeError {
        var e = self
        e.container = container
        return e
    }

    /// `text` cut to `limit` characters with an ellipsis, so messages stay one short line.
    static func excerpt(_ text: String, limit: Int) -> String {
        OneLine.excerpt(text, limit: limit)
    }
}
