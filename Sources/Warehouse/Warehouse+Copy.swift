import Foundation
import GRDB

extension Warehouse {
    /// Copies the warehouse as it stands at one commit into a new file at `path`, for a dry run to work on.
    ///
    /// The copy is read in one read transaction: a sync committing meanwhile is neither waited for nor torn.
    public func copy(to path: String) throws(WarehouseError) {
        do {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.close()
        } catch {
            throw Warehouse.map(error, path: path)
        }
    }
}
