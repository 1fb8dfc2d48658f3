import Foundation

/// The folder an export or report writes into.
public enum OutputFolder {
    /// What a run's hidden sibling of an output holds: the output being written, or the one it replaces.
    enum Sibling: String { case partial, old }

    /// The hidden sibling `.NAME.partial-PID` (or `.NAME.old-PID`) of `path` that this process uses; `prepare`
    /// removes those of processes that are gone.
    static func sibling(of path: String, _ kind: Sibling = .partial) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(kind.rawValue)-\(getpid())"
        ).path
    }

    /// Creates `path` (and its parents) when missing, and removes temporary files that killed runs left there.
    static func prepare(_ path: String) throws(ExportError) {
        try makeFolders(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "not a folder")
        }
        // `.NAME.partial-PID` or `.NAME.old-PID` of a process that is gone: the remains of a killed run.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasPrefix(".") {
            guard
                let range = name.range(of: ".\(Sibling.partial.rawValue)-", options: .backwards)
                    ?? name.range(of: ".\(Sibling.old.rawValue)-", options: .backwards),
                let pid = Int32(name[range.upperBound...]), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name))
        }
    }

    /// `mkdir -p`: creates `path` and its missing parents. The reason of a failure is the system's own
    /// ("No space left on device", "Not a directory"), not Foundation's generic "could not be completed".
    public static func makeFolders(_ path: String) throws(ExportError) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") where !component.isEmpty {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }
}
