import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// An auditor who may read the warehouse but not write its folder runs `query`, `report`, `export` and `status`
/// as `nobody` (through `runuser`), between syncs and while a sync writes.
@Suite(.serialized) struct ReadOnlyReaderTests {
    static let now = "2026-11-25T12:00:00Z"
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why this machine cannot run the tests, or nil.
    static var skipReason: String? {
        if geteuid() != 0 { return "not running as root, so it cannot run commands as nobody" }
        if runuser == nil { return "runuser is missing" }
        if getpwnam("nobody") == nil { return "there is no user nobody" }
        return nil
    }

    /// The commands as root and as nobody on one warehouse, in a folder of its own that nobody may not write.
    struct Setting {
        let base: String
        let db: String
        let apptrail: String
        let environment: [String: String]

        init(simulator: SimulatorProcess) throws {
            base = temporaryFolder("apptrail-e2e")
            chmod(base, 0o755)
            let folder = base + "/warehouse"
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            db = folder + "/apptrail.db"
            var queries = ReadOnlyReaderTests.repository + "/queries"
            var reports = ReadOnlyReaderTests.repository + "/reports"
            var binary = Binaries.apptrail
            // The build folder may sit where nobody cannot reach it (a home folder): then a copy of the binary and
            // its queries and reports goes where nobody can.
            let reachable = try run(
                ReadOnlyReaderTests.runuser!,
                [
                    "-u", "nobody", "--", "/usr/bin/test", "-x", binary, "-a", "-r", queries + "/summary.sql",
                    "-a", "-r", reports + "/weekly.yaml",
                ])
            if reachable.status != 0 {
                let tools = base + "/tools"
                try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: false)
                for (from, to) in [(binary, "apptrail"), (queries, "queries"), (reports, "reports")] {
                    try FileManager.default.copyItem(atPath: from, toPath: tools + "/" + to)
                }
                #expect(try run("/bin/chmod", ["-R", "a+rX", tools]).status == 0)
                (binary, queries, reports) = (tools + "/apptrail", tools + "/queries", tools + "/reports")
            }
            apptrail = binary
            environment = [
                "APPTRAIL_NOW": ReadOnlyReaderTests.now, "APPTRAIL_QUERIES": queries, "APPTRAIL_REPORTS": reports,
                "KESTRA_URL": simulator.url, "KESTRA_TENANT": "acme",
            ]
        }

        /// A folder for one user's outputs: root's, or nobody's own.
        func outputs(_ name: String, nobody: Bool) throws -> String {
            let path = base + "/" + name
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            if nobody, let user = getpwnam("nobody") { chown(path, user.pointee.pw_uid, user.pointee.pw_gid) }
            return path
        }

        func asRoot(_ arguments: [String], in directory: String? = nil) throws -> RunResult {
            try run(apptrail, arguments + ["--db", db], environment: environment, directory: directory ?? base)
        }

        func asNobody(_ arguments: [String], in directory: String) throws -> RunResult {
            let variables = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return try run(
                ReadOnlyReaderTests.runuser!,
                ["-u", "nobody", "--", "/usr/bin/env"] + variables + [apptrail] + arguments + ["--db", db],
                directory: directory)
        }

