import AppTrailModel
import Foundation
import KestraClient
import YAMLReader

/// The server's checks of `apptrail doctor`, from name resolution to the clock, each from as few requests as
/// it takes: one inspected `GET /api/v1/configs` gives resolution, connection, TLS, the answer's kind and the
/// `Date` header; then the generation, one page of the latest executions, one of them by id and the Apps API.
struct ServerChecks {
    let settings: Settings
    let client: KestraClient
    private var checks: [DoctorCheck.Name: DoctorCheck] = [:]
    /// `/api/v1/configs` answered 404: whether an API is there at all is settled by the next requests.
    var configsMissing = false

    /// Certificates that end sooner than this are a warning: a renewal is due.
    static let expiryWarning: Double = 14 * 86_400
    /// Clocks further apart than this are a warning: the sync re-reads only 5 minutes back.
    static let skewWarning: Double = 60
    /// Executions sampled for the label keys.
    static let sampleSize = 100

    init(settings: Settings, configuration: KestraClient.Configuration) {
        self.settings = settings
        var quick = configuration
        // A doctor answers in seconds: a failing server is reported, not waited for.
        quick.retry = .none
        quick.transport.requestTimeout = min(quick.transport.requestTimeout, 30)
        client = KestraClient(configuration: quick, appSource: AppYAML.definition)
    }

    private var host: String { URLComponents(string: client.configuration.baseURL)?.host ?? client.redactedBaseURL }

    /// The name-resolution line once the server was reached: an address needs none.
    private func resolved(_ address: String?) -> DoctorCheck {
        let literal = host.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "[" || $0 == "]" }
        if literal { return .ok(.nameResolution, "\(host) is an address: nothing to resolve") }
        return .ok(
            .nameResolution, address.map { "\(host) is \($0)" } ?? "\(host) resolved",
            details: address.map { ["address": .text($0)] } ?? [:])
    }

    /// Runs the checks and gives them in `DoctorCheck.Name` order, skipping those a failure left unanswered.
    mutating func run() -> [DoctorCheck] {
        reach()
        let order = DoctorCheck.Name.allCases.filter { $0 != .settings && $0 != .warehouse }
        let failed = order.first(where: { checks[$0]?.status == .fail })
        return order.map { name in
            checks[name]
                ?? .skip(name, "not checked: \(failed.map { "the \($0.rawValue) check failed" } ?? "no answer")")
        }
    }

    mutating func set(_ check: DoctorCheck) { checks[check.name] = check }

    // MARK: Reaching the server

    private mutating func reach() {
        set(baseURLCheck())
        let first: HTTPResponse
        do {
            first = try client.probe("/api/v1/configs", inspect: true)
        } catch {
            transportFailure(error)
            return
        }
        let peer = first.peer
        set(resolved(peer?.address))
        set(.ok(.connection, "connected to \(peer?.address ?? host) port \(peer?.port.map(String.init) ?? "?")"))
        set(tlsCheck(peer))
        clockCheck(first)
        guard answerCheck(first) else { return }
        identify()
    }

    private mutating func transportFailure(_ error: TransportError) {
        let detail = error.detail ?? error.message
        switch error.kind {
        case .resolution:
            set(
                .fail(
                    .nameResolution, "cannot resolve \(host): \(detail)",
                    fix:
                        "check the host name in the server URL (\(settings.origin(of: .server))), and this machine's DNS",
                    exitCode: .unavailable))
            return
        case .connection, .timeout, .other, .aborted:
            set(resolved(nil))
            set(
                .fail(
                    .connection, "no connection to \(client.redactedBaseURL): \(detail)",
                    fix:
                        "is Kestra running there? check the port of the server URL (\(settings.origin(of: .server))), and any firewall or proxy on the way",
                    exitCode: .unavailable))
            return
        case .certificate, .caBundle, .tls:
            set(resolved(nil))
            let port = URLComponents(string: client.configuration.baseURL)?.port.map { " port \($0)" } ?? ""
            set(.ok(.connection, "connected to \(host)\(port)"))
        }
        switch error.kind {
        case .certificate:
            var presented = ""
            if let refused = try? client.probe("/api/v1/configs", inspect: true, verify: false),
                let leaf = refused.peer?.certificates.first
            {
                presented = "; it presents \(describe(leaf))"
            }
            set(
                .fail(
                    .tls, "the certificate is not trusted (\(detail))\(presented)",
                    fix:
                        "for a private CA pass --ca-bundle FILE (the CA's certificate, PEM) or set ca_bundle in the config; for another name, use the name the certificate holds",
                    exitCode: .unavailable))
        case .caBundle:
            set(
                .fail(
                    .tls, "cannot use the CA bundle \(settings.transport.caBundle ?? ""): \(detail)",
                    fix: "give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)", exitCode: .config))
        default:
            set(
                .fail(
                    .tls, "the TLS handshake failed: \(detail)",
                    fix: "is the port one of HTTPS? a server of plain HTTP needs an http:// URL", exitCode: .unavailable
                ))
        }
    }

    private func describe(_ certificate: PeerInfo.Certificate) -> String {
        let expiry = certificate.expires.map { ", valid until \($0.isoDate)" } ?? ""
        return
            "\(OneLine.excerpt(certificate.subject, limit: 80)), issued by \(OneLine.excerpt(certificate.issuer, limit: 80))\(expiry)"
    }

    private func tlsCheck(_ peer: PeerInfo?) -> DoctorCheck {
        guard client.configuration.baseURL.lowercased().hasPrefix("https://") else {
            return .skip(.tls, "plain HTTP: no TLS")
        }
        guard let leaf = peer?.certificates.first else {
            return .ok(.tls, "TLS verified (the certificate could not be read back)")
        }
        var details: [String: DoctorCheck.Value] = [
            "subject": .text(leaf.subject), "issuer": .text(leaf.issuer),
        ]
        if let expires = leaf.expires { details["expires"] = .text(expires.iso) }
        if settings.transport.insecure {
            return .warn(
                .tls, "not verified (--insecure): \(describe(leaf))",
                fix: "drop --insecure; for a private CA pass --ca-bundle FILE", details: details)
        }
        let trust = settings.transport.caBundle.map { "trusted through the CA bundle \($0)" } ?? "trusted"
        if let expires = leaf.expires {
            let left = expires - settings.clock.now()
            if left < ServerChecks.expiryWarning {
                return .warn(
                    .tls, "\(trust): \(describe(leaf)), which is \(SpanText.format(seconds: max(0, left))) from now",
                    fix: "renew the server's certificate before it expires: the sync stops on an expired one",
                    details: details)
            }
        }
        return .ok(.tls, "\(trust): \(describe(leaf))", details: details)
    }

    private func baseURLCheck() -> DoctorCheck {
        guard let reduced = settings.serverURLReduction, let suffix = reduced.suffix else {
            return .ok(.baseURL, client.redactedBaseURL, details: ["base": .text(client.redactedBaseURL)])
        }
        let tenant = reduced.tenant.map { ", tenant \(OneLine.excerpt($0))" } ?? ""
        return .warn(
            .baseURL,
            "the server URL ends in \(OneLine.excerpt(URLRedactor.redact(suffix))), a path apptrail adds itself: the base is \(client.redactedBaseURL)\(tenant), which sync uses",
            fix: "set the server URL (\(settings.origin(of: .server))) to \(client.redactedBaseURL)",
            details: ["base": .text(client.redactedBaseURL)])
    }
}
