/// An app's definition, from the Kestra Apps API or an imported YAML file.
public struct AppDefinition: Hashable, Sendable {
    public enum Source: String, Sendable { case api, yaml }

    public var id: String
    public var name: String?
    public var type: String?
    public var namespace: String?
    public var flowId: String?
    public var disabled: Bool
    /// The app's creation date, the base of a TTL expiration.
    public var created: Instant?
    public var tags: [String]
    public var expiration: Expiration?
    public var source: Source

    public init(
        id: String, name: String? = nil, type: String? = nil, namespace: String? = nil, flowId: String? = nil,
        disabled: Bool = false, created: Instant? = nil, tags: [String] = [], expiration: Expiration? = nil,
        source: Source
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.namespace = namespace
        self.flowId = flowId
        self.disabled = disabled
        self.created = created
        self.tags = tags
        self.expiration = expiration
        self.source = source
    }
}

/// An app's expiration, in either shape Kestra's docs describe (docs/kestra-api.md section 6).
public enum Expiration: Hashable, Sendable {
    /// `type: TTL`: expires `ttl` after creation. `ttl` keeps the text as written (`PT30D`).
    case ttl(String)
    /// `type: DATE`: expires at this instant (a date alone means 00:00:00Z).
    case date(Instant)
    /// `type: LIMIT`: expires after this many submissions.
    case limit(Int)
    /// `startDate`/`endDate`: open between the two.
    case window(start: Instant?, end: Instant?)

    /// `TTL`, `DATE`, `LIMIT` or `WINDOW`, as exports name it.
    public var typeName: String {
        switch self {
        case .ttl: "TTL"
        case .date: "DATE"
        case .limit: "LIMIT"
        case .window: "WINDOW"
        }
    }
}
