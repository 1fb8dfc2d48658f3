import AppTrailModel
import Foundation

/// One analysis of `queries/`: SQL with a header that names it, says what it computes, and declares
/// every bound parameter with its type.
///
/// ```sql
/// -- name: pending_approvals
/// -- description: Executions waiting for a decision longer than :hours, oldest first.
/// -- param: as_of instant the instant ages are measured at
/// -- param: hours number  the minimum age in hours
/// SELECT ...
/// ```
public struct QueryFile: Sendable, Equatable {
    /// What a parameter's value is, as its `-- param:` line declares it.
    ///
    /// Values bind by this type and never by their looks: an app named `1e5`, `007` or `2026-11-01` is text,
    /// and guessing a number or an instant from it would match nothing.
    public enum ParameterType: String, Sendable, CaseIterable {
        case text, integer, number, instant

        /// The types as a header lists them, for messages.
        public static let listed = allCases.map(\.rawValue).joined(separator: ", ")

        /// What a value of this type looks like, for messages.
        public var expected: String {
            switch self {
            case .text: "text"
            case .integer: "an integer (such as 10)"
            case .number: "a number (such as 48 or 1.5)"
            case .instant: "an instant (YYYY-MM-DD or ISO-8601, such as 2026-11-25T12:00:00Z)"
            }
        }
    }

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var type: ParameterType
        public var description: String
        /// The line of its `-- param:` declaration, for messages.
        public var line: Int
    }

    public var name: String
    public var description: String
    public var parameters: [Parameter]
    public var sql: String
    /// Where it was read from, for messages.
    public var path: String

    /// A file that cannot serve as a query, naming the file and line.
    public struct Problem: AppTrailError {
        public var path: String
        public var line: Int?
        public var message: String
        public var exitCode: ExitCode { .config }
        public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
    }

    /// Parses a query file's text.
    public init(text: String, path: String) throws(Problem) {
        self.path = path
        var name: String?
        var description: String?
        var parameters: [Parameter] = []
        var body: [Substring] = []
        var inHeader = true
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inHeader, trimmed.hasPrefix("--") {
                let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if comment.hasPrefix("name:") {
                    name = comment.dropFirst(5).trimmingCharacters(in: .whitespaces)
                } else if comment.hasPrefix("description:") {
                    description = comment.dropFirst(12).trimmingCharacters(in: .whitespaces)
                } else if comment.hasPrefix("param:") {
                    parameters.append(
                        try QueryFile.parameter(comment.dropFirst(6), path: path, line: index + 1, declared: parameters)
                    )
                }
                continue
            }
            if inHeader, trimmed.isEmpty { continue }
            inHeader = false
            body.append(line)
        }
        guard let name, !name.isEmpty else {
            throw Problem(path: path, line: 1, message: "the file does not start with a '-- name:' line")
        }
        guard let description, !description.isEmpty else {
            throw Problem(path: path, line: nil, message: "no '-- description:' line in the header")
        }
        let sql = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !sql.isEmpty else { throw Problem(path: path, line: nil, message: "no SQL after the header") }
        let used = QueryFile.namedParameters(in: sql)
        let declared = Set(parameters.map(\.name))
        if let missing = used.first(where: { !declared.contains($0) }) {
            throw Problem(
                path: path, line: nil, message: "':\(missing)' is used but has no '-- param: \(missing)' line")
        }
        self.name = name
        self.description = description
        self.parameters = parameters
        self.sql = sql
    }

    /// The parameter a `-- param: NAME TYPE description` line declares (`rest` follows `param:`).
    static func parameter(_ rest: Substring, path: String, line: Int, declared: [Parameter]) throws(Problem)
        -> Parameter
    {
        let parts = rest.split(maxSplits: 2, omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
        guard let first = parts.first else {
            throw Problem(path: path, line: line, message: "'-- param:' names no parameter")
        }
        let name = first.hasPrefix(":") ? String(first.dropFirst()) : String(first)
        // Without a type the value would have to be guessed from its looks, which is what this line prevents.
        guard parts.count > 1, let type = ParameterType(rawValue: String(parts[1])) else {
            throw Problem(
                path: path, line: line,
                message:
                    "'-- param: \(name)' declares no type: write '-- param: \(name) TYPE description' with TYPE one of \(ParameterType.listed)"
            )
        }
        if let earlier = declared.first(where: { $0.name == name }) {
            throw Problem(
                path: path, line: line, message: "'-- param: \(name)' is declared twice (first on line \(earlier.line))"
            )
        }
        let description = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
        return Parameter(name: name, type: type, description: description, line: line)
    }

    /// Checks that the parameter `name`, when declared, is text: apptrail binds app ids to it, and an app id is
    /// text whatever it looks like.
    public func requireText(_ name: String) throws(Problem) {
        guard let p = parameters.first(where: { $0.name == name }), p.type != .text else { return }
        throw Problem(
            path: path, line: p.line,
            message:
                "'-- param: \(name)' must be declared text, not \(p.type.rawValue): apptrail binds app ids to it, and an app id is text (1e5, 007)"
        )
    }

    /// The `:name` parameters the SQL uses, outside string literals and comments, in order of first use.
    static func namedParameters(in sql: String) -> [String] {
        var names: [String] = []
        let chars = Array(sql.unicodeScalars)
        var i = 0
        func isName(_ c: Unicode.Scalar) -> Bool { CharacterSet.alphanumerics.contains(c) || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" {
                let quote = c
                i += 1
                while i < chars.count, chars[i] != quote { i += 1 }
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == ":", i + 1 < chars.count, isName(chars[i + 1]), i == 0 || !isName(chars[i - 1]) {
                var j = i + 1
                while j < chars.count, isName(chars[j]) { j += 1 }
                let name = String(String.UnicodeScalarView(chars[(i + 1)..<j]))
                if !names.contains(name) { names.append(name) }
                i = j
                continue
            }
            i += 1
        }
        return names
    }
}
