import AppTrailModel
import Foundation

/// Reads the Apps API's JSON (Enterprise edition).
enum AppsDecoder {
    struct Summary {
        var uid: String
        var id: String
        var name: String?
        var type: String?
        var namespace: String?
        var flowId: String?
        var tags: [String]
        var enabled: Bool?
        var created: Instant?
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The JSON object in `bytes`, nil for other JSON; a body that is not JSON is a `Failure` in apptrail's
    /// words (Foundation's own text names none of what the user can change).
    static func jsonObject(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> [String: Any]? {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        } catch {
            let start = String(decoding: bytes.prefix(24), as: UTF8.self)
            throw Failure(
                description: bytes.isEmpty
                    ? "an empty body, not JSON" : "not JSON: it starts with '\(OneLine.excerpt(start, limit: 20))'")
        }
    }

    static func decodeSearch(_ bytes: UnsafeRawBufferPointer) throws -> [Summary] {
        guard let object = try jsonObject(bytes),
            let results = object["results"] as? [[String: Any]]
        else {
            throw Failure(description: "expected {\"results\": [...]}")
        }
        return try results.enumerated().map { index, item in
            guard let uid = (item["uid"] as? String) ?? (item["id"] as? String) else {
                throw Failure(description: "app \(index + 1) has no 'uid'")
            }
            return Summary(
                uid: uid, id: (item["id"] as? String) ?? uid, name: item["name"] as? String,
                type: item["type"] as? String,
                namespace: item["namespace"] as? String, flowId: item["flowId"] as? String,
                tags: item["tags"] as? [String] ?? [], enabled: item["enabled"] as? Bool,
                created: (item["created"] as? String).flatMap { Instant(iso: $0) }
            )
        }
    }

    static func decodeDetail(
        _ bytes: UnsafeRawBufferPointer, summary: Summary, readSource: KestraClient.AppSourceReader
    ) throws -> AppDefinition {
        guard let object = try jsonObject(bytes) else {
            throw Failure(description: "expected an app object")
        }
        var app = AppDefinition(
            id: summary.id, name: summary.name, type: summary.type, namespace: summary.namespace,
            flowId: summary.flowId,
            disabled: summary.enabled.map { !$0 } ?? false, created: summary.created, tags: summary.tags, source: .api
        )
        if let source = object["source"] as? String {
            if let parsed = try readSource(source, summary.id) {
                app.expiration = parsed.expiration
                app.type = app.type ?? parsed.type
                app.name = app.name ?? parsed.name
                app.namespace = app.namespace ?? parsed.namespace
                app.flowId = app.flowId ?? parsed.flowId
                if parsed.disabled { app.disabled = true }
            }
        }
        if let disabled = object["disabled"] as? Bool { app.disabled = disabled }
        if let created = (object["created"] as? String).flatMap({ Instant(iso: $0) }) { app.created = created }
        return app
    }
}
