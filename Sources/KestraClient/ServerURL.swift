import Foundation

/// A server URL as users paste it, reduced to the base URL the API paths are appended to.
///
/// The address bar gives `https://host/ui/main/executions`, the API docs give `https://host/api/v1` or
/// `https://host/api/v1/main`; apptrail appends `/api/v1/...` itself, so each of these would double the
/// path. The first `ui` segment, or `api` (with `v1` and a tenant after it), ends the base; a prefix before
/// it (`https://host/kestra/api/v1`) stays, since a reverse proxy may serve Kestra under one.
public struct ServerURL: Sendable, Equatable {
    /// The URL to append API paths to: no suffix, no trailing slash, no query or fragment.
    public var base: String
    /// The part taken off (`/api/v1/main`, `/ui/main/executions`), or nil when the URL was a base already.
    public var suffix: String?
    /// The tenant an `/api/v1/TENANT` suffix names.
    public var tenant: String?

    /// Path segments after `/api/v1/` that are resources of servers without tenants (0.22), not a tenant.
    static let resources: Set<String> = [
        "executions", "flows", "apps", "configs", "namespaces", "logs", "stats", "plugins", "templates", "triggers",
        "users", "usages", "settings", "dashboards", "kv", "secrets", "taskruns", "blueprints", "outputs",
    ]

    public init(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else {
            self.init(base: url, suffix: nil, tenant: nil)
            return
        }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        let origin = String(url[..<authorityEnd])
        let rest = url[authorityEnd...]
        let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let segments = rest[..<pathEnd].split(separator: "/").map(String.init)
        let trailer = rest[pathEnd...]
        var cut: Int?
        var tenant: String?
        for (i, segment) in segments.enumerated() {
            if segment == "ui" {
                cut = i
                break
            }
            if segment == "api", i + 1 == segments.count || segments[i + 1] == "v1" {
                cut = i
                if i + 2 < segments.count, !ServerURL.resources.contains(segments[i + 2]) {
                    tenant = segments[i + 2].removingPercentEncoding ?? segments[i + 2]
                }
                break
            }
        }
        let kept = segments[..<(cut ?? segments.count)].map { "/" + $0 }.joined()
        guard let cut else {
            // A trailing slash is no suffix: the client drops it without a word.
            self.init(base: origin + kept + (trailer.isEmpty ? "" : String(trailer)), suffix: nil, tenant: nil)
            return
        }
        let removed = segments[cut...].map { "/" + $0 }.joined() + trailer
        self.init(base: origin + kept, suffix: removed, tenant: tenant)
    }

    init(base: String, suffix: String?, tenant: String?) {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.suffix = suffix
        self.tenant = tenant
    }
}
