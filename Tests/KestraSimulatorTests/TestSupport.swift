import AppTrailModel
import Foundation

@testable import KestraSimulator

/// Shared fixtures of the simulator tests.
enum Fixture {
    static let now = Instant(year: 2026, month: 11, day: 25, hour: 12)

    static func config(
        _ executions: Int = 600, api: SimulatedAPI = .v1, edition: SimulatedEdition = .ee, seed: UInt64 = 7,
        auth: SimulatorAuth = .none
    ) -> SimulatorConfiguration {
        SimulatorConfiguration(
            seed: seed, executions: executions, apps: 8, now: now, weeksOfHistory: 4, api: api,
            edition: edition, auth: auth)
    }

    /// A started simulator and its port; the caller stops it.
    static func started(_ config: SimulatorConfiguration) async throws -> (KestraSimulator, UInt16) {
        let sim = KestraSimulator(configuration: config)
        try await sim.start()
        return (sim, sim.port ?? 0)
    }

    /// Kestra's OpenAPI specifications kept in `Tests/Fixtures/kestra-openapi`, found from this file's path.
    static var openAPIDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/kestra-openapi")
    }

    static func results(_ r: RawResponse) -> (items: [[String: Any]], total: Int) {
        let obj = r.json() as? [String: Any] ?? [:]
        return (obj["results"] as? [[String: Any]] ?? [], (obj["total"] as? NSNumber)?.intValue ?? -1)
    }

    static func ids(_ r: RawResponse) -> [String] { results(r).items.compactMap { $0["id"] as? String } }

    static func enc(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
