import Analysis
import Foundation

/// The reports apptrail knows, found by name or path: the files of `reports/` folders over the built-in ones.
public struct ReportCatalog: Sendable {
    public let definitions: DefinitionCatalogue

    /// The reports of `directory` over the built-in ones.
    public init(directory: String) { self.init(folders: [directory]) }

    /// The reports of `folders`, the first that has a name winning, over the built-in ones.
    public init(folders: [String]) { self.init(folders: folders, builtIn: BuiltInDefinitions.reports) }

    /// The reports of `folders` over `builtIn` (name to text).
    public init(folders: [String], builtIn: [String: String]) {
        definitions = DefinitionCatalogue(kind: "reports", suffix: "yaml", folders: folders, builtIn: builtIn)
    }

    /// `APPTRAIL_REPORTS`, `./reports`, `../share/apptrail/reports` beside the binary, then the built-in ones.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportCatalog {
        ReportCatalog(folders: searchedFolders(environment: environment).map(\.path))
    }

    /// The folders searched for reports before the built-in ones, in order.
    public static func searchedFolders(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [DefinitionCatalogue.Folder]
    {
        DefinitionCatalogue.searchedFolders("reports", variable: "APPTRAIL_REPORTS", environment: environment)
    }

    /// The names of the reports, sorted.
    public var names: [String] { definitions.names }

    /// A report by name (a file of a folder without `.yaml`, or a built-in report) or by path.
    public func report(_ nameOrPath: String) throws(ExportError) -> ReportDefinition {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw .badReport(path: nameOrPath, line: nil, message: "no such file")
            }
            return try ReportDefinition.load(path: nameOrPath)
        }
        guard let entry = definitions.entry(nameOrPath) else {
            throw .unknownReport(name: nameOrPath, available: names)
        }
        return try ReportDefinition.load(entry)
    }
}

extension ReportDefinition {
    /// Reads and checks a report of a catalogue, a file or a built-in one.
    public static func load(_ entry: DefinitionCatalogue.Entry) throws(ExportError) -> ReportDefinition {
        guard entry.isBuiltIn, let data = entry.data() else { return try load(path: entry.path) }
        return try ReportDefinition(yaml: String(decoding: data, as: UTF8.self), path: entry.path)
    }
}
