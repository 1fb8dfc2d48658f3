import AppTrailModel
import Foundation
import GRDB

extension Warehouse {
    /// Stores app definitions by id, replacing earlier ones.
    public func upsertApps(_ apps: [AppDefinition], now: Instant) throws(WarehouseError) {
        try write { db in
            for app in apps {
                var ttl: String?
                var date: String?
                var limit: Int?
                var start: String?
                var end: String?
                switch app.expiration {
                case .ttl(let t): ttl = t
                case .date(let d): date = d.iso
                case .limit(let l): limit = l
                case .window(let s, let e):
                    start = s?.iso
                    end = e?.iso
                case nil: break
                }
                let tags =
                    "["
                    + app.tags.map { t -> String in
                        var out: [UInt8] = []
                        CanonicalJSON.appendString(t, to: &out)
                        return String(decoding: out, as: UTF8.self)
                    }.joined(separator: ",") + "]"
                try db.execute(
                    sql: """
                        INSERT INTO apps (app_id, name, type, namespace, flow_id, disabled, created_at, tags_json, expiration_type,
                            expiration_ttl, expiration_ttl_s, expiration_date, expiration_limit, expiration_start, expiration_end,
                            source, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(app_id) DO UPDATE SET name = excluded.name, type = excluded.type, namespace = excluded.namespace,
                            flow_id = excluded.flow_id, disabled = excluded.disabled, created_at = excluded.created_at,
                            tags_json = excluded.tags_json, expiration_type = excluded.expiration_type,
                            expiration_ttl = excluded.expiration_ttl, expiration_ttl_s = excluded.expiration_ttl_s,
                            expiration_date = excluded.expiration_date,
                            expiration_limit = excluded.expiration_limit, expiration_start = excluded.expiration_start,
                            expiration_end = excluded.expiration_end, source = excluded.source, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        app.id, app.name, app.type, app.namespace, app.flowId, app.disabled, app.created?.iso, tags,
                        app.expiration?.typeName, ttl, ttl.flatMap(ISODuration.seconds), date, limit, start, end,
                        app.source.rawValue, now.iso,
                    ])
            }
        }
    }

    /// The stored app definitions, by id.
    public func appDefinitions() throws(WarehouseError) -> [AppDefinition] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apps ORDER BY app_id").map { row in
                let type: String? = row["expiration_type"]
                var expiration: Expiration?
                switch type {
                case "TTL": expiration = (row["expiration_ttl"] as String?).map { .ttl($0) }
                case "DATE":
                    expiration = (row["expiration_date"] as String?).flatMap { Instant(iso: $0) }.map { .date($0) }
                case "LIMIT": expiration = (row["expiration_limit"] as Int?).map { .limit($0) }
                case "WINDOW":
                    expiration = .window(
                        start: (row["expiration_start"] as String?).flatMap { Instant(iso: $0) },
                        end: (row["expiration_end"] as String?).flatMap { Instant(iso: $0) })
                default: expiration = nil
                }
                let tagsJSON: String = row["tags_json"]
                let tags = (try? JSONDecoderShim.strings(tagsJSON)) ?? []
                return AppDefinition(
                    id: row["app_id"], name: row["name"], type: row["type"], namespace: row["namespace"],
                    flowId: row["flow_id"],
                    disabled: row["disabled"], created: (row["created_at"] as String?).flatMap { Instant(iso: $0) },
                    tags: tags,
                    expiration: expiration, source: AppDefinition.Source(rawValue: row["source"]) ?? .yaml
                )
            }
        }
    }
}

enum JSONDecoderShim {
    static func strings(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
