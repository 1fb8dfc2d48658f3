import AppTrailModel
import GRDB

/// `percentile_inc(x, p)`: Excel's `PERCENTILE.INC` as an SQL aggregate, so that queries in `queries/`
/// compute percentiles exactly as metrics.md defines them. NULL values of `x` are ignored; no value gives NULL.
struct PercentileAggregate: DatabaseAggregate {
    private var values: [Double] = []
    private var p: Double?

    init() {}

    mutating func step(_ arguments: [DatabaseValue]) throws {
        if p == nil { p = Double.fromDatabaseValue(arguments[1]) }
        if let x = Double.fromDatabaseValue(arguments[0]) { values.append(x) }
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        guard let p else { return nil }
        return Percentile.inc(values, p)
    }

    static let function = DatabaseFunction("percentile_inc", argumentCount: 2, pure: true, aggregate: PercentileAggregate.self)
}
