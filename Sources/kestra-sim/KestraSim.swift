import AppTrailModel
import ArgumentParser
import Foundation
import KestraSimulator

/// `kestra-sim`: a deterministic fake Kestra server for tests, demos and benchmarks.
@main
struct KestraSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kestra-sim",
        abstract: "A deterministic fake Kestra server.",
        subcommands: [Serve.self, Dump.self])
}

/// Options shared by every subcommand: what dataset to generate and how the server speaks.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Seed of every random choice.") var seed: UInt64 = 42
    @Option(help: "Executions before --now.") var executions: Int = 1_000
    @Option(help: "Apps in the catalog.") var apps: Int = 8
    @Option(
        name: .customLong("unlisted-apps"),
        help: "How many apps, the last of the catalog, the Apps API does not list (their executions keep their labels)."
    )
    var unlistedApps: Int = 0
    @Option(name: .customLong("api-version"), help: "API generation: 0.22, 1 (1.3.26), 1.1, 2.") var apiVersion:
        String = "1"
    @Option(help: "oss or ee.") var edition: String = "ee"
    @Option(help: "The simulator's clock, ISO-8601 (default 2026-11-25T12:00:00Z).") var now: String?
    @Option(help: "Weeks of history before --now.") var weeks: Int = 6
    @Option(help: "Tenant id (default: main on oss, acme on ee).") var tenant: String?

    func configuration(admin: Bool) throws -> SimulatorConfiguration {
        guard let api = SimulatedAPI(apiVersion) else {
            throw ValidationError("--api-version must be 0.22, 1, 1.x or 2")
        }
        guard let edition = SimulatedEdition(rawValue: edition.lowercased()) else {
            throw ValidationError("--edition must be oss or ee")
        }
        var config = SimulatorConfiguration(
            seed: seed, executions: executions, apps: apps, unlistedApps: unlistedApps, weeksOfHistory: weeks,
            tenant: tenant, api: api, edition: edition, auth: Self.authFromEnvironment(),
            adminEndpoints: admin)
        if let now {
            guard let instant = Instant(iso: now) else { throw ValidationError("--now must be an ISO-8601 instant") }
            config.now = instant
        }
        return config
    }

    /// Credentials come only from the environment, so they never show in `ps` or shell history.
    static func authFromEnvironment() -> SimulatorAuth {
        let env = ProcessInfo.processInfo.environment
        if let token = env["KESTRA_API_TOKEN"], !token.isEmpty { return .bearer(token: token) }
        if let user = env["KESTRA_USERNAME"], let password = env["KESTRA_PASSWORD"] {
            return .basic(user: user, password: password)
        }
        return .none
    }
}

/// `kestra-sim serve`: serve until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the simulated Kestra API (and /_sim admin endpoints).")
    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var front: FrontOptions
    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: UInt16 = 0

    func run() async throws {
        var config = try dataset.configuration(admin: true)
        try front.apply(to: &config)
        let sim = KestraSimulator(configuration: config)
        let base = try await sim.start(port: port)
        // Unbuffered, so a parent process reading the pipe sees the line at once.
        FileHandle.standardOutput.write(Data("listening on \(base)\n".utf8))
        await Signals.wait(for: [SIGTERM, SIGINT])
        await sim.stop()
    }
}

/// Options of `serve` alone: what stands in front of Kestra and how its answers look beyond the JSON.
struct FrontOptions: ParsableArguments {
    @Option(
        name: .customLong("login-page"),
        help: ArgumentHelp(
            "Answer every request (but /_sim/) with an HTML login page of this title, as a login proxy does.",
            valueName: "title"))
    var loginPage: String?
    @Option(
        name: .customLong("path-prefix"),
        help: ArgumentHelp(
            "Serve API and UI under this sub-path (/kestra/api/v1/...), as behind a reverse proxy; /_sim/ stays.",
            valueName: "path"))
    var pathPrefix: String = ""
    // Unconditional, so that `--clock-skew -120` reads -120 as the value, not as an option.
    @Option(
        name: .customLong("clock-skew"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds added to the clock in every response's Date header (negative: a clock running late).",
            valueName: "seconds"))
    var clockSkew: Double = 0
    @Flag(
        name: .customLong("forbid-apps"),
        help: "Answer 403 to the Apps API alone (ee), as for a token without APP READ.")
    var forbidApps = false

    func apply(to config: inout SimulatorConfiguration) throws {
        guard clockSkew.isFinite else { throw ValidationError("--clock-skew must be a number of seconds") }
        config.loginPage = loginPage
        config.pathPrefix = pathPrefix
        config.clockSkew = clockSkew
        config.appsForbidden = forbidApps
    }
}

/// `kestra-sim dump`: write the executions as the search endpoint serves them.
struct Dump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write executions to stdout (ndjson: one per line; page: one search response).")
    @OptionGroup var dataset: DatasetOptions
    @Option(help: "ndjson or page.") var format: String = "ndjson"
    @Option(help: "At most this many executions.") var limit: Int?

    func run() async throws {
        guard format == "ndjson" || format == "page" else { throw ValidationError("--format must be ndjson or page") }
        let sim = KestraSimulator(configuration: try dataset.configuration(admin: false))
        let out = FileHandle.standardOutput
        if format == "ndjson" {
            sim.dumpNDJSON(limit: limit) { out.write(Data($0)) }
            return
        }
        let total = min(limit ?? Int.max, sim.executionCount)
        out.write(Data("{\"results\":[".utf8))
        var first = true
        sim.dumpNDJSON(limit: limit) { chunk in
            // Turn the NDJSON lines into array elements.
            var bytes = chunk
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            for k in bytes.indices where bytes[k] == UInt8(ascii: "\n") { bytes[k] = UInt8(ascii: ",") }
            if !first { out.write(Data(",".utf8)) }
            first = false
            out.write(Data(bytes))
        }
        out.write(Data("],\"total\":\(total)}\n".utf8))
    }
}

/// Waiting for termination signals without a busy loop.
enum Signals {
    static func wait(for signals: [Int32]) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            for s in signals {
                signal(s, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
                source.setEventHandler { once.fire() }
                source.resume()
                Once.keep(source)
            }
        }
    }

    /// Resumes the continuation once, whichever signal comes first.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, Never>?
        nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
        init(_ c: CheckedContinuation<Void, Never>) { continuation = c }
        func fire() {
            lock.lock()
            let c = continuation
            continuation = nil
            lock.unlock()
            c?.resume()
        }
        static func keep(_ s: any DispatchSourceSignal) { sources.append(s) }
    }
}
