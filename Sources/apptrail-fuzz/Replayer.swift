#if !FUZZING
    import Foundation

    /// `apptrail-fuzz FILE|DIR...`: runs every file (folders recursively, in name order) through the fuzz
    /// target, so that a corpus and the crashes libFuzzer saved replay under a normal build and a debugger.
    ///
    /// With `--describe`, it prints instead what each file decodes to, one tab-separated line per file
    /// (name, as a search page, as an import file: `ok: N` executions or `error: MESSAGE`), the form of the
    /// hostile corpus's `expected.tsv`.
    @main
    struct Replayer {
        static func main() throws {
            var arguments = Array(CommandLine.arguments.dropFirst())
            let describe = arguments.first == "--describe"
            if describe { arguments.removeFirst() }
            guard !arguments.isEmpty, !arguments.contains("--help"), !arguments.contains("-h") else {
                print(
                    "usage: apptrail-fuzz FILE|DIR...  (built with -DFUZZING -sanitize=fuzzer: a libFuzzer binary, see scripts/fuzz.sh)"
                )
                return
            }
            var files: [String] = []
            for argument in arguments {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                    FileHandle.standardError.write(Data("apptrail-fuzz: no such file: \(argument)\n".utf8))
                    exit(66)
                }
                if isFolder.boolValue {
                    let found = FileManager.default.enumerator(atPath: argument)?.compactMap { $0 as? String } ?? []
                    for name in found.sorted() {
                        let path = (argument as NSString).appendingPathComponent(name)
                        var sub: ObjCBool = false
                        if FileManager.default.fileExists(atPath: path, isDirectory: &sub), !sub.boolValue {
                            files.append(path)
                        }
                    }
                } else {
                    files.append(argument)
                }
            }
            if describe {
                for file in files {
                    let data = try Data(contentsOf: URL(fileURLWithPath: file))
                    print(data.withUnsafeBytes { FuzzTarget.describe($0, name: (file as NSString).lastPathComponent) })
                }
                return
            }
            var pages = 0
            var documents = 0
            var rows = 0
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let outcome = data.withUnsafeBytes { FuzzTarget.run($0) }
                if outcome.page { pages += 1 }
                if outcome.document { documents += 1 }
                rows += outcome.rows
            }
            print(
                "replayed \(files.count) inputs: \(pages) decoded as a page, \(documents) as an import file, \(rows) rows ingested; no invariant broken"
            )
        }
    }
#endif
