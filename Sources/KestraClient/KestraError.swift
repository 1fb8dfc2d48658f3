import AppTrailModel

/// What went wrong talking to Kestra, as one line that names the request (credentials stripped).
public enum KestraError: AppTrailError, Sendable {
    /// No answer, or still 5xx/429 after every retry.
    case unreachable(url: String, reason: String, attempts: Int)
    /// 401 or 403.
    case authentication(url: String, status: Int)
    /// 404: the server URL, tenant or API version is wrong.
    case notFound(url: String)
    /// Another 4xx, with the server's own message.
    case rejected(url: String, status: Int, message: String)
    /// A body that cannot be read as what was asked for.
    case badResponse(context: String, url: String, detail: String)

    public var exitCode: ExitCode {
        switch self {
        case .unreachable: .unavailable
        case .authentication: .noPermission
        case .notFound: .config
        case .rejected: .unavailable
        case .badResponse: .dataError
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let url, let reason, let attempts):
            "server unreachable after \(attempts) \(attempts == 1 ? "try" : "tries"): \(reason) (\(url))"
        case .authentication(let url, let status):
            "authentication refused (HTTP \(status)): check KESTRA_API_TOKEN or KESTRA_USERNAME/KESTRA_PASSWORD (\(url))"
        case .notFound(let url):
            "not found (HTTP 404): check --server, --tenant and --api-version (\(url))"
        case .rejected(let url, let status, let message):
            "server refused the request (HTTP \(status)): \(message) (\(url))"
        case .badResponse(let context, let url, let detail):
            "bad response for \(context): \(detail) (\(url))"
        }
    }
}
