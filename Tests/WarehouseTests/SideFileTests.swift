import AppTrailModel
import AppTrailTestSupport
import Foundation
import Testing

@testable import Warehouse

/// A reader who may not write the warehouse's folder cannot create SQLite's `-wal` and `-shm` files: the writers
/// leave them in place, with the warehouse file's mode.
@Suite struct SideFileTests {
    static func mode(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }

    static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    @Test func theSideFilesOutliveTheLastWriterWithTheLogCutToNothing() throws {
        let path = temporaryWarehousePath()
        do {
            let w = try Warehouse(path: path)
            try w.ingest(
                rows(
                    (0..<200).map {
                        execution(
                            "k\($0)",
                            states: [("CREATED", "2026-11-16T09:00:00Z"), ("SUCCESS", "2026-11-16T09:00:01Z")])
                    }), now: now)
            #expect((Self.status(path + "-wal")?.st_size ?? 0) > 0)
        }
        let wal = Self.status(path + "-wal")
        let shm = Self.status(path + "-shm")
        #expect(wal != nil && shm != nil, "the side files went with the last connection")
        #expect(wal?.st_size == 0, "the write-ahead log kept \(wal?.st_size ?? -1) bytes")
        #expect(shm?.st_size == 32_768)
        #expect(Self.mode(path + "-wal") == 0o600 && Self.mode(path + "-shm") == 0o600)
        // A read-only open leaves them as they are, and sees every row.
        #expect(try Warehouse(path: path, readOnly: true).executionCount() == 200)
        #expect(Self.status(path + "-wal")?.st_size == 0 && Self.status(path + "-shm") != nil)
    }

    @Test func theSideFilesFollowTheWarehouseFilesModeAndGroup() throws {
        let path = temporaryWarehousePath()
        do { _ = try Warehouse(path: path) }
        #expect(Self.mode(path + "-wal") == 0o600 && Self.mode(path + "-shm") == 0o600)
        // The owner opens the warehouse to a group; root may pick any group, others one they belong to.
        let current = Self.status(path)!.st_gid
        var groups = [gid_t](repeating: 0, count: 64)
        let count = getgroups(64, &groups)
        let other: gid_t? = geteuid() == 0 ? current &+ 4242 : groups.prefix(max(0, Int(count))).first { $0 != current }
        chmod(path, 0o640)
        if let other { #expect(chown(path, uid_t.max, other) == 0) }
        do { _ = try Warehouse(path: path) }
        for suffix in ["-wal", "-shm"] {
            #expect(Self.mode(path + suffix) == 0o640, "apptrail.db\(suffix)")
            #expect(
                Self.status(path + suffix)?.st_gid == Self.status(path)?.st_gid, "apptrail.db\(suffix) kept its group")
        }
        if other == nil { print("SideFileTests: no second group to move the warehouse to; only the mode was checked") }
    }

    /// The side files are changed by path: closing any descriptor of the -shm file would drop the POSIX locks of
    /// every connection of this process, and another process would then reset the shared memory under them.
    @Test func aligningTheSideFilesKeepsTheConnectionsLocks() throws {
        let path = temporaryWarehousePath()
        do { _ = try Warehouse(path: path) }
        chmod(path, 0o640)
        // A reader first: it aligns nothing, so the probe is checked against locks nobody has dropped.
        let first = try Warehouse(path: path, readOnly: true)
        _ = try first.executionCount()
        // An open-file-description lock conflicts with this process's own POSIX locks, so it sees them; the probe
        // stays open until the end, since closing it would drop them too.
        let probe = open(path + "-shm", O_RDONLY | O_CLOEXEC)
        #expect(probe >= 0)
        defer { close(probe) }
        func sqliteHoldsALock() -> Bool {
            var query = flock()
            query.l_type = Int16(F_WRLCK)
            query.l_whence = Int16(SEEK_SET)
            // SQLite's unix VFS: the write, checkpoint, recovery and read locks, then the dead-man switch.
            query.l_start = 120
            query.l_len = 9
            let F_OFD_GETLK: Int32 = 36
            return fcntl(probe, F_OFD_GETLK, &query) == 0 && query.l_type != Int16(F_UNLCK)
        }
        #expect(sqliteHoldsALock(), "the probe sees no lock of the open reader")
        let second = try Warehouse(path: path)
        #expect(Self.mode(path + "-shm") == 0o640)
        #expect(sqliteHoldsALock(), "opening a writer dropped the reader's locks")
        _ = (first, second)
    }
}
