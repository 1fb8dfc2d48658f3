import Analysis
import AppTrailModel
import Foundation
import GRDB
import Warehouse

/// The auditors' export: one CSV per app of its executions in a range, a SHA-256 manifest that `sha256sum -c`
/// accepts, and `export.json` describing the run (docs/exports.md).
///
/// Each CSV is written under a temporary name and renamed when complete; the manifest is removed first and
/// written last, so a folder with a manifest that checks holds a complete export.
public struct AuditExport {
    public struct Options: Sendable {
        /// The apps to export; empty for every app the warehouse knows.
        public var apps: [String] = []
        public var from: Instant?
        public var to: Instant?
        public var out: String = "exports"
        /// A UTF-8 byte-order mark first, for Excel users.
        public var bom = false
        public init() {}
    }

    /// One written file.
    public struct File: Sendable, Equatable {
        public var name: String
        public var appId: String
        public var rows: Int
        public var bytes: Int
        public var sha256: String
    }

    public struct Result: Sendable {
        public var folder: String
        public var files: [File]
        public var manifest: String
        public var metadata: String
    }

    public static let manifestName = "manifest-sha256.txt"
    public static let metadataName = "export.json"

    /// Writes the export: every app's file from one snapshot of the warehouse.
    ///
    /// `planned` hears the number of rows to write once it is known, `written` the rows as they are written.
    public static func run(
        warehouse: Warehouse, catalog: QueryCatalog, options: Options, version: String,
        now: Instant, planned: (Int) -> Void = { _ in }, written: (Int) -> Void = { _ in }
    ) throws -> Result {
        let query = try catalog.query("audit")
        try query.requireText("app")
        let known = try warehouse.allAppIds()
        if let unknown = options.apps.first(where: { !known.contains($0) }) {
            throw ExportError.unknownApp(id: unknown, known: known)
        }
        let apps =
            options.apps.isEmpty
            ? known : Array(Set(options.apps)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let names = fileNames(for: apps)
        try OutputFolder.prepare(options.out)
        let manifestPath = (options.out as NSString).appendingPathComponent(manifestName)
        let metadataPath = (options.out as NSString).appendingPathComponent(metadataName)
        // The manifest and export.json of an earlier export go first and come back last: a folder holding
        // them is complete, whatever killed a run in between.
        for path in [manifestPath, metadataPath] where unlink(path) != 0 && errno != ENOENT {
            throw ExportError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }

        // Absent bounds are the widest instants the warehouse's text form can hold.
        let from = options.from?.iso ?? "0001-01-01T00:00:00.000000Z"
        let to = options.to?.iso ?? "9999-12-31T23:59:59.999999Z"
        let lastSync = try warehouse.lastSuccessfulSync()
        let given = apps.map { app in ["app": app, "from": from, "to": to] }
        let perApp = try given.map { try query.arguments($0) }
        let files = try warehouse.readRethrowing { db -> [File] in
            // The query itself counted, with the arguments its rows are read with: a count of its own would have
            // to follow every change of audit.sql's rule, and one binding an app id as text where the rows took a
            // number announced rows that never came. Without its order the count reads the covering index alone.
            let total = try perApp.reduce(0) { try $0 + query.count(db, arguments: $1) }
            planned(total)
            var files: [File] = []
            for (app, (name, arguments)) in zip(apps, zip(names, perApp)) {
                files.append(
                    try write(
                        query, db: db, arguments: arguments, app: app,
                        path: (options.out as NSString).appendingPathComponent(name), bom: options.bom,
                        progress: written))
            }
            return files
        }

        var arguments: [String: Any] = ["apps": options.apps, "out": options.out, "bom": options.bom]
        arguments["from"] = options.from.map { $0.isoMillis } ?? NSNull()
        arguments["to"] = options.to.map { $0.isoMillis } ?? NSNull()
        let metadata: [String: Any] = [
            "arguments": arguments,
            "apptrail_version": version,
            "warehouse": URL(fileURLWithPath: warehouse.path).standardized.path,
            "last_successful_sync": lastSync.map { $0.isoMillis } ?? NSNull(),
            "generated_at": now.isoMillis,
            "files": files.map {
                ["file": $0.name, "app_id": $0.appId, "rows": $0.rows, "bytes": $0.bytes, "sha256": $0.sha256]
            },
        ]
        let json = try JSONSerialization.data(
            withJSONObject: metadata, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let metadataFile = try OutputFile(path: metadataPath)
        try metadataFile.append(Array(json) + [0x0A])
        let metadataSHA = try metadataFile.commit()

        // BagIt style, sorted by file name: `sha256sum -c manifest-sha256.txt` checks every file of the export,
        // export.json too, so that a changed argument or period is caught like a changed row.
        let manifestFile = try OutputFile(path: manifestPath)
        let listed = files.map { ($0.sha256, $0.name) } + [(metadataSHA, metadataName)]
        for (sha, name) in listed.sorted(by: { $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }) {
            try manifestFile.append(Array("\(sha)  \(name)\n".utf8))
        }
        _ = try manifestFile.commit()
        return Result(folder: options.out, files: files, manifest: manifestPath, metadata: metadataPath)
    }

    /// One app's CSV, streamed from the query's rows.
    static func write(
        _ query: QueryFile, db: Database, arguments: StatementArguments, app: String, path: String,
        bom: Bool, progress: (Int) -> Void = { _ in }
    ) throws -> File {
        let file = try OutputFile(path: path)
        let rows = try query.withCursor(db, arguments: arguments) { cursor in
            try CSV.write(cursor, bom: bom, to: file, progress: progress)
        }
        let sha = try file.commit()
        return File(
            name: (path as NSString).lastPathComponent, appId: app, rows: rows, bytes: file.byteCount, sha256: sha)
    }

    /// File names for `apps` (sorted by code point): every character outside `A-Za-z0-9._-` becomes `_`, and when
    /// two apps would share a name the later one gets `-2`, `-3`, ...
    public static func fileNames(for apps: [String]) -> [String] {
        var taken = Set<String>()
        return apps.map { app in
            let safe = String(
                String.UnicodeScalarView(
                    app.unicodeScalars.map { scalar in
                        scalar.isASCII
                            && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar))
                            ? scalar : "_"
                    }))
            var name = safe + ".csv"
            var n = 2
            while taken.contains(name) {
                name = "\(safe)-\(n).csv"
                n += 1
            }
            taken.insert(name)
            return name
        }
    }
}
