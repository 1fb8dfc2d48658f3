import AppTrailModel
import Foundation
import KestraClient

/// The answer, the API and what the credentials may read, the label keys in use and the clock.
extension ServerChecks {
    private static let configsRequest = "GET /api/v1/configs"
    private static let htmlFix =
        "point the server URL at Kestra's own address (the API's base URL); behind a login proxy, have it let /api/ through with the token"

    /// Whether the first answer came from Kestra's API (or may have, as a 404 the next requests settle).
    mutating func answerCheck(_ response: HTTPResponse) -> Bool {
        if let page = HTMLPage(response) {
            set(
                .fail(
                    .answer, "\(Self.configsRequest) answered \(page.described), not Kestra's JSON",
                    fix: Self.htmlFix, exitCode: .unavailable))
            return false
        }
        switch response.status {
        case 200..<300:
            guard (try? JSONSerialization.jsonObject(with: Data(response.body))) is [String: Any] else {
                set(
                    .fail(
                        .answer, "\(Self.configsRequest) answered a body that is not Kestra's JSON",
                        fix: "check that the server URL is Kestra's, and what answers in front of it",
                        exitCode: .dataError))
                return false
            }
            set(.ok(.answer, "Kestra's JSON (\(Self.configsRequest))"))
        case 401, 403:
            set(.ok(.answer, "the API answered HTTP \(response.status) to \(Self.configsRequest): credentials below"))
        case 404:
            configsMissing = true
        case 300..<400:
            let location = response.redirectTarget
            set(
                .fail(
                    .answer,
                    "\(Self.configsRequest) answered a redirect (HTTP \(response.status)) to \(location.isEmpty ? "nowhere" : location), which apptrail does not follow",
                    fix:
                        "set the server URL to where Kestra's API answers: https:// when http:// moved, Kestra's own address behind a login proxy",
                    exitCode: .unavailable))
            return false
        default:
            set(
                .fail(
                    .answer, "\(Self.configsRequest) answered HTTP \(response.status)",
                    fix: "the server, or a proxy in front of it, is failing: see its logs, and try again later",
                    exitCode: .unavailable))
            return false
        }
        return true
    }

    /// The generation and edition, the executions the credentials may read, one of them by id, the Apps API,
    /// and from the latest executions the label keys in use.
    mutating func identify() {
        let generation: APIGeneration
        do {
            generation = try client.connect()
        } catch {
            set(failure(error, in: .answer))
            return
        }
        if configsMissing {
            set(.ok(.answer, "Kestra's JSON (the executions search; \(Self.configsRequest) answered 404)"))
        }
        let latest: ExecutionPage
        do {
            latest = try client.latestExecutions(size: ServerChecks.sampleSize)
        } catch {
            set(failure(error, in: .search))
            set(apiCheck(generation))
            return
        }
        let total = latest.total.map { "\(NumberText.grouped($0)) execution\($0 == 1 ? "" : "s")" }
        set(.ok(.search, "readable\(total.map { ": \($0) in \(tenantText(generation))" } ?? "")"))
        if let first = latest.results.first {
            do {
                if try client.execution(id: first.id) == nil {
                    set(
                        .warn(
                            .execution,
                            "the search lists execution \(OneLine.excerpt(first.id)) but reading it by id answers 404",
                            fix: "the search index lags the executions: try again in a minute"))
                } else {
                    set(.ok(.execution, "readable (execution \(OneLine.excerpt(first.id)))"))
                }
            } catch {
                set(failure(error, in: .execution))
            }
        } else {
            set(.skip(.execution, "no execution to read: the server holds none yet"))
        }
        var apps: Int?
        do {
            apps = try client.appCount()
            if let apps {
                set(.ok(.apps, "readable: \(NumberText.counted(apps, "app"))", details: ["apps": .number(apps)]))
            } else {
                set(
                    .skip(.apps, generation == .v0_22 ? "no Apps API before 0.23" : "no Apps API (open-source edition)")
                )
            }
        } catch .forbidden {
            set(
                .warn(
                    .apps,
                    "permission denied (HTTP 403) on the Apps API: the sync goes on without the apps' definitions (names, expiration)",
                    fix: "grant the token's user or service account read access to apps in this tenant"))
        } catch {
            set(failure(error, in: .apps))
        }
        set(apiCheck(generation))
        set(labelsCheck(latest.results, apps: apps))
    }

    private func tenantText(_ generation: APIGeneration) -> String {
        generation == .v0_22 ? "the server" : "tenant \(OneLine.excerpt(client.configuration.tenant))"
    }

    private func apiCheck(_ generation: APIGeneration) -> DoctorCheck {
        let version = client.serverVersion.map { ", Kestra \(OneLine.excerpt($0))" } ?? ""
        let edition: String
        switch client.edition {
        case .ee: edition = "Enterprise edition (Apps API)"
        case .oss: edition = "open-source edition (no Apps API)"
        case nil: edition = "edition not reported"
        }
        let tenant =
            generation == .v0_22
            ? "no tenants" : "tenant \(OneLine.excerpt(client.configuration.tenant)) (\(settings.origin(of: .tenant)))"
        var details: [String: DoctorCheck.Value] = [
            "generation": .text(generation.rawValue), "tenant": .text(client.configuration.tenant),
        ]
        if let v = client.serverVersion { details["version"] = .text(v) }
        if let e = client.edition { details["edition"] = .text(e.rawValue) }
        return .ok(.api, "generation \(generation)\(version), \(edition), \(tenant)", details: details)
    }

