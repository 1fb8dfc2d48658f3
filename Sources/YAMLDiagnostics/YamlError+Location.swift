import Yams

// Where a YAML file is wrong, for the one-line errors of app and report files.

extension YamlError {
    /// The line (1-based) the parser stopped at, when it knows.
    public var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// What the parser found wrong, without its multi-line context.
    public var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: String(describing: self).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(self)"
        }
    }
}

extension Node {
    /// The line (1-based) the node starts at.
    public var line: Int? { mark.map { $0.line } }
}
