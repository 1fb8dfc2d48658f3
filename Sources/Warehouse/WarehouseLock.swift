import Foundation

/// An exclusive, non-blocking lock beside the warehouse (`<db>.lock`), held for a whole sync.
///
/// `flock` is released by the kernel when the process dies, even by SIGKILL: a crashed sync never
/// leaves a stale lock behind.
public final class WarehouseLock: Sendable {
    public let path: String
    private let fd: Int32

    /// Takes the lock or throws `.locked` at once.
    public init(warehousePath: String) throws(WarehouseError) {
        path = warehousePath + ".lock"
        // Else a sync given a folder would leave `folder.lock` beside it before the warehouse refused to open.
        try Warehouse.refuseFolder(warehousePath)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = WarehouseLock.readHolder(fd)
            close(fd)
            throw .locked(path: path, holder: holder)
        }
        self.fd = fd
        let note = "pid \(getpid())\n"
        ftruncate(fd, 0)
        _ = note.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Who holds the lock of the warehouse at `warehousePath` (`held by pid 4242`), or nil when it is free;
    /// it creates no lock file and leaves the lock as it found it.
    public static func holder(warehousePath: String) -> String? {
        let fd = open(warehousePath + ".lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return readHolder(fd) ?? "held by another process" }
        flock(fd, LOCK_UN)
        return nil
    }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = pread(fd, &buffer, 64, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : "held by \(text)"
    }
}
