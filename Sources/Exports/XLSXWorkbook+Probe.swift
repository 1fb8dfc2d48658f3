#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension XLSXWorkbook {
    /// Opens `path` for writing as libxlsxwriter will at close, and removes the file if this made it.
    static func probeWritable(_ path: String) throws(ExportError) {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if created >= 0 {
            closeDescriptor(created)
            unlink(path)
            return
        }
        var failure = errno
        if failure == EEXIST {
            let existing = open(path, O_WRONLY | O_CLOEXEC)
            if existing >= 0 {
                closeDescriptor(existing)
                return
            }
            failure = errno
        }
        throw .workbook(path: path, reason: String(cString: strerror(failure)))
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
