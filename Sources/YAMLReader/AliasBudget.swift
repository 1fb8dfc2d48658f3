import Yams

/// Refuses YAML whose aliases expand to more nodes than a hand-written app or report file could need:
/// the "billion laughs" of nine aliases of nine aliases of ... takes a few hundred bytes.
///
/// Yams shares an aliased node rather than copying it, but hashes every mapping key whole to find
/// duplicates, so an alias bomb used as a key hangs the parse itself: the check has to run before.
/// It reads a copy of the text in which every `*` is U+E000, which turns each alias into a plain scalar
/// without moving a line or changing the structure (a `*` elsewhere, in a quoted or block scalar or a
/// comment, just becomes another character), and adds up what each alias would stand for.
public enum AliasBudget {
    /// The most nodes a file may expand to.
    public static let maxNodes = 100_000

    /// The file expands to more than `maxNodes` nodes; `line` is the alias that crossed the limit.
    public struct Exceeded: Error, Sendable {
        public var line: Int?
        public var message: String {
            "aliases expand the YAML to more than \(AliasBudget.maxNodes) nodes (an alias bomb?)"
        }
    }

    static let marker: Unicode.Scalar = "\u{E000}"

    /// Throws `Exceeded`, or the `YamlError` of a file that is not valid YAML.
    public static func check(_ yaml: String) throws {
        guard yaml.utf8.contains(UInt8(ascii: "*")) else { return }
        var neutral = String.UnicodeScalarView()
        for scalar in yaml.unicodeScalars { neutral.append(scalar == "*" ? marker : scalar) }
        let parser = try Parser(yaml: String(neutral))
        var walk = Walk()
        // The parser keeps the anchors alive while their nodes are walked (nodes hold them weakly).
        while let root = try parser.nextRoot() {
            _ = walk.size(root)
            if walk.total > maxNodes { throw Exceeded(line: walk.crossedAt) }
        }
    }

    /// Node counts in document order, aliases counted as the nodes they stand for.
    struct Walk {
        var anchors: [String: Int] = [:]
        var total = 0
        var crossedAt: Int?

        /// The expanded size of `node`, capped so that sums cannot overflow.
        mutating func size(_ node: Node) -> Int {
            var size = 1
            switch node {
            case .scalar(let scalar):
                if scalar.string.unicodeScalars.first == AliasBudget.marker {
                    let name = String(scalar.string.unicodeScalars.dropFirst())
                    if let aliased = anchors[name] {
                        size = aliased
                        total = min(total + aliased - 1, Int.max / 4)
                    }
                }
            case .mapping(let mapping):
                for (key, value) in mapping { size = min(size + self.size(key) + self.size(value), Int.max / 4) }
            case .sequence(let sequence):
                for element in sequence { size = min(size + self.size(element), Int.max / 4) }
            case .alias:
                break
            }
            total = min(total + 1, Int.max / 4)
            if total > AliasBudget.maxNodes, crossedAt == nil { crossedAt = node.line }
            if let anchor = node.anchor?.rawValue { anchors[anchor] = size }
            return size
        }
    }
}
