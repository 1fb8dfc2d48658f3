import AppTrailModel
import Yams

// Where a YAML file is wrong, for the one-line errors of app and report files.

extension YamlError {
    /// The line (1-based) the parser stopped at, when it knows.
    public var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        case .reader(_, let offset?, _, let yaml):
            // `offset` counts characters (a NUL or a control character the reader refused).
            1 + yaml.prefix(offset).reduce(0) { $1.isNewline ? $0 + 1 : $0 }
        default: nil
        }
    }

    /// What the parser found wrong, in one line without its multi-line context.
    public var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            // libyaml's depth limit names the C function that sets it: say what it means instead.
            problem.hasPrefix("Maximum nesting level reached")
                ? "nesting deeper than 1000 levels" : OneLine.excerpt(problem, limit: 200)
        case .reader(let problem, _, _, _):
            OneLine.excerpt(problem, limit: 200)
        case .duplicatedKeysInMapping(let duplicates, _):
            "duplicate key \(duplicates.map { "'\(OneLine.excerpt($0))'" }.joined(separator: ", "))"
        default:
            OneLine.excerpt(
                String(describing: self).split(whereSeparator: \.isNewline).first.map(String.init) ?? "", limit: 200)
        }
    }
}

extension Node {
    /// The line (1-based) the node starts at.
    public var line: Int? { mark.map { $0.line } }
}
