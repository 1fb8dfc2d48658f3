import AppTrailModel
import Foundation

/// A client of one Kestra server's executions and apps API, over one kept-alive connection.
///
/// Not thread-safe (it owns a libcurl handle): use one client per task.
public final class KestraClient {
    /// Where the server is and how to talk to it.
    public struct Configuration: Sendable {
        public var baseURL: String
        public var tenant: String
        public var credentials: Credentials
        public var apiVersion: APIVersionChoice
        public var transport: TransportOptions
        public var retry: RetryPolicy

        public init(
            baseURL: String, tenant: String = "main", credentials: Credentials = .none,
            apiVersion: APIVersionChoice = .auto,
            transport: TransportOptions = TransportOptions(), retry: RetryPolicy = RetryPolicy()
        ) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.tenant = tenant
            self.credentials = credentials
            self.apiVersion = apiVersion
            self.transport = transport
            self.retry = retry
        }
    }

    /// Reads the YAML `source` the Apps API gives with an app (`appId`) into the definition it states; the
    /// client reads no YAML itself (YAMLReader's `AppYAML.definition(source:appId:)` does).
    public typealias AppSourceReader = (_ source: String, _ appId: String) throws -> AppDefinition?

    public let configuration: Configuration
    private let readAppSource: AppSourceReader
    let transport: HTTPTransport
    private let sleep: (Double) -> Void
    /// The credentials, masked in what the server sends back: an echoing proxy must not put them into a
    /// message or the warehouse.
    private let mask: SecretMask
    private var random = SystemRandomNumberGenerator()

    /// The generation in use, once known (fixed by configuration or probed by `connect()`).
    public private(set) var generation: APIGeneration?
    /// The edition the server reported, when it did.
    public private(set) var edition: Edition?
    /// The server version the server reported, when it did.
    public private(set) var serverVersion: String?
    /// HTTP requests sent, retries included.
    public internal(set) var requestCount = 0
    /// Called before each retry with a one-line, credential-free reason.
    public var onRetry: ((String) -> Void)?
    /// Once it is requested, no request starts and the one in flight is cut short: `KestraError.interrupted`.
    public var interruption: Interruption? {
        didSet {
            if let stop = interruption {
                transport.shouldAbort = { stop.requested }
            } else {
                transport.shouldAbort = nil
            }
        }
    }

    public init(
        configuration: Configuration, appSource: @escaping AppSourceReader,
        sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.configuration = configuration
        self.readAppSource = appSource
        self.transport = HTTPTransport(options: configuration.transport)
        self.sleep = sleep
        self.mask = SecretMask(configuration.credentials.secrets)
        if case .fixed(let g) = configuration.apiVersion { generation = g }
    }

    /// The base URL without credentials, for messages and the warehouse.
    public var redactedBaseURL: String { URLRedactor.redact(configuration.baseURL) }

    // MARK: Discovery

    /// Finds the API generation (unless fixed) and edition by asking `/api/v1/configs`, falling back to
    /// probing the search paths.
    @discardableResult
    public func connect() throws(KestraError) -> APIGeneration {
        let response = try send(path: "/api/v1/configs", allowNotFound: true)
        if response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        {
            if let version = object["version"] as? String {
                serverVersion = version
                if generation == nil { generation = APIGeneration(serverVersion: version) }
            }
            if let e = (object["edition"] as? String)?.lowercased() { edition = Edition(rawValue: e) }
        }
        if let generation { return generation }
        let tenantProbe = try send(path: tenantPath("/executions/search") + "?page=1&size=1", allowNotFound: true)
        if tenantProbe.status == 200 {
            generation = .v1
            return .v1
        }
        let legacyProbe = try send(path: "/api/v1/executions/search?page=1&size=1", allowNotFound: true)
        guard legacyProbe.status == 200 else { throw .notFound(url: url("/api/v1/executions/search")) }
        generation = .v0_22
        return .v0_22
    }

    private func requireGeneration() throws(KestraError) -> APIGeneration {
        if let generation { return generation }
        return try connect()
    }

    // MARK: Executions

    /// One page of a search; `context` names it in errors (`page 3 of app expenseApproval`).
    public func search(_ search: ExecutionSearch, page: Int, size: Int, context: String) throws(KestraError)
        -> ExecutionPage
    {
        let g = try requireGeneration()
        let path =
            (g == .v0_22 ? "/api/v1/executions/search" : tenantPath("/executions/search"))
            + "?" + search.queryString(generation: g, page: page, size: size)
        let response = try send(path: path)
        return try decode(response, path: path, context: context) { try ExecutionPageDecoder.decodePage($0) }
    }

    /// One execution by id; nil when the server no longer has it (purged).
    public func execution(id: String) throws(KestraError) -> ExecutionRecord? {
        let g = try requireGeneration()
        let path = (g == .v0_22 ? "/api/v1/executions/" : tenantPath("/executions/")) + PercentEncoding.encode(id)
        let response = try send(path: path, allowNotFound: true)
        if response.status == 404 { return nil }
        return try decode(response, path: path, context: "execution \(id)") {
            try ExecutionPageDecoder.decodeExecution($0)
        }
    }

    /// The last Pause task run of an execution, for 2.0 servers whose search items carry no task runs.
    ///
    /// The full execution's task runs tell which run paused last (by its own history, since a run killed
    /// while paused has no outputs); that run's outputs map tells who resumed it. Without task runs, the
    /// outputs listing is read from its last entry back instead.
    public func pauseTaskRun(executionId: String) throws(KestraError) -> PauseTaskRun? {
        guard let full = try execution(id: executionId) else { return nil }
        if full.hasTaskRuns {
            guard let pause = full.pauseTaskRun else { return nil }
            guard pause.resumedBy == nil, let taskRunId = pause.taskRunId else { return pause }
            return try taskRunOutputs(executionId: executionId, taskRunId: taskRunId)
                ?? PauseTaskRun(taskRunId: taskRunId, resumedBy: nil)
        }
        let path = tenantPath("/outputs/") + PercentEncoding.encode(executionId)
        let response = try send(path: path, allowNotFound: true)
        if response.status == 404 { return nil }
        let listing = try decode(response, path: path, context: "outputs of execution \(executionId)") {
            try ExecutionPageDecoder.decodeOutputs($0)
        }
        if let pause = listing.pause { return pause }
        for taskRunId in listing.taskRunIds.reversed() {
            if let pause = try taskRunOutputs(executionId: executionId, taskRunId: taskRunId) { return pause }
        }
        return nil
    }

    /// One task run's outputs map, as a Pause task run when it holds `onResume` or `resumed`.
    private func taskRunOutputs(executionId: String, taskRunId: String) throws(KestraError) -> PauseTaskRun? {
        let path =
            tenantPath("/outputs/") + PercentEncoding.encode(executionId) + "/" + PercentEncoding.encode(taskRunId)
        let response = try send(path: path, allowNotFound: true)
        if response.status == 404 { return nil }
        return try decode(response, path: path, context: "outputs of task run \(taskRunId) of execution \(executionId)")
        {
            try ExecutionPageDecoder.decodeTaskRunOutputs($0, taskRunId: taskRunId)
        }
    }

    // MARK: Apps

    /// The app definitions of the Apps API; nil when the server has none (open source: 404).
    public func apps() throws(KestraError) -> [AppDefinition]? {
        if edition == .oss || generation == .v0_22 { return nil }
        var result: [AppDefinition] = []
        var page = 1
        while true {
            let path = tenantPath("/apps/search") + "?page=\(page)&size=100&sort=id%3Aasc"
            // An Enterprise server has the Apps API: a 404 there means a wrong tenant, not "no apps".
            let response = try send(path: path, allowNotFound: edition != .ee)
            if response.status == 404 { return page == 1 ? nil : result }
            let summaries = try decode(response, path: path, context: "page \(page) of apps") {
                try AppsDecoder.decodeSearch($0)
            }
            for summary in summaries {
                let detailPath = tenantPath("/apps/") + PercentEncoding.encode(summary.uid)
                let detail = try send(path: detailPath)
                let app = try decode(detail, path: detailPath, context: "app \(summary.id)") {
                    try AppsDecoder.decodeDetail($0, summary: summary, readSource: readAppSource)
                }
                result.append(app)
            }
            if summaries.count < 100 { return result }
            page += 1
        }
    }

    // MARK: Plumbing

    /// What a request path reads, for a 403's message.
    static func resource(of path: String) -> String {
        if path.contains("/apps") { return "apps" }
        if path.contains("/configs") { return "the server's configuration" }
        return "executions"
    }

    func tenantPath(_ rest: String) -> String {
        "/api/v1/" + PercentEncoding.encode(configuration.tenant) + rest
    }

    func url(_ path: String) -> String { URLRedactor.redact(configuration.baseURL + path) }

    func decode<T>(
        _ response: HTTPResponse, path: String, context: String, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws(KestraError) -> T {
        do {
            return try response.body.withUnsafeBytes { try body($0) }
        } catch {
            throw .badResponse(context: context, url: url(path), detail: mask.mask(String(describing: error)))
        }
    }

    /// Sends a GET with retries; returns only 2xx (and 404 when allowed), throws for the rest.
    func send(path: String, allowNotFound: Bool = false) throws(KestraError) -> HTTPResponse {
        let full = configuration.baseURL + path
        var headers = ["Accept: application/json"]
        if let auth = configuration.credentials.authorizationHeader { headers.append(auth) }
        let policy = configuration.retry
        var attempt = 0
        while true {
            try interruption?.stopIfRequested()
            attempt += 1
            requestCount += 1
            var reason: String
            var retryAfter: Double?
            do {
                let response = try transport.perform(url: full, headers: headers)
                switch response.status {
                case 200..<300:
                    // Checked before any decoding, so that no generation is claimed from a page.
                    if let page = HTMLPage(response) { throw KestraError.htmlPage(page, url: url(path)) }
                    return response
                case 404 where allowNotFound:
                    return response
                case 300..<400:
                    // Followed, a redirect would carry the credentials to wherever it points.
                    throw KestraError.redirected(
                        url: url(path), status: response.status,
                        location: mask.mask(response.redirectTarget))
                case 401:
                    throw KestraError.authentication(url: url(path))
                case 403:
                    throw KestraError.forbidden(url: url(path), resource: KestraClient.resource(of: path))
                case 404:
                    throw KestraError.notFound(url: url(path))
                case let s where RetryPolicy.isRetryable(status: s):
                    reason = "HTTP \(s)"
                    if s == 429 {
                        retryAfter = RetryPolicy.retryAfterSeconds(
                            response.header("retry-after"), now: Instant(seconds: Date().timeIntervalSince1970))
                        if let r = retryAfter, r > policy.maxRetryAfter {
                            throw KestraError.unreachable(
                                url: url(path), reason: "HTTP 429 with Retry-After \(Int(r)) s", attempts: attempt)
                        }
                    }
                default:
                    throw KestraError.rejected(
                        url: url(path), status: response.status,
                        message: mask.mask(ServerMessage.extract(response.body)))
                }
            } catch let error as KestraError {
                throw error
            } catch let error as TransportError {
                // Retrying does not change a certificate: these fail at once.
                let detail = mask.mask(error.detail ?? error.message)
                switch error.kind {
                case .certificate: throw KestraError.untrustedCertificate(url: url(path), detail: detail)
                case .caBundle:
                    throw KestraError.badCABundle(path: configuration.transport.caBundle ?? "", detail: detail)
                case .tls: throw KestraError.tls(url: url(path), detail: detail)
                case .aborted: throw KestraError.interrupted(signal: interruption?.signal ?? SIGINT)
                case .resolution, .connection, .timeout, .other: break
                }
                reason = error.message
            } catch {
                reason = String(describing: error)
            }
            guard attempt < policy.maxAttempts else {
                throw KestraError.unreachable(url: url(path), reason: reason, attempts: attempt)
            }
            let delay = policy.delay(
                afterAttempt: attempt, retryAfter: retryAfter, random: Double.random(in: 0..<1, using: &random))
            onRetry?(
                "\(reason); try \(attempt + 1) of \(policy.maxAttempts) in \(String(format: "%.1f", delay)) s (\(url(path)))"
            )
            sleep(delay)
            try interruption?.stopIfRequested()
        }
    }
}

/// The message of an error body, short and on one line.
enum ServerMessage {
    static func extract(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            for key in ["message", "error", "detail"] {
                if let m = object[key] as? String, !m.isEmpty { return oneLine(m) }
            }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : oneLine(text)
    }

    static func oneLine(_ s: String) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
}
