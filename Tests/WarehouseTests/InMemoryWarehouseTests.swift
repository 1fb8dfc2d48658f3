import AppTrailModel
import AppTrailTestSupport
import GRDB
import Testing

@testable import Warehouse

/// `Warehouse.inMemory()`: the scratch warehouse of unit tests is a migrated warehouse like a file's.
@Suite struct InMemoryWarehouseTests {
    @Test func hasTheSchemaOfAWarehouseOnDisk() throws {
        let onDisk = try Warehouse.scratch().schemaObjects()
        let inMemory = try Warehouse.inMemory().schemaObjects()
        #expect(!inMemory.isEmpty)
        #expect(inMemory == onDisk)
    }

    @Test func storesAndReadsLikeAFile() throws {
        let w = try Warehouse.inMemory()
        #expect(w.path == ":memory:")
        let e1 = execution("e1", states: [("CREATED", "2026-11-16T09:00:00Z"), ("PAUSED", "2026-11-16T09:00:01Z")])
        let e2 = execution(
            "e2", app: "vacation", states: [("CREATED", "2026-11-16T09:00:00Z"), ("SUCCESS", "2026-11-16T09:00:02Z")])
        try w.seed([e1, e2], now: instant("2026-11-20T12:00:00Z"))
        #expect(try w.executionCount() == 2)
        #expect(try w.knownAppIds() == ["expenses", "vacation"])
        // One connection: the lanes run one after the other, and still each gets its own results.
        let count: Warehouse.ReadTask<Int> = { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM executions")! }
        #expect(try w.readInLanes([[count], [count, count]]) == [[2], [2, 2]])
    }

    @Test func twoAreTwoDatabases() throws {
        let first = try Warehouse.inMemory()
        let second = try Warehouse.inMemory()
        try first.seed(
            [execution("e1", states: [("CREATED", "2026-11-16T09:00:00Z")])], now: instant("2026-11-20T12:00:00Z"))
        #expect(try first.executionCount() == 1)
        #expect(try second.executionCount() == 0)
    }
}
