import Foundation

/// The folder an export or report writes into.
enum OutputFolder {
    /// What a run's hidden sibling of an output holds: the output being written, or the one it replaces.
    enum Sibling: String { case partial, old }

    /// The hidden sibling `.NAME.partial-PID` (or `.NAME.old-PID`) of `path` that this process uses; `prepare`
    /// removes those of processes that are gone.
    static func sibling(of path: String, _ kind: Sibling = .partial) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(kind.rawValue)-\(getpid())").path
    }

    /// Creates `path` (and its parents) when missing, and removes temporary files that killed runs left there.
    static func prepare(_ path: String) throws(ExportError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "not a folder")
        }
        // `.NAME.partial-PID` or `.NAME.old-PID` of a process that is gone: the remains of a killed run.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasPrefix(".") {
            guard let range = name.range(of: ".\(Sibling.partial.rawValue)-", options: .backwards)
                    ?? name.range(of: ".\(Sibling.old.rawValue)-", options: .backwards),
                  let pid = Int32(name[range.upperBound...]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(name))
        }
    }
}
