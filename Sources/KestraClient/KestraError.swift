import AppTrailModel

/// What went wrong talking to Kestra, as one line that names the request (credentials stripped).
public enum KestraError: AppTrailError, Sendable {
    /// No answer, or still 5xx/429 after every retry.
    case unreachable(url: String, reason: String, attempts: Int)
    /// 401: the credentials were refused.
    case authentication(url: String)
    /// 403: the credentials were accepted but may not read `resource` (`executions`, `apps`).
    case forbidden(url: String, resource: String)
    /// 404: the server URL, tenant or API version is wrong.
    case notFound(url: String)
    /// Another 4xx, with the server's own message.
    case rejected(url: String, status: Int, message: String)
    /// A 2xx answer that is an HTML page, not Kestra's JSON: a login proxy, a UI route, a portal.
    case htmlPage(HTMLPage, url: String)
    /// A 3xx: the URL is a page that redirects (a login proxy, http to https), which apptrail does not follow.
    case redirected(url: String, status: Int, location: String)
    /// A body that cannot be read as what was asked for.
    case badResponse(context: String, url: String, detail: String)
    /// The server's TLS certificate failed verification (libcurl's reason in `detail`).
    case untrustedCertificate(url: String, detail: String)
    /// The CA bundle cannot be used: not PEM, or no certificate in it.
    case badCABundle(path: String, detail: String)
    /// Another TLS failure during the handshake.
    case tls(url: String, detail: String)
    /// SIGINT or SIGTERM arrived: no request was started, or the one in flight was cut short.
    case interrupted(signal: Int32)

    public var exitCode: ExitCode {
        switch self {
        case .unreachable: .unavailable
        case .authentication, .forbidden: .noPermission
        case .notFound: .config
        case .rejected, .htmlPage, .redirected: .unavailable
        case .badResponse: .dataError
        case .untrustedCertificate, .tls: .unavailable
        case .badCABundle: .config
        case .interrupted(let signal): Interruption.exitCode(of: signal)
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let url, let reason, let attempts):
            "server unreachable after \(attempts) \(attempts == 1 ? "try" : "tries"): \(reason) (\(url))"
        case .authentication(let url):
            "authentication refused (HTTP 401): check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME/KESTRA_PASSWORD (\(url))"
        case .forbidden(let url, let resource):
            "permission denied (HTTP 403): the credentials were accepted but may not read \(resource) in this tenant; grant the token's user or service account read access to \(resource) (\(url))"
        case .notFound(let url):
            "not found (HTTP 404): check --server, --tenant and --api-version (\(url))"
        case .rejected(let url, let status, let message):
            "server refused the request (HTTP \(status)): \(message) (\(url))"
        case .htmlPage(let page, let url):
            "the server answered \(page.described), not Kestra's API: is --server the API's base URL, behind a login proxy? (\(url))"
        case .redirected(let url, let status, let location):
            "the server redirected the request (HTTP \(status)) to \(location.isEmpty ? "nowhere" : location), which apptrail does not follow: set --server to where Kestra's API answers, not to a login proxy or an http:// address that moved (\(url))"
        case .badResponse(let context, let url, let detail):
            "bad response for \(context): \(detail) (\(url))"
        case .untrustedCertificate(let url, let detail):
            "the server's TLS certificate is not trusted (\(detail)): for a private CA pass --ca-bundle FILE or set ca_bundle in the config (\(url))"
        case .badCABundle(let path, let detail):
            "cannot use the CA bundle \(path): \(detail)"
        case .tls(let url, let detail):
            "TLS handshake failed: \(detail) (\(url))"
        case .interrupted(let signal):
            "interrupted by \(Interruption.name(of: signal))"
        }
    }
}

extension Interruption {
    /// Ends the work in hand at this safe point once a stop was asked for: `KestraError.interrupted`.
    public func stopIfRequested() throws(KestraError) {
        if let signal { throw .interrupted(signal: signal) }
    }
}
