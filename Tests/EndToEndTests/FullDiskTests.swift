import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// A folder that fills up: a small tmpfs where the machine lets the test mount one (root in a container that
/// allows it), else a file size limit (`ulimit -f`) on the commands run in it.
final class SmallFilesystem {
    enum Kind: String {
        case tmpfs
        case fileSizeLimit = "ulimit -f"
    }
    let path: String
    let kind: Kind
    let kilobytes: Int
    private var grown = false

    init(kilobytes: Int) throws {
        path = temporaryFolder("apptrail-e2e")
        self.kilobytes = kilobytes
        // APPTRAIL_TEST_FULL_DISK=ulimit tries the fallback on a machine that can mount.
        if ProcessInfo.processInfo.environment["APPTRAIL_TEST_FULL_DISK"] == "ulimit" {
            kind = .fileSizeLimit
        } else {
            let mounted = try AppTrailTestSupport.run(
                "/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", path])
            kind = mounted.status == 0 ? .tmpfs : .fileSizeLimit
        }
    }

    /// Runs a command whose files in `path` hit the limit.
    func run(_ binary: String, _ arguments: [String], environment: [String: String], directory: String? = nil) throws
        -> RunResult
    {
        if kind == .tmpfs || grown {
            return try AppTrailTestSupport.run(binary, arguments, environment: environment, directory: directory)
        }
        // bash counts in 1024-byte blocks.
        return try AppTrailTestSupport.run(
            "/bin/bash", ["-c", "ulimit -f \(kilobytes); exec \"$0\" \"$@\"", binary] + arguments,
            environment: environment, directory: directory)
    }

    /// Frees room: the tmpfs grows, or the limit is lifted.
    func grow() throws {
        grown = true
        if kind == .tmpfs {
            #expect(try AppTrailTestSupport.run("/bin/mount", ["-o", "remount,size=256m", path]).status == 0)
        }
    }

    deinit {
        if kind == .tmpfs { _ = try? AppTrailTestSupport.run("/bin/umount", [path]) }
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension Reliability {
    /// The warehouse or the output folder on a filesystem that fills up: a one-line error, exit 73 or 74, the
    /// warehouse intact, and the next run, with room again, completes.
    @Suite(.serialized) struct FullDiskTests {
        static let now = "2026-11-25T12:00:00Z"

        @Test func aSyncIntoAFullDiskStopsCleanlyAndTheNextCompletes() throws {
            let sim = try SimulatorProcess([
                "--seed", "3", "--executions", "5000", "--apps", "4", "--edition", "oss", "--now", Self.now,
            ])
            let disk = try SmallFilesystem(kilobytes: 3072)
            let db = disk.path + "/apptrail.db"
            let env = ["KESTRA_URL": sim.url, "APPTRAIL_NOW": Self.now]
            let expected = TruthComparison.expected(
                try TruthComparison.records(sim.admin("GET", "/_sim/truth")), tenant: "main")

            let full = try disk.run(
                Binaries.apptrail, ["sync", "--quiet", "--page-size", "100", "--db", db], environment: env)
            #expect([73, 74].contains(full.status), "\(disk.kind): exit \(full.status): \(full.stderr)")
            #expect(full.stderr.hasPrefix("error: warehouse \(db)"), "\(full.stderr)")
            #expect(full.stderr.split(separator: "\n").count == 1)
            let partial = try TruthComparison.stored(db)
            #expect(!partial.isEmpty && partial.count < expected.count, "\(partial.count) of \(expected.count)")
            #expect(partial.allSatisfy { expected[$0.key] == $0.value }, "a stored execution differs from the server's")
            #expect(try integrity(db) == "ok")

            try disk.grow()
            let next = try disk.run(Binaries.apptrail, ["sync", "--quiet", "--db", db], environment: env)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try TruthComparison.stored(db) == expected)
            #expect(try integrity(db) == "ok")
            print(
                "reliability: sync into a full disk (\(disk.kind.rawValue), \(disk.kilobytes) KB) | exit \(full.status), \(partial.count) of \(expected.count) stored, then completed | lost 0 | duplicated 0"
            )
        }

        @Test func anImportIntoAFullDiskKeepsTheWarehouseAsItWas() throws {
            let source = temporaryFolder("apptrail-e2e")
            defer { try? FileManager.default.removeItem(atPath: source) }
            let file = source + "/executions.ndjson"
            let dump = "\"$0\" dump --seed 3 --executions 5000 --apps 4 --edition oss --now \(Self.now) > \"$1\""
            #expect(try run("/bin/sh", ["-c", dump, Binaries.kestraSim, file]).status == 0)
            let disk = try SmallFilesystem(kilobytes: 2048)
            let db = disk.path + "/apptrail.db"
            let env = ["APPTRAIL_NOW": Self.now, "APPTRAIL_DB": db]

            let full = try disk.run(Binaries.apptrail, ["import", "--quiet", file], environment: env)
            #expect([73, 74].contains(full.status), "\(disk.kind): exit \(full.status): \(full.stderr)")
            #expect(full.stderr.hasPrefix("error: warehouse \(db)"), "\(full.stderr)")
            #expect(full.stderr.split(separator: "\n").count == 1)
            // An import is one transaction: all or nothing.
            if FileManager.default.fileExists(atPath: db) {
                #expect(try TruthComparison.stored(db).isEmpty)
                #expect(try integrity(db) == "ok")
            }
            try disk.grow()
            let next = try disk.run(Binaries.apptrail, ["import", "--quiet", file], environment: env)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(try TruthComparison.stored(db).count > 4000)
            print(
                "reliability: import into a full disk (\(disk.kind.rawValue), \(disk.kilobytes) KB) | exit \(full.status), nothing stored, then completed | lost 0 | duplicated 0"
            )
        }

        @Test func exportsAndReportsIntoAFullDiskLeaveNoFileBehind() throws {
            let dir = temporaryFolder("apptrail-e2e")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let file = dir + "/executions.ndjson"
            let dump = "\"$0\" dump --seed 3 --executions 5000 --apps 4 --edition oss --now \(Self.now) > \"$1\""
            #expect(try run("/bin/sh", ["-c", dump, Binaries.kestraSim, file]).status == 0)
            let env = ["APPTRAIL_NOW": Self.now, "APPTRAIL_DB": dir + "/apptrail.db"]
            #expect(try run(Binaries.apptrail, ["import", "--quiet", file], environment: env).status == 0)

            // Each disk holds a part of what the command writes (the export 1.2 MB, the report 90 KB).
            for (arguments, kilobytes) in [
                (["export", "--quiet", "--out"], 192),
                (["report", "weekly", "--format", "all", "--quiet", "--out"], 40),
            ] {
                let disk = try SmallFilesystem(kilobytes: kilobytes)
                let out = disk.path + "/out"
                let full = try disk.run(Binaries.apptrail, arguments + [out], environment: env)
                #expect(full.status == 73, "\(arguments[0]) on \(disk.kind): exit \(full.status): \(full.stderr)")
                #expect(full.stderr.hasPrefix("error: cannot write "), "\(full.stderr)")
                #expect(full.stderr.contains(disk.path), "\(full.stderr)")
                #expect(full.stderr.split(separator: "\n").count == 1)
                #expect(full.stdout.isEmpty, "a failed run names no file")
                // Nothing is left under a final name but whole files, and no temporary file stays.
                let left = FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []
                #expect(
                    !left.contains {
                        $0.hasSuffix(".xlsx") || $0.hasSuffix("manifest-sha256.txt") || $0.hasSuffix("export.json")
                    }, "\(left)")
                #expect(
                    !left.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(left) after \(full.stderr)"
                )
                try disk.grow()
                let next = try disk.run(Binaries.apptrail, arguments + [out], environment: env)
                #expect(next.status == 0, "\(next.stderr)")
                print(
                    "reliability: \(arguments[0]) into a full disk (\(disk.kind.rawValue), \(disk.kilobytes) KB) | exit \(full.status), no file left, then completed"
                )
            }
        }

        private func integrity(_ path: String) throws -> String? {
            try Warehouse(path: path, readOnly: true).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        }
    }
}
