import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// `apptrail demo` through the binary: it replaces only what an earlier demo wrote, its summary reads right, and
/// the command it suggests works as printed.
@Suite struct DemoSafetyTests {
    let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"]

    /// Every file under `dir` with its bytes.
    private func snapshot(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            }
        }
        return out
    }

    @Test func aWarehouseTheDemoDidNotMakeIsLeftAsItIs() throws {
        let sim = try SimulatorProcess(["--seed", "5", "--executions", "80", "--edition", "oss"])
        let dir = temporaryFolder("apptrail-e2e")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let sync = try run(
            Binaries.apptrail, ["sync", "--quiet", "--server", sim.url, "--db", "out/apptrail.db"], directory: dir)
        #expect(sync.status == 0, "\(sync.stderr)")
        let count = try Warehouse(path: dir + "/out/apptrail.db", readOnly: true).executionCount()
        #expect(count > 0)
        let before = try snapshot(dir + "/out")

        let demo = try run(Binaries.apptrail, ["demo", "--out", "out"], environment: env, directory: dir)
        #expect(demo.status == 73)
        #expect(
            demo.stderr
                == "error: out/apptrail.db is a warehouse that apptrail demo did not make; nothing was changed: give --out a new folder or a demo's\n"
        )
        #expect(demo.stdout.isEmpty)
        // Not a byte changed, no file added or removed: the warehouse, its -wal and -shm, its lock.
        #expect(try snapshot(dir + "/out") == before)
        #expect(try Warehouse(path: dir + "/out/apptrail.db", readOnly: true).executionCount() == count)
    }

    @Test func aFileTheUserMadeWhereTheDemoWritesIsLeftAsItIs() throws {
        let dir = temporaryFolder("apptrail-e2e")
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        try "my own workbook".write(toFile: dir + "/out/weekly-2026-W47.xlsx", atomically: true, encoding: .utf8)
        let demo = try run(Binaries.apptrail, ["demo", "--out", "out", "--quiet"], environment: env, directory: dir)
        #expect(demo.status == 73)
        #expect(
            demo.stderr
                == "error: out/weekly-2026-W47.xlsx would be replaced, and apptrail demo did not write it; nothing was changed: give --out a new folder or a demo's\n"
        )
        #expect(try snapshot(dir + "/out") == ["weekly-2026-W47.xlsx": Data("my own workbook".utf8)])

        // In a demo's own folder, a file the user added to its export folder stops the next demo too.
        try FileManager.default.removeItem(atPath: dir + "/out/weekly-2026-W47.xlsx")
        #expect(
            try run(Binaries.apptrail, ["demo", "--out", "out", "--quiet"], environment: env, directory: dir).status
                == 0)
        try "notes".write(toFile: dir + "/out/exports/notes.txt", atomically: true, encoding: .utf8)
        let before = try snapshot(dir + "/out")
        let again = try run(Binaries.apptrail, ["demo", "--out", "out", "--quiet"], environment: env, directory: dir)
        #expect(again.status == 73)
        #expect(
            again.stderr
                == "error: out/exports/notes.txt would be replaced, and apptrail demo did not write it; nothing was changed: give --out a new folder or a demo's\n"
        )
        #expect(try snapshot(dir + "/out") == before)
    }

    @Test func theDemoRunsAgainInItsOwnFolderAndItsSuggestionWorksAsPrinted() throws {
        let dir = temporaryFolder("apptrail-e2e")
        let first = try run(Binaries.apptrail, ["demo", "--out", "out"], environment: env, directory: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try run(Binaries.apptrail, ["demo", "--out", "out"], environment: env, directory: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\nweekly report:   out/weekly-2026-W47.xlsx  (2026-W47, 13 sheets)\n"))
        // A demo of another week, in the same folder, keeps the first week's files as the demo's.
        let later = try run(
            Binaries.apptrail, ["demo", "--out", "out", "--quiet"],
            environment: ["APPTRAIL_NOW": "2026-12-02T12:00:00Z"], directory: dir)
        #expect(later.status == 0, "\(later.stderr)")
        let third = try run(Binaries.apptrail, ["demo", "--out", "out", "--quiet"], environment: env, directory: dir)
        #expect(third.status == 0, "\(third.stderr)")

        // The last line, run as printed from the folder the demo ran in.
        let tryLine = try #require(second.stdout.split(separator: "\n").last)
        #expect(tryLine == "try:             apptrail query summary --week 2026-W47 --db out/apptrail.db")
        let printed = tryLine.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).map(String.init)
        let query = try run(Binaries.apptrail, printed, directory: dir)
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("\nTOTAL "), "\(query.stdout)")

        // With an absolute --out, from another folder, the printed command works there too.
        let absolute = temporaryFolder("apptrail-e2e") + "/demo files"
        let elsewhere = temporaryFolder("apptrail-e2e")
        let demo = try run(
            Binaries.apptrail, ["demo", "--out", absolute, "--quiet"], environment: env, directory: elsewhere)
        #expect(demo.status == 0, "\(demo.stderr)")
        let last = try #require(demo.stdout.split(separator: "\n").last)
        #expect(last == "try:             apptrail query summary --week 2026-W47 --db '\(absolute)/apptrail.db'")
        // A shell runs it, the quoted path being one word.
        let shell = try run(
            "/bin/sh", ["-c", "PATH=\"$0:$PATH\"; " + last.dropFirst("try:".count), Binaries.directory.path],
            directory: elsewhere)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.contains("\nTOTAL "))
    }

    @Test func countsOfOneAreSingular() throws {
        // The weekly report of ./reports overrides the built-in one, for the demo too: one sheet.
        let dir = temporaryFolder("apptrail-e2e")
        try FileManager.default.createDirectory(atPath: dir + "/reports", withIntermediateDirectories: true)
        try "name: weekly\nperiod: week\nsheets:\n  - sheet: Summary\n    query: summary\n    csv: summary.csv\n"
            .write(toFile: dir + "/reports/weekly.yaml", atomically: true, encoding: .utf8)
        let demo = try run(Binaries.apptrail, ["demo", "--out", "out", "--quiet"], environment: env, directory: dir)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(
            demo.stdout.contains("\nweekly report:   out/weekly-2026-W47.xlsx  (2026-W47, 1 sheet)\n"), "\(demo.stdout)"
        )
        #expect(
            !demo.stdout.contains(" 1 sheets") && !demo.stdout.contains(" 1 CSV files")
                && !demo.stdout.contains(" 1 pages"))
    }

    @Test func demoHelpListsOnlyTheOptionsItUses() throws {
        let help = try run(Binaries.apptrail, ["demo", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("--db") && !help.stdout.contains("--config"), "\(help.stdout)")
        for flag in ["--out", "--quiet", "--log-format"] { #expect(help.stdout.contains(flag)) }
        let db = try run(Binaries.apptrail, ["demo", "--db", "x.db"], directory: temporaryFolder("apptrail-e2e"))
        #expect(db.status == 64 && db.stderr.hasPrefix("error: unknown option '--db'"), "\(db.stderr)")
    }
}
