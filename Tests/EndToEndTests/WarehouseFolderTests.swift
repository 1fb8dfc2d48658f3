import AppTrailTestSupport
import Foundation
import Testing

/// `--db` naming a folder: every command that opens a warehouse says so in one line and exits 66.
@Suite struct WarehouseFolderTests {
    @Test func aFolderGivenAsTheWarehouseIsOneLineAndExit66() throws {
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = dir + "/data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let env = ["KESTRA_URL": "http://127.0.0.1:9"]
        for command in [
            ["status"], ["query", "apps"], ["report", "--out", dir + "/r"], ["export", "--out", dir + "/e"],
            ["sync"], ["sync", "--dry-run"],
        ] {
            let r = try run(Binaries.apptrail, command + ["--db", folder], environment: env, directory: dir)
            #expect(r.status == 66, "\(command): \(r.stderr)")
            #expect(
                r.stderr
                    == "error: the warehouse \(folder) is a folder, not a file: pass --db with a file's path (for example \(folder)/apptrail.db)\n",
                "\(command): \(r.stderr)")
        }
        // Nothing was made beside it: no lock, no report or export folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["data"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
