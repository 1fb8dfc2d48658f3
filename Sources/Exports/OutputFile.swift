import Foundation

/// A file written through a buffer under a temporary name, hashed as it goes, and renamed into place only
/// when complete: a failed or killed export never leaves a file that looks finished.
public final class OutputFile {
    /// Where the file lands on `commit()`.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let hash = SHA256()
    private let capacity = 1 << 20
    public private(set) var byteCount = 0

    /// Creates `path`'s temporary sibling (`.NAME.partial-PID`); the folder must exist.
    public init(path: String) throws(ExportError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        unlink(temporaryPath)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(capacity + 64 * 1024)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Appends through `body`, which adds bytes to the buffer; flushes when the buffer is full.
    public func append(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&buffer)
        if buffer.count >= capacity { try flush() }
    }

    public func append(_ bytes: [UInt8]) throws {
        try append { $0 += bytes }
    }

    /// Writes what is buffered, syncs it to disk and renames the file into place; returns its SHA-256.
    public func commit() throws(ExportError) -> String {
        try flush()
        guard fsync(descriptor) == 0 else { throw failure() }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let error = ExportError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            unlink(temporaryPath)
            throw error
        }
        return hash.finishHex()
    }

    /// Drops the temporary file.
    public func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    private func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        let ok = buffer.withUnsafeBytes { bytes -> Bool in
            hash.update(bytes)
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        guard ok else { throw failure() }
        byteCount += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func failure() -> ExportError {
        .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
}
