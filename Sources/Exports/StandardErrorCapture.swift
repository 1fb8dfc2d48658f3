#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a C call whose library prints diagnostics on stderr, and hands the text back instead.
///
/// libxlsxwriter reports a failed write with `fprintf(stderr, ...)` besides its status code; apptrail prints one
/// line per error, so that text is folded into the error thrown. No other thread writes to stderr meanwhile:
/// the call runs after the report's lanes have finished.
enum StandardErrorCapture {
    static func run<T>(_ body: () -> T) -> (result: T, printed: String) {
        fflush(nil)
        guard let file = tmpfile() else { return (body(), "") }
        defer { fclose(file) }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0 else { return (body(), "") }
        dup2(fileno(file), STDERR_FILENO)
        let result = body()
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        rewind(file)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 64 * 1024 {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        return (result, String(decoding: bytes, as: UTF8.self))
    }

    /// The lines libxlsxwriter printed (`[WARNING]: ...`, `[ERROR][file:line]: ...`) apart from any other text.
    static func split(_ printed: String) -> (library: String, other: String) {
        var library = ""
        var other = ""
        let lines = printed.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            // The text after the last newline (a progress bar's redraw) has none of its own.
            let end = i == lines.count - 1 ? "" : "\n"
            if line.hasPrefix("[WARNING]") || line.hasPrefix("[ERROR]") {
                library += line + end
            } else {
                other += line + end
            }
        }
        return (library, other)
    }

    /// libxlsxwriter's lines without their `[ERROR][file:line]: ` or `[ERROR] ` tags, joined on one line.
    static func oneLine(_ printed: String) -> String {
        printed.split(whereSeparator: \.isNewline).map { line -> Substring in
            var rest = line[...]
            while rest.hasPrefix("["), let end = rest.firstIndex(of: "]") { rest = rest[rest.index(after: end)...] }
            return rest.drop { $0 == ":" || $0 == " " }
        }
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
        .joined(separator: "; ")
    }
}
