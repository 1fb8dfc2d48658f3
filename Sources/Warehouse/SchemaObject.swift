/// A table or view of the warehouse as SQLite itself describes it (`sqlite_master`, `PRAGMA table_info`).
public struct SchemaObject: Sendable, Equatable {
    public enum Kind: String, Sendable { case table, view }

    /// A column, with the type its declaration gives (empty for a view's computed column).
    public struct Column: Sendable, Equatable {
        public var name: String
        public var declaredType: String

        public init(name: String, declaredType: String) {
            self.name = name
            self.declaredType = declaredType
        }
    }

    public var name: String
    public var kind: Kind
    /// In the order of the table's definition.
    public var columns: [Column]

    public init(name: String, kind: Kind, columns: [Column]) {
        self.name = name
        self.kind = kind
        self.columns = columns
    }
}
