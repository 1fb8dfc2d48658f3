import AppTrailModel

/// The Apps API of Enterprise servers (docs/kestra-api.md section 6).
extension KestraSimulator {
    func appSearch(_ query: QueryString) -> Reply {
        let page = Int(query.first("page") ?? "1") ?? 0
        let size = Int(query.first("size") ?? "10") ?? 0
        guard page >= 1, size >= 1 else { return .message(400, "page and size must be positive") }
        var apps = world.listedApps
        if let q = query.first("q")?.lowercased(), !q.isEmpty {
            apps = apps.filter { $0.id.lowercased().contains(q) || $0.name.lowercased().contains(q) }
        }
        if let ns = query.first("namespace"), !ns.isEmpty {
            apps = apps.filter { $0.namespace == ns || $0.namespace.hasPrefix(ns + ".") }
        }
        if let flowId = query.first("flowId"), !flowId.isEmpty { apps = apps.filter { $0.flowId == flowId } }
        for tag in query.all("tags") where !tag.isEmpty { apps = apps.filter { $0.tags.contains(tag) } }
        let descending = query.all("sort").contains { $0.hasSuffix(":desc") }
        apps.sort { descending ? $0.id > $1.id : $0.id < $1.id }
        let from = (page - 1) * size
        var out = Array("{\"results\":[".utf8)
        if from < apps.count {
            for (n, app) in apps[from..<min(apps.count, from + size)].enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                appendSummary(app, to: &out)
            }
        }
        out += Array("],\"total\":\(from < apps.count ? apps.count : 0)}".utf8)
        return .json(200, out)
    }

    func app(uid: String) -> Reply {
        guard let app = world.listedApps.first(where: { $0.id == uid }) else {
            return .message(404, "App '\(uid)' not found")
        }
        var out = Array("{\"uid\":".utf8)
        CanonicalJSON.appendString(app.id, to: &out)
        out += Array(",\"name\":".utf8)
        CanonicalJSON.appendString(app.name, to: &out)
        out += Array(",\"namespace\":".utf8)
        CanonicalJSON.appendString(app.namespace, to: &out)
        out += Array(",\"tags\":".utf8)
        appendTags(app.tags, to: &out)
        out += Array(",\"disabled\":\(app.disabled)".utf8)
        out += Array(",\"source\":".utf8)
        CanonicalJSON.appendString(app.yaml, to: &out)
        appendDates(app, to: &out)
        out.append(UInt8(ascii: "}"))
        return .json(200, out)
    }

    private func appendSummary(_ app: SimApp, to out: inout [UInt8]) {
        out += Array("{\"uid\":".utf8)
        CanonicalJSON.appendString(app.id, to: &out)
        out += Array(",\"id\":".utf8)
        CanonicalJSON.appendString(app.id, to: &out)
        out += Array(",\"name\":".utf8)
        CanonicalJSON.appendString(app.name, to: &out)
        out += Array(",\"type\":".utf8)
        CanonicalJSON.appendString(SimApp.type, to: &out)
        out += Array(",\"namespace\":".utf8)
        CanonicalJSON.appendString(app.namespace, to: &out)
        out += Array(",\"flowId\":".utf8)
        CanonicalJSON.appendString(app.flowId, to: &out)
        out += Array(",\"tags\":".utf8)
        appendTags(app.tags, to: &out)
        out += Array(",\"enabled\":\(!app.disabled)".utf8)
        appendDates(app, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    private func appendTags(_ tags: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (n, t) in tags.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(t, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendDates(_ app: SimApp, to out: inout [UInt8]) {
        out += Array(",\"created\":\"".utf8)
        WireTime.appendISO(app.created, to: &out)
        out += Array("\",\"updated\":\"".utf8)
        WireTime.appendISO(app.updated, to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
