import AppTrailModel
import Yams

/// Reads Kestra app definitions written in YAML, with either expiration shape of docs/kestra-api.md section 6.
public enum AppYAML {
    /// A definition that cannot be read, with where it is.
    public struct ParseError: AppTrailError {
        public var origin: String
        public var line: Int?
        public var message: String
        public var exitCode: ExitCode { .dataError }
        public var description: String {
            if let line { return "\(origin):\(line): \(message)" }
            return "\(origin): \(message)"
        }
    }

    /// Every app of a YAML text (one app per document); `origin` names the file in errors.
    public static func parse(_ text: String, origin: String, source: AppDefinition.Source = .yaml) throws(ParseError)
        -> [AppDefinition]
    {
        var apps: [AppDefinition] = []
        do {
            try YAMLReader.forEachDocument(text) { document in
                if document.null == nil { apps.append(try app(document, origin: origin, source: source)) }
            }
        } catch let error as ParseError {
            throw error
        } catch let error as YAMLReader.Failure {
            throw ParseError(origin: origin, line: error.line, message: error.message)
        } catch {
            throw ParseError(
                origin: origin, line: nil, message: "not valid YAML: \(OneLine.excerpt("\(error)", limit: 200))")
        }
        return apps
    }

    /// The app the Apps API's `source` of app `appId` states (its first document): `KestraClient`'s `appSource`.
    public static func definition(source: String, appId: String) throws(ParseError) -> AppDefinition? {
        try parse(source, origin: "app \(appId) source").first
    }

    static func app(_ node: Node, origin: String, source: AppDefinition.Source) throws -> AppDefinition {
        guard let map = node.mapping else {
            throw ParseError(origin: origin, line: node.line, message: "an app must be a mapping with an 'id'")
        }
        func string(_ key: String) throws -> String? {
            guard let value = map[key] else { return nil }
            if value.null != nil { return nil }
            guard let s = value.scalar?.string else {
                throw ParseError(origin: origin, line: value.line, message: "'\(key)' must be text")
            }
            return s
        }
        guard let id = try string("id"), !id.isEmpty else {
            throw ParseError(origin: origin, line: node.line, message: "the app has no 'id'")
        }
        var disabled = false
        if let d = map["disabled"] {
            guard let b = d.bool else {
                throw ParseError(origin: origin, line: d.line, message: "'disabled' must be true or false")
            }
            disabled = b
        }
        var created: Instant?
        if let c = try string("created") {
            guard let instant = Instant(iso: c) else {
                throw ParseError(
                    origin: origin, line: map["created"]!.line,
                    message: "'created' is not a date or instant: \(OneLine.excerpt(c))")
            }
            created = instant
        }
        var tags: [String] = []
        if let t = map["tags"] { tags = t.sequence?.compactMap { $0.scalar?.string } ?? [] }
        var expiration: Expiration?
        if let e = map["expiration"], e.null == nil {
            expiration = try parseExpiration(e, origin: origin)
        }
        return AppDefinition(
            id: id, name: try string("displayName") ?? string("name"), type: try string("type"),
            namespace: try string("namespace"), flowId: try string("flowId"), disabled: disabled, created: created,
            tags: tags, expiration: expiration, source: source
        )
    }

    static func parseExpiration(_ node: Node, origin: String) throws -> Expiration? {
        guard let map = node.mapping else {
            throw ParseError(origin: origin, line: node.line, message: "'expiration' must be a mapping")
        }
        // Unknown keys elsewhere in an app are Kestra's (access, layout, ...); inside `expiration` a
        // misspelt key would silently change when the app expires.
        let known = ["type", "ttl", "date", "limit", "startDate", "endDate"]
        for (key, _) in map where !known.contains(key.string ?? "") {
            throw ParseError(
                origin: origin, line: key.line,
                message:
                    "unknown key '\(OneLine.excerpt(key.string ?? "?"))' in 'expiration'; expected: \(known.joined(separator: ", "))"
            )
        }
        func text(_ key: String) -> (String, Node)? {
            guard let v = map[key], v.null == nil, let s = v.scalar?.string else { return nil }
            return (s, v)
        }
        func instant(_ key: String) throws -> Instant? {
            guard let (s, v) = text(key) else { return nil }
            guard let i = Instant(iso: s) else {
                throw ParseError(
                    origin: origin, line: v.line,
                    message: "'expiration.\(key)' is not a date or instant: \(OneLine.excerpt(s))")
            }
            return i
        }
        if let (type, typeNode) = text("type") {
            switch type.uppercased() {
            case "TTL":
                guard let (ttl, ttlNode) = text("ttl") else {
                    throw ParseError(
                        origin: origin, line: typeNode.line, message: "'expiration.ttl' is missing for type TTL")
                }
                guard ISODuration.micros(ttl) != nil else {
                    throw ParseError(
                        origin: origin, line: ttlNode.line,
                        message: "'expiration.ttl' is not an ISO-8601 duration: \(OneLine.excerpt(ttl))")
                }
                return .ttl(ttl)
            case "DATE":
                guard let date = try instant("date") else {
                    throw ParseError(
                        origin: origin, line: typeNode.line, message: "'expiration.date' is missing for type DATE")
                }
                return .date(date)
            case "LIMIT":
                guard let (l, limitNode) = text("limit") else {
                    throw ParseError(
                        origin: origin, line: typeNode.line, message: "'expiration.limit' is missing for type LIMIT")
                }
                guard let limit = Int(l), limit >= 0 else {
                    throw ParseError(
                        origin: origin, line: limitNode.line,
                        message: "'expiration.limit' must be a whole number: \(OneLine.excerpt(l))")
                }
                return .limit(limit)
            default:
                throw ParseError(
                    origin: origin, line: typeNode.line,
                    message: "unknown expiration type '\(OneLine.excerpt(type))'; expected TTL, DATE or LIMIT")
            }
        }
        let start = try instant("startDate")
        let end = try instant("endDate")
        if start == nil && end == nil { return nil }
        return .window(start: start, end: end)
    }
}
