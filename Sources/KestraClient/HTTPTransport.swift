import AppTrailModel
import CCurl
import Foundation

/// Settings of the HTTP connection to a Kestra server.
public struct TransportOptions: Sendable {
    /// Seconds allowed to open a connection.
    public var connectTimeout: Double = 10
    /// Seconds allowed for one whole request, body included.
    public var requestTimeout: Double = 120
    /// A PEM file of CA certificates for servers behind a private CA.
    public var caBundle: String?
    /// Turns TLS verification off. Never the default.
    public var insecure = false
    public var userAgent = "apptrail"

    public init(
        connectTimeout: Double = 10, requestTimeout: Double = 120, caBundle: String? = nil, insecure: Bool = false
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.caBundle = caBundle
        self.insecure = insecure
    }
}

/// One HTTP response: status, the headers apptrail reads, and the body bytes.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    /// The address and certificates of the peer, for a request made with `inspect` (`apptrail doctor`).
    public var peer: PeerInfo?

    public init(status: Int, headers: [String: String] = [:], body: [UInt8], peer: PeerInfo? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.peer = peer
    }

    /// A header by lower-case name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Where a redirect points, as a message may show it: credentials stripped, one short line; empty when
    /// the response names no `Location`.
    public var redirectTarget: String { OneLine.excerpt(URLRedactor.redact(header("location") ?? ""), limit: 120) }
}

/// A failure below HTTP: the request got no complete response.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The host name did not resolve (DNS), or the resolver timed out.
        case resolution
        case connection, timeout
        /// The server's certificate failed verification: an unknown CA, an expired certificate, another name.
        case certificate
        /// The CA bundle given (`--ca-bundle`, `ca_bundle`) cannot be used.
        case caBundle
        /// Another TLS failure: no common protocol or cipher, a handshake cut short.
        case tls
        /// `shouldAbort` asked to stop the request (a sync being interrupted).
        case aborted
        case other
    }
    public var kind: Kind
    /// libcurl's message, which names no credentials.
    public var message: String
    /// libcurl's own account of this failure (`SSL certificate problem: ...`), when it gave one.
    public var detail: String?
    /// The redacted URL of the request.
    public var url: String
    public var description: String { "\(message) (\(url))" }

    public init(kind: Kind, message: String, detail: String? = nil, url: String) {
        self.kind = kind
        self.message = message
        self.detail = detail
        self.url = url
    }
}

/// An HTTP client over one reused libcurl easy handle, so connections are kept alive between pages.
///
/// This is the only file that imports libcurl. A handle is not thread-safe: one transport per task.
public final class HTTPTransport {
    private let handle: UnsafeMutableRawPointer
    private let options: TransportOptions
    /// Asked about once a second while a request is in flight; true cuts it short (`TransportError.Kind.aborted`),
    /// so that Ctrl-C does not wait for a slow server.
    public var shouldAbort: (@Sendable () -> Bool)?

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(options: TransportOptions = TransportOptions()) {
        _ = HTTPTransport.globalInit
        guard let h = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        handle = h
        self.options = options
    }

    deinit { curl_easy_cleanup(handle) }

    /// The version of libcurl apptrail runs with.
    public static var libraryVersion: String { String(cString: apptrail_curl_version()) }

