import AppTrailModel

/// A small JSON value for inputs and outputs, written both as Kestra sends it and in canonical form.
///
/// Numbers keep two spellings: the wire one (Jackson prints a Java double `1500.0`) and the canonical one
/// of docs/exports.md (`1500`), so the ground truth never depends on a float formatter.
indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case number(wire: String, canonical: String)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Members in the order the server writes them.
    case object([Member])

    struct Member: Sendable, Hashable {
        var key: String
        var value: JSONValue
        init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// A double as Jackson prints it: an integral value keeps `.0` on the wire and loses it in canonical form.
    static func double(_ text: String) -> JSONValue {
        if text.hasSuffix(".0") { return .number(wire: text, canonical: String(text.dropLast(2))) }
        return .number(wire: text, canonical: text)
    }

    var isEmptyObject: Bool {
        if case .object(let m) = self { return m.isEmpty }
        return false
    }

    /// Appends the value as the server sends it: members in insertion order, compact.
    func appendWire(to out: inout [UInt8]) { append(to: &out, canonical: false) }

    /// Appends the canonical form: keys sorted by code point, compact, raw UTF-8, integers without `.0`.
    func appendCanonical(to out: inout [UInt8]) { append(to: &out, canonical: true) }

    var canonical: String {
        var out = [UInt8]()
        appendCanonical(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    var wire: String {
        var out = [UInt8]()
        appendWire(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func append(to out: inout [UInt8], canonical: Bool) {
        switch self {
        case .string(let s): CanonicalJSON.appendString(s, to: &out)
        case .int(let v): out.append(contentsOf: String(v).utf8)
        case .number(let wire, let canon): out.append(contentsOf: (canonical ? canon : wire).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.append(to: &out, canonical: canonical)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let ordered =
                canonical
                ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                : members
            for (i, m) in ordered.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CanonicalJSON.appendString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                m.value.append(to: &out, canonical: canonical)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
