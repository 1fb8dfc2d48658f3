import AppTrailModel
import Yams

/// The one way apptrail reads YAML (app files, report files, the config file): the alias budget first, then the
/// parse, and any failure as a line number and a one-line problem.
public enum YAMLReader {
    /// Text that is not YAML apptrail will read, with the line (1-based) where that shows, when known.
    public struct Failure: Error, Sendable {
        public var line: Int?
        public var message: String

        /// The line and one-line message of whatever the alias budget or the parser threw.
        init(_ error: any Error) {
            switch error {
            case let error as YamlError: self.init(line: error.line, message: "not valid YAML: \(error.problem)")
            case let error as AliasBudget.Exceeded: self.init(line: error.line, message: error.message)
            default: self.init(line: nil, message: "not valid YAML: \(OneLine.excerpt("\(error)", limit: 200))")
            }
        }

        init(line: Int?, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The one document of `text`, or nil when it holds none (empty, or only comments).
    public static func document(_ text: String) throws(Failure) -> Node? {
        do {
            try AliasBudget.check(text)
            return try Parser(yaml: text).singleRoot()
        } catch {
            throw Failure(error)
        }
    }

    /// Gives `body` each document of `text` in turn, as the parser reaches it: an error `body` throws for a
    /// document comes before a syntax error further down, as a person reading the file would meet them.
    /// Throws `Failure` for the text, or what `body` throws.
    public static func forEachDocument(_ text: String, _ body: (Node) throws -> Void) throws {
        let parser: Parser
        do {
            try AliasBudget.check(text)
            parser = try Parser(yaml: text)
        } catch {
            throw Failure(error)
        }
        while true {
            let next: Node?
            do { next = try parser.nextRoot() } catch { throw Failure(error) }
            guard let next else { return }
            try body(next)
        }
    }
}
