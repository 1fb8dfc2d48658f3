/// A "billion laughs" YAML text: nine anchors, each a list of nine aliases of the one before, so that the aliases of
/// line 6 (9^6 nodes) are the first to expand past `AliasBudget.maxNodes`; a few hundred bytes that a reader without a budget
/// would expand to 387 million nodes.
public let aliasBomb =
    (0..<9).map { i in
        let items = i == 0 ? Array(repeating: "\"lol\"", count: 9) : Array(repeating: "*a\(i - 1)", count: 9)
        return "a\(i): &a\(i) [\(items.joined(separator: ","))]"
    }.joined(separator: "\n") + "\n"
