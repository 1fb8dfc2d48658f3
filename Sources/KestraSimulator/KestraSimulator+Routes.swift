import AppTrailModel
import FlyingFox
import Foundation
import Synchronization

/// The Kestra endpoints, per API generation and edition (docs/kestra-api.md).
extension KestraSimulator {
    /// A status, a body and extra headers.
    struct Reply {
        var status: Int
        var body: [UInt8]
        var headers: [(String, String)] = []

        static func json(_ status: Int, _ body: [UInt8]) -> Reply { Reply(status: status, body: body) }
        static func message(_ status: Int, _ text: String) -> Reply {
            var out = Array("{\"message\":".utf8)
            CanonicalJSON.appendString(text, to: &out)
            out.append(UInt8(ascii: "}"))
            return Reply(status: status, body: out)
        }
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let method = request.method.rawValue
        let rawPath = request.target.path(percentEncoded: true)
        let rawQuery = request.target.query(percentEncoded: true)
        let sentPath = request.path
        // Admin endpoints stay at the root whatever the prefix: they drive the simulator, not Kestra.
        if configuration.adminEndpoints && sentPath.hasPrefix("/_sim/") {
            return response(await admin(method: method, path: sentPath, query: QueryString(rawQuery)))
        }
        let target = rawQuery.isEmpty ? rawPath : rawPath + "?" + rawQuery
        // A login proxy answers before anything behind it sees the request: no prefix, fault or auth applies.
        if let title = configuration.loginPage {
            return logged(method, target, KestraSimulator.loginPageReply(title: title), nil)
        }
        // The log keeps the target as sent; faults and routes see the path as Kestra does behind the proxy,
        // so the same fault patterns hold whatever the prefix.
        guard let path = innerPath(sentPath) else {
            return logged(method, target, .message(404, "Page Not Found"), nil)
        }
        let fault = faults.take(method: method, path: path, query: rawQuery)
        var lie = 0
        if let fault {
            switch fault.kind {
            case .status(let code):
                return logged(method, target, Reply.message(code, "Simulated failure (\(code))"), fault)
            case .rateLimited(let seconds):
                var r = Reply.message(429, "Too many requests")
                r.headers.append(("Retry-After", String(seconds)))
                return logged(method, target, r, fault)
            case .dropConnection:
                requests.append(RequestRecord(method: method, target: target, status: 0, fault: fault.label))
                return ConnectionFaults.drop()
            case .slow(let seconds):
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
            case .lyingTotal(let delta):
                lie = delta
            case .malformedBody(let body):
                return logged(method, target, Reply.json(200, Array(body.utf8)), fault)
            case .advance(let seconds):
                advance(by: seconds)
            case .restart(let downtime):
                requests.append(RequestRecord(method: method, target: target, status: 0, fault: fault.label))
                restartSoon(downtime: downtime, after: 0)
                return ConnectionFaults.drop()
            case .truncatedBody:
                break
            }
        }
        var reply: Reply
        if method == "GET" && KestraSimulator.isUIPath(path) {
            reply = uiPageReply()
        } else if let denied = authorize(request, path: path) {
            reply = denied
        } else {
            reply = await route(method: method, path: path, query: QueryString(rawQuery), request: request, lie: lie)
        }
        if case .truncatedBody? = fault?.kind {
            requests.append(RequestRecord(method: method, target: target, status: reply.status, fault: fault?.label))
            return ConnectionFaults.truncate(response(reply), body: reply.body)
        }
        return logged(method, target, reply, fault)
    }

    private func logged(_ method: String, _ target: String, _ reply: Reply, _ fault: Fault?) -> HTTPResponse {
        requests.append(RequestRecord(method: method, target: target, status: reply.status, fault: fault?.label))
        return response(reply)
    }

    func response(_ reply: Reply) -> HTTPResponse {
        var headers = HTTPHeaders()
        if !reply.body.isEmpty { headers[.contentType] = "application/json" }
        for (k, v) in reply.headers { headers[HTTPHeader(k)] = v }
        // FlyingFox adds no Date to a handler's response (only its file handlers set one); the subscript
        // replaces, so this is the one Date header sent.
        headers[.date] = httpDate()
        return HTTPResponse(
            statusCode: HTTPStatusCode(reply.status, phrase: KestraSimulator.phrase(reply.status)),
            headers: headers, body: HTTPBodySequence(data: Data(reply.body), suggestedBufferSize: 1 << 18))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }

    // MARK: Auth

    /// Nil when the request may pass, else the 401 reply. Secrets are compared, never logged.
    private func authorize(_ request: HTTPRequest, path: String) -> Reply? {
        let header = request.headers[.authorization] ?? ""
        switch configuration.auth {
        case .none:
            return nil
        case .basic(let user, let password):
            if let decoded = KestraSimulator.basicCredentials(header), decoded == "\(user):\(password)" { return nil }
            var r = Reply.message(401, "Unauthorized")
            r.headers.append(("WWW-Authenticate", "Basic realm=\"Kestra\""))
            return r
        case .bearer(let token):
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", parts[1] == token { return nil }
            return Reply.message(401, "Unauthorized")
        }
    }

