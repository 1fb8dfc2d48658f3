import Dispatch
import Foundation

/// A file written through a buffer under a temporary name, hashed as it goes, and renamed into place only
/// when complete: a failed or killed export never leaves a file that looks finished.
///
/// A full buffer is hashed and written on a queue of its own while the caller fills the next one: on two cores
/// the SHA-256 and the system calls overlap the reading and formatting of rows.
public final class OutputFile: @unchecked Sendable {
    /// Where the file lands on `commit()`.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let hash = SHA256()
    private let capacity = 1 << 20
    private let writer = DispatchQueue(label: "apptrail.output-file")
    /// One buffer at most is being written while the next fills.
    private let inFlight = DispatchSemaphore(value: 1)
    /// The first write error (errno), set on the writer queue and read after waiting for it.
    private var writeError: Int32 = 0
    public private(set) var byteCount = 0

    /// Creates `path`'s temporary sibling (`.NAME.partial-PID`); the folder must exist.
    public init(path: String) throws(ExportError) {
        self.path = path
        temporaryPath = OutputFolder.sibling(of: path)
        unlink(temporaryPath)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(capacity + 64 * 1024)
    }

    deinit { discard() }

    /// Appends through `body`, which adds bytes to the buffer; hands the buffer to the writer when full.
    public func append(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&buffer)
        if buffer.count >= capacity { try flush() }
    }

    public func append(_ bytes: [UInt8]) throws {
        try append { $0 += bytes }
    }

    /// Writes what is buffered and puts the file in place (`publish`: synced, renamed); returns its SHA-256.
    public func commit() throws(ExportError) -> String {
        try flush()
        try drain()
        close(descriptor)
        descriptor = -1
        do {
            try OutputFile.publish(temporaryPath, at: path)
        } catch {
            unlink(temporaryPath)
            throw error
        }
        return hash.finishHex()
    }

    /// Drops the temporary file.
    public func discard() {
        guard descriptor >= 0 else { return }
        inFlight.wait()
        inFlight.signal()
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    private func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        inFlight.wait()
        if writeError != 0 {
            inFlight.signal()
            throw abandon(writeError)
        }
        let chunk = buffer
        byteCount += chunk.count
        buffer = []
        buffer.reserveCapacity(capacity + 64 * 1024)
        writer.async { [self] in
            chunk.withUnsafeBytes { bytes in
                hash.update(bytes)
                var offset = 0
                while offset < bytes.count {
                    let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        writeError = errno
                        break
                    }
                    offset += n
                }
            }
            inFlight.signal()
        }
    }

    /// Waits for the buffer being written, and reports its error.
    private func drain() throws(ExportError) {
        inFlight.wait()
        inFlight.signal()
        if writeError != 0 { throw abandon(writeError) }
    }

    /// The error of a failed write, with the temporary file already gone: the caller's process may end
    /// before this object is released.
    private func abandon(_ code: Int32) -> ExportError {
        let error = failure(code)
        discard()
        return error
    }

    private func failure(_ code: Int32) -> ExportError {
        .cannotWrite(path: path, reason: String(cString: strerror(code)))
    }
}
