#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension XLSXWorkbook {
    /// Runs a library call that may print a warning on stderr (libxlsxwriter's LXW_WARN) and keeps the text in
    /// `warnings` instead. For calls made a few times per sheet, not per cell.
    func quietly<T>(_ body: () -> T) -> T {
        let (result, printed) = StandardErrorCapture.run(body)
        keep(printed)
        return result
    }

    /// Keeps libxlsxwriter's lines (`[WARNING]...`, `[ERROR]...`) as warnings; anything else printed meanwhile
    /// (another thread's progress line) goes on to stderr as it was.
    func keep(_ printed: String) {
        guard !printed.isEmpty else { return }
        let (library, other) = StandardErrorCapture.split(printed)
        let detail = StandardErrorCapture.oneLine(library)
        if !detail.isEmpty { warnings.append(detail) }
        if !other.isEmpty { _ = other.withCString { write(STDERR_FILENO, $0, strlen($0)) } }
    }
}
