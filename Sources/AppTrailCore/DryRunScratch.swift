import AppTrailModel
import Foundation
import Warehouse

/// A private folder with a copy of the warehouse, for `sync --dry-run` to run the real sync on.
///
/// A dry run that rolled each page back could not see its own earlier pages: an execution met in two scopes
/// counted as inserted twice. On a copy every figure is the real run's by construction, at the price of
/// the copy (a few seconds per gigabyte, in `TMPDIR`). The folder is the owner's only, since the copy holds
/// what the warehouse holds.
struct DryRunScratch {
    let directory: String
    var warehousePath: String { directory + "/apptrail.db" }

    /// Copies the warehouse at `source` (when there is one) into a new scratch folder.
    init(copying source: String) throws {
        let temporary = FileManager.default.temporaryDirectory.path
        DryRunScratch.removeAbandoned(in: temporary)
        directory = temporary + "/apptrail-dry-run-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        guard mkdir(directory, 0o700) == 0 else {
            throw Problem(
                .cantCreate,
                "cannot make the dry run's scratch folder \(directory): \(String(cString: strerror(errno)))")
        }
        guard FileManager.default.fileExists(atPath: source) else { return }
        do {
            try Warehouse(path: source, readOnly: true).copy(to: warehousePath)
        } catch {
            remove()
            throw error
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Scratch folders of dry runs whose process is gone (killed before it could clean up).
    private static func removeAbandoned(in temporary: String) {
        let prefix = "apptrail-dry-run-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix)
        {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }
}
