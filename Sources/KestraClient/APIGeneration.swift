/// The three generations of Kestra's executions API a client meets in the field (docs/kestra-api.md section 1).
public enum APIGeneration: String, Sendable, CaseIterable, CustomStringConvertible {
    /// <= 0.22: no tenant in the path, legacy search parameters only.
    case v0_22 = "0.22"
    /// 0.23 to 1.3: tenant path, `filters[...]`, full executions with task runs.
    case v1 = "1"
    /// 2.0: light search items; task outputs from the outputs endpoint.
    case v2 = "2"

    public var description: String { rawValue }

    /// The generation of a server version such as `1.3.26` or `0.22.4-SNAPSHOT`.
    public init?(serverVersion: String) {
        let numbers = serverVersion.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard let major = numbers.first else { return nil }
        let minor = numbers.count > 1 ? numbers[1] : 0
        if major >= 2 { self = .v2 } else if major == 1 || minor >= 23 { self = .v1 } else { self = .v0_22 }
    }

    /// Whether search items carry task runs (and so Pause outputs) inline.
    public var searchHasTaskRuns: Bool { self != .v2 }
}

/// `--api-version auto|0.22|1|2`.
public enum APIVersionChoice: Sendable, Equatable {
    case auto
    case fixed(APIGeneration)

    public init?(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if let g = APIGeneration(rawValue: text) {
            self = .fixed(g)
        } else {
            return nil
        }
    }
}

/// Kestra's edition: only Enterprise has the Apps API.
public enum Edition: String, Sendable {
    case oss, ee
}