    /// Performs a GET and returns the whole response; throws only when no complete response came.
    ///
    /// `headers` are sent as given (`Name: value`); they may carry credentials and are never logged. With
    /// `inspect`, the response also says whom it came from (`peer`: address, certificate chain); `verify: false`
    /// skips TLS verification for this request alone, so that `apptrail doctor` can show the certificate a
    /// failed verification refused (it sends no credentials then).
    public func perform(url: String, headers: [String] = [], inspect: Bool = false, verify: Bool = true)
        throws(TransportError) -> HTTPResponse
    {
        let h = handle
        curl_easy_reset(h)
        let sink = ResponseSink(shouldAbort: shouldAbort)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }

        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }

        apptrail_curl_setopt_string(h, CURLOPT_URL, url)
        apptrail_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        apptrail_curl_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0)
        apptrail_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        apptrail_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(options.requestTimeout * 1000))
        apptrail_curl_setopt_string(h, CURLOPT_USERAGENT, options.userAgent)
        apptrail_curl_setopt_string(h, CURLOPT_ACCEPT_ENCODING, "")
        apptrail_curl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        if let ca = options.caBundle { apptrail_curl_setopt_string(h, CURLOPT_CAINFO, ca) }
        if inspect { apptrail_curl_setopt_long(h, CURLOPT_CERTINFO, 1) }
        if options.insecure || !verify {
            apptrail_curl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 0)
            apptrail_curl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let list { apptrail_curl_setopt_slist(h, CURLOPT_HTTPHEADER, list) }
        apptrail_curl_setopt_write(h) { ptr, size, count, ctx in
            guard let ptr, let ctx else { return 0 }
            let n = size * count
            let sink = Unmanaged<ResponseSink>.fromOpaque(ctx).takeUnretainedValue()
            ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
                sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
            }
            return n
        }
        apptrail_curl_setopt_pointer(h, CURLOPT_WRITEDATA, context.toOpaque())
        apptrail_curl_setopt_header(h) { ptr, size, count, ctx in
            guard let ptr, let ctx else { return 0 }
            let n = size * count
            let sink = Unmanaged<ResponseSink>.fromOpaque(ctx).takeUnretainedValue()
            let line = ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
                String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
            }
            sink.header(line)
            return n
        }
        apptrail_curl_setopt_pointer(h, CURLOPT_HEADERDATA, context.toOpaque())
        if shouldAbort != nil {
            apptrail_curl_setopt_long(h, CURLOPT_NOPROGRESS, 0)
            apptrail_curl_setopt_xferinfo(h) { ctx, _, _, _, _ in
                guard let ctx else { return 0 }
                return Unmanaged<ResponseSink>.fromOpaque(ctx).takeUnretainedValue().shouldAbort?() == true ? 1 : 0
            }
            apptrail_curl_setopt_pointer(h, CURLOPT_XFERINFODATA, context.toOpaque())
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        apptrail_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer)

        let code = curl_easy_perform(h)
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            let detail = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
            let kind: TransportError.Kind
            switch code {
            // A resolver that never answers is a timeout to libcurl; it is the name that failed all the same.
            case CURLE_OPERATION_TIMEDOUT: kind = detail.hasPrefix("Resolving timed out") ? .resolution : .timeout
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .resolution
            case CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR,
                CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
                kind = .connection
            case CURLE_PEER_FAILED_VERIFICATION: kind = .certificate
            case CURLE_SSL_CACERT_BADFILE: kind = .caBundle
            case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM: kind = .tls
            case CURLE_ABORTED_BY_CALLBACK: kind = .aborted
            default: kind = .other
            }
            throw TransportError(
                kind: kind, message: message, detail: detail.isEmpty || detail == message ? nil : detail,
                url: URLRedactor.redact(url))
        }
        var status = 0
        apptrail_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(
            status: status, headers: sink.headers, body: sink.body, peer: inspect ? peerInfo() : nil)
    }

    /// The address and the certificate chain of the last transfer (`CURLOPT_CERTINFO` was on).
    private func peerInfo() -> PeerInfo {
        var address: UnsafeMutablePointer<CChar>?
        apptrail_curl_getinfo_string(handle, CURLINFO_PRIMARY_IP, &address)
        var port = 0
        apptrail_curl_getinfo_long(handle, CURLINFO_PRIMARY_PORT, &port)
        var chain: [[String]] = []
        var info: UnsafeMutablePointer<curl_certinfo>?
        if apptrail_curl_getinfo_certinfo(handle, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0,
            let lists = info.pointee.certinfo
        {
            for i in 0..<Int(info.pointee.num_of_certs) {
                var fields: [String] = []
                var item = lists[i]
                while let entry = item {
                    if let data = entry.pointee.data { fields.append(String(cString: data)) }
                    item = entry.pointee.next
                }
                chain.append(fields)
            }
        }
        return PeerInfo(
            address: address.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 },
            port: port > 0 ? port : nil, certificates: chain.map(PeerInfo.Certificate.init(fields:)))
    }
}

/// Collects one response; handed to libcurl's callbacks through an opaque pointer.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    let shouldAbort: (@Sendable () -> Bool)?

    init(shouldAbort: (@Sendable () -> Bool)?) {
        self.shouldAbort = shouldAbort
        body.reserveCapacity(64 * 1024)
    }

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }
}
