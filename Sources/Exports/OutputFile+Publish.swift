import Foundation

extension OutputFile {
    /// Puts the complete file or folder `temporary` in place of `path`: synced to disk (a file's bytes, a
    /// folder's entries), renamed, then the folder holding it synced, so that a crash leaves the old output or
    /// the new one, never a renamed but empty one.
    ///
    /// A folder cannot replace another in one rename: the old one steps aside first and comes back when the
    /// rename fails. A failure names `path` and leaves `temporary` to its owner, who removes it.
    public static func publish(_ temporary: String, at path: String) throws(ExportError) {
        try syncToDisk(temporary, reportingAs: path)
        var isFolder: ObjCBool = false
        let replacesFolder =
            FileManager.default.fileExists(atPath: temporary, isDirectory: &isFolder) && isFolder.boolValue
        let old = OutputFolder.sibling(of: path, .old)
        let hadOld = replacesFolder && rename(path, old) == 0
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { rename(old, path) }
            throw .cannotWrite(path: path, reason: reason)
        }
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
        // The new name is an entry of the parent folder: synced too. Some file systems refuse to sync a folder;
        // the rename then reaches the disk in the system's own time, as it did before.
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = close(descriptor)
        }
    }

    /// Flushes `file`, written by this process or another writer (libxlsxwriter's workbook), to disk before it
    /// takes its final name; a failure names `path`, the name it was to take.
    static func syncToDisk(_ file: String, reportingAs path: String) throws(ExportError) {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { _ = close(descriptor) }
            throw .cannotWrite(path: path, reason: reason)
        }
        _ = close(descriptor)
    }
}
