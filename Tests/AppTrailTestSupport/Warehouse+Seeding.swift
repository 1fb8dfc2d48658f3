import AppTrailModel
import Foundation
import Warehouse

extension Warehouse {
    /// A new warehouse file `apptrail.db` in a temporary folder of its own (named `prefix` and a UUID).
    public static func scratch(_ prefix: String = "apptrail-wh") throws -> Warehouse {
        try Warehouse(path: temporaryFolder(prefix) + "/apptrail.db")
    }

    /// Stores `records` as a sync would, with the default label keys and tenant `main`; a record without an app
    /// label is left out, as a sync leaves it out.
    public func seed(_ records: [ExecutionRecord], now: Instant) throws {
        try ingest(
            records.compactMap { ExecutionRow($0, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: "main") },
            now: now)
    }
}
