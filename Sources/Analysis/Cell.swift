/// One value of a query's row, as SQLite stored it: apptrail's own, so that what formats, exports and reads
/// results needs no database library.
public enum Cell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var isNull: Bool { self == .null }

    /// The text of a text cell, or of a blob that is UTF-8 (as SQLite reads a blob as text); else nil.
    public var string: String? {
        switch self {
        case .text(let s): s
        case .blob(let b): String(validating: b, as: UTF8.self)
        default: nil
        }
    }

    /// An integer or a real as a Double; else nil.
    public var number: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .real(let d): d
        default: nil
        }
    }

    /// An integer, or a real cut toward zero when within 64 bits; else nil.
    public var integer: Int64? {
        switch self {
        case .integer(let n): n
        case .real(let d) where d >= Double(Int64.min) && d < Double(Int64.max): Int64(d)
        default: nil
        }
    }

    /// Whether the cell holds a number, integer or real.
    public var isNumber: Bool { number != nil }
}
