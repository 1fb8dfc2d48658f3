import Foundation

/// Definitions of one kind (the queries, or the reports) by name: the files of folders searched in order, then
/// the built-in ones compiled from the package's folder of the same name.
///
/// A file of an earlier folder wins over a later one and over the built-in definition of the same name, so that
/// a team can override or add a definition without rebuilding apptrail.
public struct DefinitionCatalogue: Sendable {
    /// A folder searched for definitions, as `apptrail config show` names it.
    public struct Folder: Sendable, Equatable {
        public var path: String
        /// The environment variable that named it, nil for the folders searched by default.
        public var variable: String?
        public var exists: Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    /// One definition and where it comes from.
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The file's path, or `built-in:queries/summary.sql` for one compiled into the binary: what errors name.
        public var path: String
        /// The built-in text; nil for a file.
        var builtInText: String?

        public var isBuiltIn: Bool { builtInText != nil }

        /// `built-in`, or the file's path.
        public var source: String { isBuiltIn ? "built-in" : path }
    }

    /// `queries` or `reports`: the folder's name, in `built-in:` paths.
    public let kind: String
    /// The file suffix of a definition, without the dot.
    public let suffix: String
    public let folders: [String]
    public let builtIn: [String: String]

    public init(kind: String, suffix: String, folders: [String], builtIn: [String: String]) {
        self.kind = kind
        self.suffix = suffix
        self.folders = folders
        self.builtIn = builtIn
    }

    /// The folders apptrail searches for `name` (`queries`, `reports`) before its built-in definitions: the
    /// environment variable's, `./NAME`, and `../share/apptrail/NAME` beside the binary (where `make install`
    /// puts them, to be edited there).
    public static func searchedFolders(_ name: String, variable: String, environment: [String: String]) -> [Folder] {
        var folders: [Folder] = []
        if let dir = environment[variable], !dir.isEmpty { folders.append(Folder(path: dir, variable: variable)) }
        folders.append(Folder(path: name, variable: nil))
        // The running binary itself, not argv[0]: a command found through PATH has no folder in argv[0].
        let exe = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(
            Folder(path: exe.appendingPathComponent("../share/apptrail/\(name)").standardized.path, variable: nil))
        return folders
    }

    /// Every definition, sorted by name; for a name found in several places, the first.
    public var entries: [Entry] {
        var found: [String: Entry] = [:]
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files where file.hasSuffix("." + suffix) && !file.hasPrefix(".") {
                let name = String(file.dropLast(suffix.count + 1))
                if found[name] == nil {
                    found[name] = Entry(name: name, path: (folder as NSString).appendingPathComponent(file))
                }
            }
        }
        for (name, text) in builtIn where found[name] == nil { found[name] = builtInEntry(name, text) }
        return found.values.sorted { $0.name < $1.name }
    }

    /// The names of every definition, sorted.
    public var names: [String] { entries.map(\.name) }

    /// The definition of that name, nil when there is none.
    public func entry(_ name: String) -> Entry? {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent("\(name).\(suffix)")
            if FileManager.default.fileExists(atPath: path) { return Entry(name: name, path: path) }
        }
        return builtIn[name].map { builtInEntry(name, $0) }
    }

    /// The built-in definition `name`, named `built-in:queries/NAME.sql` in errors.
    private func builtInEntry(_ name: String, _ text: String) -> Entry {
        Entry(name: name, path: "built-in:\(kind)/\(name).\(suffix)", builtInText: text)
    }
}

extension DefinitionCatalogue.Entry {
    /// The definition's text, nil when its file cannot be read.
    public func data() -> Data? {
        if let builtInText { return Data(builtInText.utf8) }
        return FileManager.default.contents(atPath: path)
    }
}
