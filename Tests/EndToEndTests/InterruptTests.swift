import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// Ctrl-C (SIGINT) and SIGTERM during a sync: the pages committed stay, one line says how many executions
/// were stored, the exit code is 130 or 143, the run is recorded as interrupted, and the next sync completes
/// with the warehouse equal to the server's executions.
@Suite(.serialized) struct InterruptTests {
    static let now = "2026-11-25T12:00:00Z"

    @Test func sigintStopsAtAPageAndTheNextSyncGoesOn() throws {
        try interrupt(with: SIGINT, code: 130, arguments: [])
    }

    @Test func sigtermUnderQuietWithJSONLogsSaysSoInOneJSONLine() throws {
        try interrupt(with: SIGTERM, code: 143, arguments: ["--quiet", "--log-format", "json"])
    }

    @Test func onATerminalTheBarIsClearedBeforeTheLine() throws {
        let sim = try SimulatorProcess([
            "--seed", "4", "--executions", "3000", "--apps", "5", "--edition", "oss", "--now", Self.now,
        ])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/apptrail.db"
        try sim.admin("POST", "/_sim/fault?kind=slow&seconds=0.3&path=/api/v1/*/executions/search*&count=100000")
        // apptrail on a pseudo-terminal of 80 columns; Ctrl-C's signal once the bar counts executions committed.
        let driver = """
            import os, pty, re, signal, struct, sys, fcntl, termios
            pid, fd = pty.fork()
            if pid == 0:
                fcntl.ioctl(sys.stdin.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.execv(sys.argv[1], sys.argv[1:])
            out, sent = b"", False
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if not sent and re.search(rb"scope 1 of 1 .*?(?<![0-9,])[1-9][0-9,]*/[0-9,]+", out):
                    os.kill(pid, signal.SIGINT)
                    sent = True
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
            """
        let r = try run(
            "/usr/bin/python3", ["-c", driver, Binaries.apptrail, "sync", "--page-size", "20", "--db", db],
            environment: ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now, "TERM": "xterm"])
        #expect(r.status == 130, "\(r.stdout.suffix(300)) \(r.stderr)")
        let screen = Terminal.screen(r.stdout)
        #expect(!screen.contains { $0.hasPrefix("sync  ") }, "\(screen)")
        let last = try #require(screen.last)
        let match = try #require(
            last.firstMatch(of: /^interrupted: ([0-9]+) executions? stored; run apptrail sync again to go on$/),
            "\(screen)")
        #expect(try storedCount(db) == Int(match.1)!)
    }

    private func interrupt(with signal: Int32, code: Int32, arguments: [String]) throws {
        let sim = try SimulatorProcess([
            "--seed", "4", "--executions", "3000", "--apps", "5", "--edition", "oss", "--now", Self.now,
        ])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/apptrail.db"
        let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now, "APPTRAIL_PROGRESS_INTERVAL": "0"]
        // Every search answers late, so the sync is still reading when the signal comes.
        try sim.admin("POST", "/_sim/fault?kind=slow&seconds=0.3&path=/api/v1/*/executions/search*&count=100000")

        let sync = try WatchedProcess(
            Binaries.apptrail, ["sync", "--page-size", "20", "--db", db] + arguments, environment: env)
        // Wait on progress, not on the clock: some executions are committed.
        if arguments.contains("--quiet") {
            try waitUntil(sync) { (try? storedCount(db)) ?? 0 > 0 }
        } else {
            try sync.waitForStderr {
                $0.range(of: #"sync: scope 1 of 1, [1-9][0-9,]* of"#, options: .regularExpression) != nil
            }
        }
        kill(sync.process.processIdentifier, signal)
        let (exit, stderr) = sync.finish()
        #expect(exit == code, "\(stderr)")

        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let stored: Int
        if arguments.contains("json") {
            let lines = stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
            #expect(object["level"] as? String == "warning" && object["signal"] as? String == name)
            #expect(object["exit_code"] as? Int == Int(code) && object["interrupted"] as? Bool == true)
            stored = try #require(object["stored"] as? Int)
            #expect(
                object["msg"] as? String
                    == "interrupted: \(stored) \(stored == 1 ? "execution" : "executions") stored; run apptrail sync again to go on"
            )
        } else {
            let last = try #require(stderr.split(separator: "\n").last.map(String.init))
            let match = try #require(
                last.firstMatch(of: /^interrupted: ([0-9]+) executions? stored; run apptrail sync again to go on$/),
                "\(stderr)")
            stored = Int(match.1)!
        }
        #expect(stored > 0)
        #expect(try storedCount(db) == stored)

        // The run log and `status` say the run was interrupted, by which signal.
        let w = try Warehouse(path: db, readOnly: true)
        let record = try w.read { db in
            try Row.fetchOne(db, sql: "SELECT outcome, error, exit_code FROM sync_runs ORDER BY id DESC LIMIT 1")
        }
        #expect(record?["outcome"] as String? == "interrupted")
        #expect(record?["exit_code"] as Int? == Int(code))
        #expect((record?["error"] as String?)?.contains(name) == true)
        let report = try run(Binaries.apptrail, ["status", "--db", db], environment: env)
        #expect(
            report.stdout.contains(
                "warning: the last sync (#1) was interrupted: stopped by \(name) after \(stored) executions stored"),
            "\(report.stdout)")
        #expect(!report.stdout.contains("still running"))

        // The lock was released, and the next sync goes on from the last page to the server's executions.
        try sim.admin("DELETE", "/_sim/faults")
        let again = try run(Binaries.apptrail, ["sync", "--quiet", "--db", db], environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        let expected = TruthComparison.expected(
            try TruthComparison.records(sim.admin("GET", "/_sim/truth")), tenant: "main")
        let final = try TruthComparison.stored(db)
        #expect(final.count == expected.count && final.allSatisfy { expected[$0.key] == $0.value })
        let rows = try Warehouse(path: db, readOnly: true).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM executions")!,
                try Int.fetchOne(db, sql: "SELECT count(DISTINCT id) FROM executions")!
            )
        }
        #expect(rows.0 == expected.count && rows.1 == rows.0)
    }

    private func storedCount(_ db: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: db) else { return 0 }
        return try Warehouse(path: db, readOnly: true).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM executions") ?? 0
        }
    }

    /// Polls `condition` while `watched` runs; a process that ends first (a failed sync) ends the wait with
    /// its stderr. The deadline only keeps a broken build from hanging the suite.
    private func waitUntil(_ watched: WatchedProcess, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(300)
        while !condition() {
            guard watched.process.isRunning else { throw WatchedProcess.Ended(stderr: watched.finish().1) }
            guard Date() < deadline else { throw Timeout() }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    struct Timeout: Error {}
}

/// A process whose stderr is read as it comes, so that a test can act when a line appears.
final class WatchedProcess: @unchecked Sendable {
    let process = Process()
    private let condition = NSCondition()
    private var text = ""
    private var ended = false

    init(_ binary: String, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { _, b in b
        }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = err.fileHandleForReading
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { text += String(decoding: chunk, as: UTF8.self) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { break }
            }
        }.start()
    }

    /// Waits until stderr so far satisfies `seen`; throws if the process ended first.
    func waitForStderr(_ seen: (String) -> Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        while !seen(text) {
            if ended { throw Ended(stderr: text) }
            condition.wait()
        }
    }

    /// Waits for the end; the exit code (128 + the signal when one killed it) and all of stderr.
    func finish() -> (Int32, String) {
        process.waitUntilExit()
        condition.lock()
        while !ended { condition.wait() }
        defer { condition.unlock() }
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, text)
    }

    struct Ended: Error { var stderr: String }
}
