import Exports
import KestraClient
import Warehouse

/// apptrail's own version, written into sync runs, exports and `--version`.
public enum AppTrailVersion {
    public static let current = "0.1.0"
    /// The git commit of the build (`-modified` when the tree had local changes; `unknown` outside git).
    public static let commit = BuildInfo.commit

    /// What `apptrail --version` prints: the version and commit, then the C libraries it runs with (their
    /// versions at run time, which a distribution's update can change under an installed binary).
    public static var description: String {
        "apptrail \(current) (commit \(commit))\n"
            + "SQLite \(Warehouse.sqliteVersion), libcurl \(HTTPTransport.libraryVersion), libxlsxwriter \(XLSXWorkbook.libraryVersion)"
    }
}
