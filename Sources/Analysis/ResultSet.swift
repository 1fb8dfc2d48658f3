import GRDB

/// The rows a query returned.
public struct ResultSet: Sendable {
    public var columns: [String]
    public var rows: [[DatabaseValue]]
}
