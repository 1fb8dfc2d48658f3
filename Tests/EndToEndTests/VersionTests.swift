import AppTrailTestSupport
import Foundation
import Testing

/// `apptrail --version`: the version, the commit of the build, and the C libraries it runs with.
@Suite struct VersionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func versionNamesTheCommitAndTheLibraries() throws {
        let r = try run(Binaries.apptrail, ["--version"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(r.stdout)")

        let head = try run("/usr/bin/git", ["-C", Self.repository, "rev-parse", "--short=12", "HEAD"])
        #expect(head.status == 0)
        let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let dirty =
            try run("/usr/bin/git", ["-C", Self.repository, "status", "--porcelain", "--untracked-files=no"]).stdout
            .isEmpty == false
        // The binary is as old as its last build: `swift build` before the tests records the tree as it is.
        #expect(lines.first == "apptrail 0.1.0 (commit \(commit)\(dirty ? "-modified" : ""))")

        let sqlite = try run("/usr/bin/pkg-config", ["--modversion", "sqlite3"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let curl = try run("/usr/bin/curl-config", ["--version"]).stdout.replacingOccurrences(of: "libcurl ", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // Debian's xlsxwriter.pc has no usable version: the header's LXW_VERSION names it.
        let header = try String(contentsOfFile: "/usr/include/xlsxwriter.h", encoding: .utf8)
        let xlsx =
            header.split(separator: "\n").first { $0.hasPrefix("#define LXW_VERSION ") }
            .map { $0.split(separator: "\"").dropFirst().first.map(String.init) ?? "" } ?? ""
        #expect(!sqlite.isEmpty && !curl.isEmpty && !xlsx.isEmpty)
        #expect(lines.last == "SQLite \(sqlite), libcurl \(curl), libxlsxwriter \(xlsx)")
    }
}
