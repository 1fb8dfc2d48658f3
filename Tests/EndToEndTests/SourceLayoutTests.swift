import Foundation
import Testing

/// The rules of docs/development.md that a reviewer would otherwise have to remember: file length, where the C
/// libraries come in, and where SQL is written.
@Suite struct SourceLayoutTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every Swift file of the repository, relative to its root, with its lines.
    static func swiftFiles() throws -> [(path: String, lines: [Substring])] {
        var files: [(String, [Substring])] = []
        for top in ["Sources", "Tests", "bench", "Plugins"] {
            let folder = repository + "/" + top
            for case let path as String in FileManager.default.enumerator(atPath: folder) ?? NSEnumerator()
            where path.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
                files.append((top + "/" + path, text.split(separator: "\n", omittingEmptySubsequences: false)))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func noSwiftFileIsOver450Lines() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100)
        let long = files.filter { $0.lines.count > 451 }.map { "\($0.path) (\($0.lines.count - 1) lines)" }
        #expect(long.isEmpty, "split these by topic: \(long)")
    }

    @Test func eachCLibraryIsImportedByExactlyOneFile() throws {
        let files = try Self.swiftFiles()
        let expected = [
            "CCurl": "Sources/KestraClient/HTTPTransport.swift",
            "CXLSXWriter": "Sources/Exports/XLSXWorkbook.swift",
            "CCrypto": "Sources/Exports/SHA256.swift",
            "GRDBSQLite": "Sources/Warehouse/SQLiteCAPI.swift",
        ]
        for (module, file) in expected.sorted(by: { $0.key < $1.key }) {
            let importing = files.filter {
                $0.lines.contains { $0.trimmingCharacters(in: .whitespaces) == "import \(module)" }
            }
            #expect(importing.map(\.path) == [file], "\(module) is imported by \(importing.map(\.path))")
        }
    }

    /// SQL is a query file or a Warehouse method; the query runner (which wraps query files) and the fuzzing
    /// harness (a developer's tool) are the only other places that name a statement.
    @Test func sqlIsWrittenOnlyInTheWarehouseTarget() throws {
        let allowed: Set = ["Sources/Analysis/QueryRunner.swift", "Sources/apptrail-fuzz/FuzzTarget.swift"]
        let writing = try Self.swiftFiles().filter { file in
            file.path.hasPrefix("Sources/") && !file.path.hasPrefix("Sources/Warehouse/")
                && !allowed.contains(file.path)
                && file.lines.contains { line in
                    let code = line.trimmingCharacters(in: .whitespaces)
                    return !code.hasPrefix("//") && code.contains("sql: \"")
                }
        }
        #expect(writing.map(\.path).isEmpty, "SQL outside queries/ and Warehouse: \(writing.map(\.path))")
    }
}
