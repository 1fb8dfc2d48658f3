import AppTrailTestSupport
import Foundation
import Testing

/// The warehouse says who submitted and approved what: its file, SQLite's side files and the lock are the
/// owner's only, whatever the umask.
@Suite struct WarehouseModeTests {
    /// The permission bits of a file, or nil when it does not exist.
    static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }

    /// Starts apptrail under `sh` with umask 022, after the shell creates `control` under the same umask.
    static func start(_ arguments: [String], environment: [String: String], directory: String, stdin: Pipe? = nil)
        throws -> Process
    {
        try launch(
            "/bin/sh", ["-c", "umask 022; : > control; exec \"$0\" \"$@\"", Binaries.apptrail] + arguments,
            environment: environment, directory: directory, stdin: stdin)
    }

    /// Waits until a file exists, or until `process` ends without making it.
    ///
    /// However slow a loaded machine is, the process gets there: the deadline only keeps a broken build (an
    /// import that never opens the warehouse) from holding the suite.
    static func waitFor(_ path: String, while process: Process) -> Bool {
        let end = Date().addingTimeInterval(300)
        while Date() < end {
            if FileManager.default.fileExists(atPath: path) { return true }
            guard process.isRunning else { return FileManager.default.fileExists(atPath: path) }
            usleep(20_000)
        }
        return false
    }

    @Test func syncCreatesOwnerOnlyFilesUnderUmask022() throws {
        let sim = try SimulatorProcess(["--seed", "9", "--executions", "300", "--edition", "ee"])
        let dir = temporaryFolder("apptrail-e2e")
        // A slow third page holds the sync mid-run, with the WAL and shared memory files open.
        try sim.admin("POST", "/_sim/fault?kind=slow&seconds=3&path=/api/v1/*/executions/search&skip=2&count=1")
        let sync = try Self.start(
            ["sync", "--page-size", "10"], environment: ["KESTRA_URL": sim.url, "KESTRA_TENANT": "acme"], directory: dir
        )
        #expect(Self.waitFor(dir + "/apptrail.db-shm", while: sync))
        #expect(Self.mode(dir + "/control") == 0o644, "the umask did not apply")
        for suffix in ["", "-wal", "-shm", ".lock"] {
            #expect(Self.mode(dir + "/apptrail.db" + suffix) == 0o600, "apptrail.db\(suffix) while the sync runs")
        }
        sync.waitUntilExit()
        #expect(sync.terminationStatus == 0)
        #expect(Self.mode(dir + "/apptrail.db") == 0o600)
        #expect(Self.mode(dir + "/apptrail.db.lock") == 0o600)
    }

    @Test func importCreatesOwnerOnlyFilesUnderUmask022() throws {
        let page = try run(Binaries.kestraSim, ["dump", "--seed", "9", "--executions", "200", "--format", "page"])
            .stdout
        let dir = temporaryFolder("apptrail-e2e")
        // The import opens the warehouse, then waits for stdin: the side files exist until it is closed.
        let input = Pipe()
        let importing = try Self.start(["import", "-"], environment: [:], directory: dir, stdin: input)
        #expect(Self.waitFor(dir + "/apptrail.db-shm", while: importing))
        #expect(Self.mode(dir + "/control") == 0o644, "the umask did not apply")
        for suffix in ["", "-wal", "-shm"] {
            #expect(Self.mode(dir + "/apptrail.db" + suffix) == 0o600, "apptrail.db\(suffix) while the import runs")
        }
        input.fileHandleForWriting.write(Data(page.utf8))
        try input.fileHandleForWriting.close()
        importing.waitUntilExit()
        #expect(importing.terminationStatus == 0)
        #expect(Self.mode(dir + "/apptrail.db") == 0o600)
    }
}
