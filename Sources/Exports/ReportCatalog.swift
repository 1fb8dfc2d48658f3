import Analysis
import Foundation

/// The reports of a `reports/` folder, found by name or path.
public struct ReportCatalog: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `APPTRAIL_REPORTS`, `./reports`, beside the installed binary, or the source checkout.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportCatalog {
        ReportCatalog(directory: QueryCatalog.locateFolder("reports", variable: "APPTRAIL_REPORTS", environment: environment))
    }

    /// The names of the reports in the folder, sorted.
    public var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A report by name (a file of the folder without `.yaml`) or by path.
    public func report(_ nameOrPath: String) throws(ExportError) -> ReportDefinition {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw .badReport(path: nameOrPath, line: nil, message: "no such file")
            }
            return try ReportDefinition.load(path: nameOrPath)
        }
        let path = (directory as NSString).appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: path) else { throw .unknownReport(name: nameOrPath, available: names) }
        return try ReportDefinition.load(path: path)
    }
}
