import AppTrailModel
import Foundation
import KestraClient

/// The effective settings of one apptrail command: flags over environment over config file over defaults.
public struct Settings: Sendable {
    public var databasePath = "./apptrail.db"
    public var serverURL: String?
    public var tenant = "main"
    public var credentials: Credentials = .none
    public var labelKeys = ExecutionFacts.defaultLabelKeys
    public var apiVersion: APIVersionChoice = .auto
    public var transport = TransportOptions()
    public var retry = RetryPolicy()
    public var clock = Clock.system
    /// Where each setting that is not a default came from.
    public var origins: [SettingKey: SettingOrigin] = [:]
    /// The config file read, if any, and what named it.
    public var configFile: (path: String, origin: SettingOrigin)?
    /// Settings that could not be used, when they were read to be shown rather than used
    /// (`config show` prints the others and marks these).
    public var unusable: [SettingKey: Problem] = [:]

    public init() {}

    /// The client configuration, or a usage error when no server URL is set.
    public func clientConfiguration() throws(Problem) -> KestraClient.Configuration {
        guard let serverURL, !serverURL.isEmpty else {
            throw Problem(.usage, "no Kestra server: pass --server URL or set KESTRA_URL")
        }
        guard serverURL.hasPrefix("http://") || serverURL.hasPrefix("https://") else {
            throw Problem(
                .usage, "the server URL must start with http:// or https://: \(URLRedactor.redact(serverURL))")
        }
        var credentials = self.credentials
        // Credentials in the URL move to the Authorization header, so the URL itself stays printable; they
        // give way to KESTRA_API_TOKEN or KESTRA_USERNAME, and leave the URL either way.
        var url = serverURL
        if let (user, password, stripped) = Settings.splitCredentials(serverURL) {
            if case .none = credentials { credentials = .basic(user: user, password: password) }
            url = stripped
        }
        let reduced = ServerURL(url)
        url = reduced.base
        var tenant = self.tenant
        if let named = reduced.tenant, named != tenant {
            if let origin = origins[.tenant] {
                throw Problem(
                    .config,
                    "the server URL names tenant '\(OneLine.excerpt(named))' (\(reduced.suffix ?? "")) but the \(origin) sets '\(OneLine.excerpt(tenant))': keep one"
                )
            }
            tenant = named
        }
        if let ca = transport.caBundle, !FileManager.default.isReadableFile(atPath: ca) {
            throw Problem(.noInput, "cannot read the CA bundle \(ca)")
        }
        return KestraClient.Configuration(
            baseURL: url, tenant: tenant, credentials: credentials, apiVersion: apiVersion,
            transport: transport, retry: retry)
    }
}

extension Settings {
    /// Where the setting `key` came from: its recorded origin, or the default.
    public func origin(of key: SettingKey) -> SettingOrigin { origins[key] ?? .byDefault }

    /// What was taken off the server URL to reach its base (`/api/v1/main`, `/ui/...`), or nil.
    public var serverURLReduction: ServerURL? {
        guard let serverURL else { return nil }
        let reduced = ServerURL(Settings.splitCredentials(serverURL)?.url ?? serverURL)
        return reduced.suffix == nil ? nil : reduced
    }

    /// The one line that says the server URL was reduced to its base, or nil when it was a base already.
    public var serverURLNote: String? {
        guard let reduced = serverURLReduction, let suffix = reduced.suffix else { return nil }
        let origin = origins[.server].map { " (\($0))" } ?? ""
        let tenant = reduced.tenant.map { ", tenant \(OneLine.excerpt($0))" } ?? ""
        return
            "the server URL\(origin) ends in \(OneLine.excerpt(URLRedactor.redact(suffix))), a path apptrail adds itself: using \(URLRedactor.redact(reduced.base))\(tenant)"
    }

    /// The user, password and credential-free URL of a URL with `user:password@`, or nil.
    static func splitCredentials(_ url: String) -> (user: String, password: String, url: String)? {
        guard let parsed = URLComponents(string: url), let user = parsed.user else { return nil }
        var stripped = parsed
        stripped.user = nil
        stripped.password = nil
        return (
            user.removingPercentEncoding ?? user, (parsed.password ?? "").removingPercentEncoding ?? "",
            stripped.string ?? URLRedactor.redact(url)
        )
    }

    /// Every secret these settings hold (token, password, the basic header's base64, and those of
    /// credentials in the server URL), for masking output.
    public var secrets: [String] {
        var all = credentials.secrets
        if let serverURL, let (user, password, _) = Settings.splitCredentials(serverURL) {
            all += Credentials.basic(user: user, password: password).secrets
            if let raw = URLComponents(string: serverURL)?.percentEncodedPassword { all.append(raw) }
        }
        return all
    }

    /// Reads the environment variables of docs/commands/README.md into these settings.
    public mutating func apply(environment env: [String: String]) throws(Problem) {
        if let db = env["APPTRAIL_DB"], !db.isEmpty {
            databasePath = db
            origins[.db] = .environment("APPTRAIL_DB")
        }
        for name in ["KESTRA_URL", "KESTRA_HOST"] {
            if let url = env[name], !url.isEmpty {
                serverURL = url
                origins[.server] = .environment(name)
                break
            }
        }
        if let tenant = env["KESTRA_TENANT"], !tenant.isEmpty {
            self.tenant = tenant
            origins[.tenant] = .environment("KESTRA_TENANT")
        }
        if let token = env["KESTRA_API_TOKEN"], !token.isEmpty {
            credentials = .bearer(token: token)
            origins[.credentials] = .environment("KESTRA_API_TOKEN")
        } else if let user = env["KESTRA_USERNAME"], !user.isEmpty {
            credentials = .basic(user: user, password: env["KESTRA_PASSWORD"] ?? "")
            origins[.credentials] = .environment("KESTRA_USERNAME")
        }
        if let now = env["APPTRAIL_NOW"], !now.isEmpty {
            guard let instant = Instant(iso: now) else {
                throw Problem(.usage, "APPTRAIL_NOW is not an ISO-8601 instant: \(now)")
            }
            clock = Clock(pinned: instant)
            origins[.now] = .environment("APPTRAIL_NOW")
        }
    }

    /// Reads a bearer token from a file (`--token-file`), trimmed of surrounding whitespace.
    public mutating func readToken(file: String, origin: SettingOrigin = .flag("--token-file")) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Problem(.noInput, "cannot read the token file \(file)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw Problem(.config, "the token file \(file) is empty") }
        credentials = .bearer(token: token)
        origins[.credentials] = origin
    }
}
