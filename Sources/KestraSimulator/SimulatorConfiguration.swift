import AppTrailModel
import Foundation

/// Everything that shapes a simulated Kestra server: the dataset and how the server speaks.
public struct SimulatorConfiguration: Sendable {
    /// The seed of every random choice: same seed and settings, same bytes.
    public var seed: UInt64
    /// Executions generated before `now` (more arrive with `advance`).
    public var executions: Int
    /// Apps in the catalog (form and approval apps; one uses the legacy `system_app` label key).
    public var apps: Int
    /// How many apps of the catalog, the last ones, the Apps API does not list, as if deleted since or in a
    /// namespace the token cannot see: their executions still carry their labels. The last app of a catalog
    /// is the one on the legacy `system_app` key.
    public var unlistedApps: Int
    /// The simulator's clock at start.
    public var now: Instant
    /// How far back the generated executions reach.
    public var weeksOfHistory: Int
    /// The tenant id; open-source servers always use `main`.
    public var tenant: String
    public var api: SimulatedAPI
    public var edition: SimulatedEdition
    public var auth: SimulatorAuth
    /// Serve the `/_sim/...` admin endpoints (no auth, never faulted, never counted).
    public var adminEndpoints: Bool
    /// The title of an HTML login page answered (200) to every request outside `/_sim/`, as a login proxy
    /// (oauth2-proxy, an SSO gateway) in front of Kestra does; nil serves Kestra itself.
    public var loginPage: String?
    /// The sub-path the whole server (API and UI) is served under, as behind a reverse proxy: `/kestra` serves
    /// `/kestra/api/v1/...`. Normalised on every assignment (one leading slash, no trailing one; "" for none).
    public var pathPrefix: String {
        didSet { pathPrefix = Self.normalizedPrefix(pathPrefix) }
    }
    /// Seconds added to the clock in the `Date` header of every response (negative: a server running late).
    public var clockSkew: Double
    /// On Enterprise servers, answer 403 to the Apps API alone, as for a token without the APP READ permission.
    public var appsForbidden: Bool

    public init(
        seed: UInt64 = 42, executions: Int = 1_000, apps: Int = 8, unlistedApps: Int = 0,
        now: Instant = Instant(year: 2026, month: 11, day: 25, hour: 12), weeksOfHistory: Int = 6,
        tenant: String? = nil, api: SimulatedAPI = .v1, edition: SimulatedEdition = .ee, auth: SimulatorAuth = .none,
        adminEndpoints: Bool = false, loginPage: String? = nil, pathPrefix: String = "", clockSkew: Double = 0,
        appsForbidden: Bool = false
    ) {
        self.seed = seed
        self.executions = max(0, executions)
        self.apps = max(0, apps)
        self.unlistedApps = min(max(0, unlistedApps), self.apps)
        self.now = now
        self.weeksOfHistory = max(1, weeksOfHistory)
        self.tenant = tenant ?? (edition == .oss ? "main" : "acme")
        self.api = api
        self.edition = edition
        self.auth = auth
        self.adminEndpoints = adminEndpoints
        self.loginPage = loginPage
        self.pathPrefix = Self.normalizedPrefix(pathPrefix)
        self.clockSkew = clockSkew.isFinite ? clockSkew : 0
        self.appsForbidden = appsForbidden
    }

    /// `kestra/`, `/kestra` and `//kestra//` give `/kestra`; blank or `/` gives "" (no prefix).
    public static func normalizedPrefix(_ text: String) -> String {
        let inner = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: true)
        return inner.isEmpty ? "" : "/" + inner.joined(separator: "/")
    }
}

/// The API generation the server speaks (docs/kestra-api.md section 1).
public enum SimulatedAPI: Sendable, Hashable {
    /// <= 0.22: no tenant in paths, legacy search parameters only, no `outputs.resumed`.
    case v0_22
    /// 0.23 - 1.3: `filters[...]`, full executions in search; `minor` decides the `state.duration` rule.
    case v1(minor: Int)
    /// 2.0: light search items, outputs API, `filters[or]` groups.
    case v2

    /// The stable 1.x line (1.3.26).
    public static let v1 = SimulatedAPI.v1(minor: 3)

    /// Parses `0.22`, `1`, `1.1`, `1.3.26`, `2`, `2.0.0`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".").map { Int($0) }
        guard let major = parts.first ?? nil else { return nil }
        switch major {
        case 0: self = .v0_22
        case 1: self = .v1(minor: parts.count > 1 ? (parts[1] ?? 3) : 3)
        case 2: self = .v2
        default: return nil
        }
    }

    /// The version `/api/v1/configs` reports.
    public var version: String {
        switch self {
        case .v0_22: "0.22.6"
        case .v1(let minor): minor == 3 ? "1.3.26" : "1.\(minor).0"
        case .v2: "2.0.0"
        }
    }

    /// Up to 1.1 `state.duration` is always sent (computed to now while running).
    var durationAlways: Bool {
        switch self {
        case .v0_22: true
        case .v1(let minor): minor < 2
        case .v2: false
        }
    }

    /// `outputs.resumed` exists since 0.24.
    var hasResumedOutput: Bool { self != .v0_22 }
    var isV2: Bool { self == .v2 }
    var isLegacy: Bool { self == .v0_22 }
}

/// Open source or Enterprise: only Enterprise has the Apps API and user names in `resumed.by`.
public enum SimulatedEdition: String, Sendable, Hashable {
    case oss, ee
    var wire: String { self == .oss ? "OSS" : "EE" }
}

/// What the server demands in `Authorization`.
public enum SimulatorAuth: Sendable, Hashable {
    case none
    case basic(user: String, password: String)
    case bearer(token: String)
}