    static func basicCredentials(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]))
        else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Who a resume is attributed to: the basic-auth user, or a service account for a token.
    private func user(of request: HTTPRequest) -> String? {
        switch configuration.auth {
        case .none: nil
        case .basic:
            KestraSimulator.basicCredentials(request.headers[.authorization] ?? "").flatMap {
                $0.split(separator: ":").first.map(String.init)
            }
        case .bearer: "service-account@acme.com"
        }
    }

    // MARK: Routing

    private func route(method: String, path: String, query: QueryString, request: HTTPRequest, lie: Int) async -> Reply
    {
        let seg = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard seg.count >= 3, seg[0] == "api", seg[1] == "v1" else { return .message(404, "Page Not Found") }
        if seg.count == 3 && seg[2] == "configs" {
            return method == "GET" ? configs() : .message(405, "Method Not Allowed")
        }
        let api = configuration.api
        var rest: ArraySlice<String>
        if seg[2] == "executions" {
            // Only servers before tenants (<= 0.22) answer without a tenant in the path.
            guard api.isLegacy else { return .message(404, "Page Not Found") }
            rest = seg[2...]
        } else {
            guard seg[2] == configuration.tenant, !(api.isLegacy && configuration.edition == .oss) else {
                return .message(404, "Tenant '\(seg[2])' not found")
            }
            rest = seg[3...]
        }
        let r = Array(rest)
        if r.first == "apps" && configuration.edition == .ee && configuration.appsForbidden {
            return .message(403, "Forbidden: missing permission APP READ")
        }
        switch (method, r.count, r.first) {
        case ("GET", 2, "executions") where r[1] == "search":
            return search(query, lie: lie)
        case ("GET", 2, "executions"):
            return execution(id: r[1])
        case ("POST", 3, "executions") where r[2] == "resume" && !api.isV2,
            ("POST", 4, "executions") where r[2] == "actions" && r[3] == "resume" && api.isV2:
            return await resume(id: r[1], request: request)
        case ("GET", 2, "outputs") where api.isV2:
            return outputs(executionId: r[1], taskRunId: nil)
        case ("GET", 3, "outputs") where api.isV2:
            return outputs(executionId: r[1], taskRunId: r[2])
        case ("GET", 2, "apps") where configuration.edition == .ee:
            return r[1] == "search" ? appSearch(query) : app(uid: r[1])
        default:
            return .message(404, "Page Not Found")
        }
    }

    private func configs() -> Reply {
        var out = Array(
            "{\"uuid\":\"sim-\(configuration.seed)\",\"version\":\"\(configuration.api.version)\",\"edition\":\"\(configuration.edition.wire)\""
                .utf8)
        out += Array(
            ",\"commitId\":\"5eed5eed\",\"isBasicAuthInitialized\":true,\"systemNamespace\":\"system\",\"hiddenLabelsPrefixes\":[\"system.\"]}"
                .utf8)
        return .json(200, out)
    }

    // MARK: Executions

    func search(_ query: QueryString, lie: Int) -> Reply {
        let s = storage.withLock { $0 }
        let request: SearchRequest
        do {
            request = try SearchRequest(query: query, api: configuration.api, now: s.now)
        } catch {
            switch error {
            case .badRequest(let m): return .message(400, m)
            case .unprocessable(let m): return .message(422, m)
            }
        }
        let (offset, overflow) = (request.page - 1).multipliedReportingOverflow(by: request.size)
        let from = overflow ? Int.max : offset
        let ordered = results(request, s, limit: overflow ? nil : offset + request.size)
        let renderer = ExecutionRenderer(config: configuration)
        var out = [UInt8]()
        let pageCount = from < ordered.count ? min(request.size, ordered.count - from) : 0
        out.reserveCapacity(64 + pageCount * 4_096)
        out += Array("{\"results\":[".utf8)
        if pageCount > 0 {
            out += renderItems(ordered[from..<(from + pageCount)], s, renderer)
        }
        // SQL backends answer total 0 for a page past the end.
        let total = pageCount > 0 || from == 0 ? ordered.count + lie : 0
        out += Array("],\"total\":\(total)}".utf8)
        return .json(200, out)
    }

    /// Renders search items separated by commas; large pages are cut in chunks rendered on all cores.
    private func renderItems(_ items: ArraySlice<UInt32>, _ s: DatasetStorage, _ renderer: ExecutionRenderer) -> [UInt8]
    {
        let chunks = items.count >= 200 ? min(4, ProcessInfo.processInfo.activeProcessorCount) : 1
        let per = (items.count + chunks - 1) / chunks
        let parts = Mutex<[[UInt8]]>(Array(repeating: [], count: chunks))
        let world = self.world
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = items.startIndex + c * per
            let hi = min(items.endIndex, lo + per)
            var out = [UInt8]()
            out.reserveCapacity((hi - lo) * 4_096)
            for k in lo..<hi {
                if k > items.startIndex { out.append(UInt8(ascii: ",")) }
                renderer.append(world.observe(s, Int(items[k])), shape: .searchItem, to: &out)
            }
            parts.withLock { $0[c] = out }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// The ordered matches of a search, cached per dataset version (offset paging asks the same query per page).
    private func results(_ request: SearchRequest, _ s: DatasetStorage, limit: Int?) -> [UInt32] {
        if let hit = cache.withLock({ $0.version == s.version ? $0.results[request.cacheKey] : nil }) { return hit }
        var engine = SearchEngine(world: world, storage: s)
        if request.conditions.contains(where: { $0.field == .state }) {
            engine.byState = stateIndex.withLock { index in
                if index.version != s.version { index = (s.version, SearchEngine.stateIndex(s)) }
                return index.byState
            }
        }
        if request.conditions.contains(where: { $0.field == .endDate }) {
            engine.byEnd = endIndex.withLock { index in
                if index.version != s.version { index = (s.version, SearchEngine.endIndex(s)) }
                return index.byEnd
            }
        }
        let (computed, complete) = engine.run(request, limit: limit)
        guard complete else { return computed }
        cache.withLock { c in
            if c.version != s.version { c = (s.version, [:]) }
            if c.results.count > 32 { c.results.removeAll() }
            c.results[request.cacheKey] = computed
        }
        return computed
    }

    private func execution(id: String) -> Reply {
        guard let body = executionJSON(id: id) else { return .message(404, "Execution '\(id)' not found") }
        return .json(200, body)
    }

    private func resume(id: String, request: HTTPRequest) async -> Reply {
        let s = storage.withLock { $0 }
        guard index(of: id, in: s) != nil else { return .message(404, "Execution '\(id)' not found") }
        let body = (try? await request.bodyData) ?? Data()
        let inputs = KestraSimulator.formFields(body, contentType: request.headers[.contentType] ?? "")
        guard resume(id: id, by: user(of: request), inputs: inputs) else {
            return .message(409, "Execution '\(id)' is not paused")
        }
        if configuration.api.isV2, let json = executionJSON(id: id) { return .json(200, json) }
        return Reply(status: 204, body: [])
    }

    private func outputs(executionId: String, taskRunId: String?) -> Reply {
        let s = storage.withLock { $0 }
        guard let i = index(of: executionId, in: s) else {
            return .message(404, "Execution '\(executionId)' not found")
        }
        let e = world.observe(s, i)
        var out = [UInt8]()
        if let taskRunId {
            guard let t = e.tasks.first(where: { $0.id == taskRunId }) else {
                return .message(404, "Task run '\(taskRunId)' not found")
            }
            (t.outputs ?? .object([])).appendWire(to: &out)
            return .json(200, out)
        }
        out.append(UInt8(ascii: "["))
        var first = true
        for t in e.tasks where t.outputs != nil {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += Array("{\"taskId\":".utf8)
            CanonicalJSON.appendString(t.taskId, to: &out)
            out += Array(",\"taskRunId\":".utf8)
            CanonicalJSON.appendString(t.id, to: &out)
            if let v = t.value {
                out += Array(",\"value\":".utf8)
                CanonicalJSON.appendString(v, to: &out)
            }
            out += Array(",\"inline\":true}".utf8)
        }
        out.append(UInt8(ascii: "]"))
        return .json(200, out)
    }

    /// The fields of a resume form (multipart or url-encoded); anything else gives none.
    static func formFields(_ body: Data, contentType: String) -> [String: String] {
        var fields: [String: String] = [:]
        let text = String(decoding: body, as: UTF8.self)
        if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            for (k, v) in QueryString(text).items { fields[k] = v }
            return fields
        }
        guard let range = contentType.range(of: "boundary=") else { return fields }
        let boundary = "--" + contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        for part in text.components(separatedBy: boundary) {
            guard let headerEnd = part.range(of: "\r\n\r\n"),
                let nameStart = part.range(of: "name=\""),
                nameStart.upperBound < headerEnd.lowerBound,
                let nameEnd = part[nameStart.upperBound...].firstIndex(of: "\"")
            else { continue }
            var value = String(part[headerEnd.upperBound...])
            if value.hasSuffix("\r\n") { value.removeLast() } // "\r\n" is one Character
            fields[String(part[nameStart.upperBound..<nameEnd])] = value
        }
        return fields
    }
}
