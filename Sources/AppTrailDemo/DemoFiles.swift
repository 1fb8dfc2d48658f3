import AppTrailModel
import Foundation
import Warehouse

/// The files of `apptrail demo`'s folder: those it would write or replace, and the check that each of them is one
/// an earlier demo wrote there.
///
/// The demo's warehouse lists the files the demo wrote (`demo_files`, paths relative to the folder). A folder
/// without a warehouse has no demo files; a warehouse without that list is someone's real one.
enum DemoFiles {
    /// The warehouse file and the files SQLite and the lock keep beside it.
    static let warehouseSuffixes = ["", "-wal", "-shm", ".lock"]

    /// Returns the files an earlier demo listed in `directory`, after checking that each file the demo would write
    /// or replace there (the warehouse's, `outputs`, and everything under `folders`) is one of them.
    static func check(directory: String, warehouse: String, outputs: [String], folders: [String]) throws(DemoError)
        -> [String]
    {
        var owned: Set<String> = []
        if exists(warehouse) {
            guard let listed = Warehouse.demoFiles(at: warehouse) else { throw .foreignWarehouse(path: warehouse) }
            owned = Set(listed)
        }
        for relative in written(outputs: outputs, folders: folders, in: directory) where !owned.contains(relative) {
            let path = (directory as NSString).appendingPathComponent(relative)
            if exists(path) { throw .foreignFile(path: path) }
        }
        return owned.sorted()
    }

    /// What the demo writes in `directory`, relative to it: the warehouse's files, `outputs`, and the files now
    /// under `folders`. Before a run, what it would replace; after it, what it wrote.
    static func written(outputs: [String], folders: [String], in directory: String) -> [String] {
        warehouseSuffixes.map { "apptrail.db" + $0 } + outputs + files(under: folders, in: directory)
    }

    /// The files (not folders) under each of `folders` of `directory`, relative to `directory`; a folder that is a
    /// file is itself one of them.
    static func files(under folders: [String], in directory: String) -> [String] {
        var out: [String] = []
        for folder in folders {
            let path = (directory as NSString).appendingPathComponent(folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                if exists(path) { out.append(folder) } // a dangling symbolic link
                continue
            }
            guard isFolder.boolValue else {
                out.append(folder)
                continue
            }
            for name in (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? [] {
                var nested: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(name)
                if !FileManager.default.fileExists(atPath: full, isDirectory: &nested) || !nested.boolValue {
                    out.append((folder as NSString).appendingPathComponent(name))
                }
            }
        }
        return out
    }

    /// Those of `paths` (relative to `directory`) that are still there.
    static func present(in directory: String, among paths: [String]) -> [String] {
        paths.filter { exists((directory as NSString).appendingPathComponent($0)) }
    }

    /// Whether anything, a dangling symbolic link included, is at `path`.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

/// Why `apptrail demo` left its folder alone: it would have replaced what it did not write.
public enum DemoError: AppTrailError, Equatable {
    /// A warehouse that no demo made is where the demo keeps its own.
    case foreignWarehouse(path: String)
    /// A file the demo would replace, which no demo wrote.
    case foreignFile(path: String)

    public var exitCode: ExitCode { .cantCreate }

    public var description: String {
        switch self {
        case .foreignWarehouse(let path):
            "\(path) is a warehouse that apptrail demo did not make; nothing was changed: give --out a new folder or a demo's"
        case .foreignFile(let path):
            "\(path) would be replaced, and apptrail demo did not write it; nothing was changed: give --out a new folder or a demo's"
        }
    }
}