    /// How many of the latest executions carry each app label key, the defaults and the configured ones.
    private func labelsCheck(_ sample: [ExecutionRecord], apps: Int?) -> DoctorCheck {
        let configured = settings.labelKeys
        var keys = ExecutionFacts.defaultLabelKeys
        for key in configured where !keys.contains(key) { keys.append(key) }
        let counts = keys.map { key in sample.filter { $0.label(key) != nil }.count }
        let neither = sample.filter { $0.app(labelKeys: keys) == nil }.count
        var details: [String: DoctorCheck.Value] = ["sampled": .number(sample.count), "without": .number(neither)]
        for (key, count) in zip(keys, counts) { details[key] = .number(count) }
        if let apps { details["apps_listed"] = .number(apps) }
        let listed = apps.map { "; the Apps API lists \(NumberText.counted($0, "app"))" } ?? ""
        guard !sample.isEmpty else {
            return .warn(
                .labels, "the server holds no executions yet\(listed)",
                fix: "nothing to sync until an app runs: submit one of its forms, or check the tenant", details: details
            )
        }
        let carried = zip(keys, counts).map { "\($1) carry \($0)" }.joined(separator: ", ")
        let message = "of the latest \(sample.count) executions, \(carried), \(neither) neither\(listed)"
        let used = zip(keys, counts).filter { configured.contains($0.0) }.map(\.1).reduce(0, +)
        if let missed = zip(keys, counts).first(where: { !configured.contains($0.0) && $0.1 > 0 }) {
            return .warn(
                .labels, message,
                fix:
                    "executions carry \(missed.0), which the label keys (\(settings.origin(of: .labelKeys))) leave out: add --label-key \(missed.0)",
                details: details)
        }
        if used == 0 {
            return .warn(
                .labels, message,
                fix:
                    "no recent execution carries an app label: apps may not run on this server and tenant, or use another key (--label-key)",
                details: details)
        }
        return .ok(.labels, message, details: details)
    }

    /// The server's `Date` against this machine's clock (or `APPTRAIL_NOW`).
    mutating func clockCheck(_ response: HTTPResponse) {
        guard let text = response.header("date"), let date = HTTPDate.parse(text) else {
            set(.skip(.clock, "the server sent no Date header"))
            return
        }
        let skew = (date - settings.clock.now()).rounded()
        let local = settings.origins[.now] == nil ? "this machine's clock" : "APPTRAIL_NOW"
        let details: [String: DoctorCheck.Value] = ["skew_seconds": .number(Int(skew))]
        guard abs(skew) > ServerChecks.skewWarning else {
            let apart =
                skew == 0
                ? "agrees with \(local)"
                : "is \(SpanText.format(seconds: abs(skew))) \(skew > 0 ? "ahead of" : "behind") \(local)"
            set(.ok(.clock, "the server's clock \(apart)", details: details))
            return
        }
        set(
            .warn(
                .clock,
                "the server's clock is \(SpanText.format(seconds: abs(skew))) \(skew > 0 ? "ahead of" : "behind") \(local)",
                fix:
                    "synchronise both clocks (NTP): the sync re-reads 5 minutes before its watermark, and a skew past a minute eats that margin",
                details: details))
    }

    /// A client error as the check it belongs to fails: the credentials at the first request that uses them,
    /// a page where JSON was due at the answer.
    private func failure(_ error: KestraError, in check: DoctorCheck.Name) -> DoctorCheck {
        // The credentials fail at the first request that uses them: the search, when connecting found them out.
        let asked = check == .answer ? DoctorCheck.Name.search : check
        let request: String
        switch check {
        case .execution: request = "reading one execution"
        case .apps: request = "the Apps API"
        default: request = "the executions search"
        }
        switch error {
        case .htmlPage(let page, _):
            return .fail(
                .answer, "the server answered \(page.described), not Kestra's JSON", fix: Self.htmlFix,
                exitCode: .unavailable)
        case .authentication:
            return .fail(
                asked, "authentication refused (HTTP 401) on \(request)",
                fix:
                    "check the token (KESTRA_API_TOKEN, --token-file, token_file) or KESTRA_USERNAME and KESTRA_PASSWORD",
                exitCode: .noPermission)
        case .forbidden(_, let resource):
            return .fail(
                asked,
                "permission denied (HTTP 403) on \(request): the credentials were accepted but may not read \(resource)",
                fix: "grant the token's user or service account read access to \(resource) in this tenant",
                exitCode: .noPermission)
        case .notFound:
            if check == .answer && configsMissing {
                return .fail(
                    .answer,
                    "no Kestra API at \(client.redactedBaseURL): /api/v1/configs and the executions search answer 404",
                    fix:
                        "set the server URL to Kestra's base URL, with the path a reverse proxy serves it under (https://host/kestra)",
                    exitCode: .config)
            }
            return .fail(
                asked,
                "tenant '\(OneLine.excerpt(client.configuration.tenant))' not found: \(request) answers 404",
                fix:
                    "check the tenant (\(settings.origin(of: .tenant))): Kestra's UI shows it in its addresses (/ui/TENANT/...)",
                exitCode: .config)
        case .badResponse(let context, _, let detail):
            return .fail(
                check, "bad response for \(context): \(detail)",
                fix: "check what answers at the server URL: a proxy may rewrite Kestra's answers", exitCode: .dataError)
        default:
            return .fail(
                check, String(describing: error),
                fix: "the server, or a proxy in front of it, is failing: see its logs, and try again later",
                exitCode: error.exitCode)
        }
    }
}