        /// Gives read access to everyone, as an operator who lets auditors read would (to a group).
        func letEveryoneRead(sideFiles: Bool = true) {
            for suffix in sideFiles ? ["", "-wal", "-shm"] : [""] { chmod(db + suffix, 0o644) }
        }
    }

    static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Files under `root`, by relative path, with their bytes.
    static func files(under root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                out[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            }
        }
        return out
    }

    /// The submissions of each app row and of the TOTAL row of `query summary --format csv`.
    static func submissions(_ csv: String) -> (apps: [String: Int], total: Int?) {
        let lines = csv.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first, let app = header.firstIndex(of: "app_id"),
            let count = header.firstIndex(of: "submissions")
        else { return ([:], nil) }
        var apps: [String: Int] = [:]
        var total: Int?
        for row in lines.dropFirst() where row.count == header.count {
            if row[app] == "TOTAL" { total = Int(row[count]) } else { apps[row[app]] = Int(row[count]) ?? -1 }
        }
        return (apps, total)
    }

    static let summary = [
        "query", "summary", "--param", "from=2025-01-01", "--param", "to=2027-01-01", "--param", "as_of=\(now)",
        "--format", "csv",
    ]

    @Test func nobodyReadsAWarehouseItCannotWrite() throws {
        if let reason = Self.skipReason {
            print("ReadOnlyReaderTests skipped: \(reason)")
            return
        }
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "3000", "--apps", "8", "--edition", "ee", "--now", Self.now,
        ])
        let s = try Setting(simulator: sim)
        defer { try? FileManager.default.removeItem(atPath: s.base) }
        let first = try s.asRoot(["sync", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        // The sync closed its connections, and the side files stayed: the write-ahead log cut to nothing.
        #expect(
            Self.size(s.db + "-wal") == 0 && Self.size(s.db + "-shm") == 32_768,
            "-wal \(Self.size(s.db + "-wal") ?? -1) bytes, -shm \(Self.size(s.db + "-shm") ?? -1) bytes")
        #expect(Self.mode(s.db + "-wal") == 0o600 && Self.mode(s.db + "-shm") == 0o600)

        // The operator opens the file to readers; the next sync brings the side files in line.
        s.letEveryoneRead(sideFiles: false)
        let second = try s.asRoot(["sync", "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            Self.mode(s.db + "-wal") == 0o644 && Self.mode(s.db + "-shm") == 0o644,
            "the side files did not follow the warehouse's mode")
        #expect(Self.mode(s.db) == 0o644 && Self.mode(s.base + "/warehouse") == 0o755)

        let mine = try s.outputs("nobody", nobody: true)
        let roots = try s.outputs("root", nobody: false)
        #expect(
            try run(Self.runuser!, ["-u", "nobody", "--", "/usr/bin/test", "-w", s.base + "/warehouse"]).status != 0,
            "nobody can write the warehouse's folder")

        let cases: [(name: String, arguments: [String], folder: String?)] = [
            ("query summary", Self.summary, nil),
            ("status", ["status", "--pending-older-than", "30d"], nil),
            (
                "export", ["export", "--from", "2026-10-01", "--to", "2026-11-26", "--out", "export", "--quiet"],
                "export"
            ),
            (
                "report", ["report", "weekly", "--week", "2026-W47", "--format", "csv", "--out", "report", "--quiet"],
                "report"
            ),
        ]
        for c in cases {
            let reader = try s.asNobody(c.arguments, in: mine)
            #expect(
                reader.status == 0 && reader.stderr.isEmpty,
                "\(c.name) as nobody: exit \(reader.status): \(reader.stderr)")
            let owner = try s.asRoot(c.arguments, in: roots)
            #expect(owner.status == 0, "\(c.name) as root: \(owner.stderr)")
            #expect(reader.stdout == owner.stdout, "\(c.name): nobody and root disagree")
            if let folder = c.folder {
                let theirs = try Self.files(under: mine + "/" + folder)
                let ours = try Self.files(under: roots + "/" + folder)
                #expect(
                    !theirs.isEmpty && theirs == ours,
                    "\(c.name): nobody wrote \(theirs.keys.sorted()), root \(ours.keys.sorted())")
            }
        }
        let (apps, total) = Self.submissions(try s.asNobody(Self.summary, in: mine).stdout)
        let stored = try Warehouse(path: s.db, readOnly: true).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM app_executions")!
        }
        #expect(
            apps.count == 8 && total == stored && apps.values.reduce(0, +) == stored,
            "\(apps) TOTAL \(total ?? -1), stored \(stored)")
        let status = try s.asNobody(["status"], in: mine).stdout
        #expect(
            status.contains("executions: \(try Warehouse(path: s.db, readOnly: true).executionCount()) in 8 app(s)"),
            "\(status)")
        // Readers changed nothing beside the warehouse.
        #expect(Self.size(s.db + "-wal") == 0 && Self.mode(s.db + "-shm") == 0o644)
        print(
            "read-only reader: -wal \(Self.size(s.db + "-wal") ?? -1) bytes, -shm \(Self.size(s.db + "-shm") ?? -1) bytes after a sync of \(stored) app executions; query, status, export, report as nobody exit 0"
        )
    }

    @Test func nobodyReadsConsistentFiguresWhileASyncWrites() throws {
        if let reason = Self.skipReason {
            print("ReadOnlyReaderTests skipped: \(reason)")
            return
        }
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "3000", "--apps", "8", "--edition", "ee", "--now", Self.now,
        ])
        let s = try Setting(simulator: sim)
        defer { try? FileManager.default.removeItem(atPath: s.base) }
        // One app first: the sync that reads the other seven is the one the readers meet.
        let first = try s.asRoot(["sync", "--quiet", "--app", "expenseApproval"])
        #expect(first.status == 0, "\(first.stderr)")
        s.letEveryoneRead()
        let mine = try s.outputs("nobody", nobody: true)
        let before = Self.submissions(try s.asNobody(Self.summary, in: mine).stdout).total ?? -1
        #expect(before > 0)

        // Small pages, and some slow ones, keep the sync committing for several seconds.
        try sim.admin("POST", "/_sim/fault?kind=slow&seconds=0.5&path=/api/v1/*/executions/search&skip=10&count=12")
        let writer = try launch(
            s.apptrail, ["sync", "--quiet", "--page-size", "10", "--db", s.db], environment: s.environment)
        defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }

        var seen = [before]
        var duringSync = 0
        var failures: [String] = []
        while writer.isRunning {
            // The next reading waits for a page committed after the last one, never for a set time.
            let end = Date().addingTimeInterval(30)
            while writer.isRunning && Date() < end {
                let stored = try? Warehouse(path: s.db, readOnly: true).read {
                    try Int.fetchOne($0, sql: "SELECT count(*) FROM app_executions")
                }
                if let stored, stored > seen.last! { break }
                usleep(10_000)
            }
            guard writer.isRunning else { break }
            let reader = try s.asNobody(Self.summary, in: mine)
            let (apps, total) = Self.submissions(reader.stdout)
            guard reader.status == 0, reader.stderr.isEmpty, let total else {
                failures.append("exit \(reader.status): \(reader.stderr)")
                continue
            }
            #expect(total == apps.values.reduce(0, +), "TOTAL \(total) is not the sum of the apps' rows \(apps)")
            #expect(total >= seen.last!, "the count went back from \(seen.last!) to \(total)")
            seen.append(total)
            if writer.isRunning { duringSync += 1 }
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(failures.isEmpty, "\(failures.count) readings failed: \(failures.prefix(3))")
        #expect(duringSync >= 3, "only \(duringSync) readings while the sync ran: make it longer")
        let after = Self.submissions(try s.asNobody(Self.summary, in: mine).stdout).total ?? -1
        let stored = try Warehouse(path: s.db, readOnly: true).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM app_executions")!
        }
        #expect(after == stored && after > before && seen.allSatisfy { $0 <= after })
        #expect(Set(seen.dropFirst()).count >= 2, "every reading saw the same figures: \(seen)")
        print(
            "read-only reader: \(duringSync) readings as nobody while a sync wrote, all exit 0; submissions from \(before) to \(after), never decreasing, TOTAL always the sum of the apps"
        )
    }

    @Test func nobodyIsToldWhatToDoWhenItWouldHaveToWrite() throws {
        if let reason = Self.skipReason {
            print("ReadOnlyReaderTests skipped: \(reason)")
            return
        }
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "500", "--apps", "3", "--edition", "ee", "--now", Self.now,
        ])
        let s = try Setting(simulator: sim)
        defer { try? FileManager.default.removeItem(atPath: s.base) }
        #expect(try s.asRoot(["sync", "--quiet"]).status == 0)
        s.letEveryoneRead()
        let mine = try s.outputs("nobody", nobody: true)

        // The owner's own sqlite3 session, read-write and the last to close, removes the side files.
        for suffix in ["-wal", "-shm"] { unlink(s.db + suffix) }
        let missing = try s.asNobody(Self.summary, in: mine)
        #expect(missing.status == 73)
        #expect(
            missing.stderr
                == "error: cannot open warehouse \(s.db): its -wal and -shm files are missing and this user cannot create them; the owner's next `apptrail sync` puts them back\n"
        )
        #expect(try s.asRoot(["sync", "--quiet"]).status == 0)
        #expect(try s.asNobody(Self.summary, in: mine).status == 0)

        // As an older apptrail left it: a migration of this version not yet applied.
        do {
            let w = try Warehouse(path: s.db)
            try w.write { db in
                try db.execute(sql: "ALTER TABLE executions DROP COLUMN state_history")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'addStateHistoryTrail'")
            }
        }
        let older = try s.asNobody(Self.summary, in: mine)
        #expect(older.status == 78)
        #expect(
            older.stderr
                == "error: warehouse \(s.db) was written by an older apptrail and this user cannot upgrade it: the owner's next `apptrail sync` does\n"
        )
        #expect(try s.asRoot(["sync", "--quiet"]).status == 0)
        let upgraded = try s.asNobody(Self.summary, in: mine)
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
    }
}
