import AppTrailModel
import Foundation

/// One analysis of `queries/`: SQL with a header that names it, says what it computes, and declares
/// every bound parameter.
///
/// ```sql
/// -- name: pending_approvals
/// -- description: Executions waiting for a decision longer than :hours, oldest first.
/// -- param: as_of  the instant ages are measured at (ISO-8601)
/// -- param: hours  the minimum age in hours
/// SELECT ...
/// ```
public struct QueryFile: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var description: String
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
                    let rest = comment.dropFirst(6).trimmingCharacters(in: .whitespaces)
                    let parts = rest.split(separator: " ", maxSplits: 1)
                    guard let first = parts.first else {
                        throw Problem(path: path, line: index + 1, message: "'-- param:' names no parameter")
                    }
                    let pname = first.hasPrefix(":") ? String(first.dropFirst()) : String(first)
                    parameters.append(Parameter(name: pname, description: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
                }
                continue
            }
            if inHeader, trimmed.isEmpty { continue }
            inHeader = false
            body.append(line)
        }
        guard let name, !name.isEmpty else { throw Problem(path: path, line: 1, message: "the file does not start with a '-- name:' line") }
        guard let description, !description.isEmpty else { throw Problem(path: path, line: nil, message: "no '-- description:' line in the header") }
        let sql = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !sql.isEmpty else { throw Problem(path: path, line: nil, message: "no SQL after the header") }
        let used = QueryFile.namedParameters(in: sql)
        let declared = Set(parameters.map(\.name))
        if let missing = used.first(where: { !declared.contains($0) }) {
            throw Problem(path: path, line: nil, message: "':\(missing)' is used but has no '-- param: \(missing)' line")
        }
        self.name = name
        self.description = description
        self.parameters = parameters
        self.sql = sql
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
