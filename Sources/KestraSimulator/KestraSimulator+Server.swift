import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Starting and stopping the HTTP server.
extension KestraSimulator {
    /// Errors of the server's life cycle.
    public enum ServerError: Error, CustomStringConvertible {
        case couldNotListen(port: UInt16, reason: String)
        public var description: String {
            switch self {
            case .couldNotListen(let port, let reason):
                "kestra simulator could not listen on 127.0.0.1:\(port): \(reason)"
            }
        }
    }

    /// Starts serving on 127.0.0.1; port 0 picks a free port (or reuses the previous one after `stop`).
    /// Returns the base URL, e.g. `http://127.0.0.1:41234`.
    @discardableResult
    public func start(port: UInt16? = nil) async throws -> String {
        if let base = baseURL { return base }
        let wanted = port ?? server.withLock { $0.port } ?? 0
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: wanted)
        let handler = SimulatorHandler(simulator: self)
        let http = HTTPServer(address: address, timeout: 600, logger: .disabled, handler: handler)
        let failure = FailureBox()
        let task = Task {
            do { try await http.run() } catch { failure.set("\(error)") }
        }
        do {
            // Generous: a test machine under load can take seconds to schedule the listener.
            try await http.waitUntilListening(timeout: 30)
        } catch {
            task.cancel()
            throw ServerError.couldNotListen(port: wanted, reason: failure.get() ?? "\(error)")
        }
        var bound = wanted
        if case .ip4(_, let p)? = await http.listeningAddress { bound = p }
        ListeningSocketTuning.disableNagle(onListenerAtPort: bound)
        server.withLock { $0 = ServerState(http: http, task: task, port: bound) }
        return "http://127.0.0.1:\(bound)"
    }

    /// Stops serving and closes connections; `start()` afterwards listens on the same port again.
    public func stop() async {
        let (http, task) = server.withLock { s -> (HTTPServer?, Task<Void, Never>?) in
            defer {
                s.http = nil
                s.task = nil
            }
            return (s.http, s.task)
        }
        await http?.stop(timeout: 0)
        task?.cancel()
        _ = await task?.value
    }

    /// Stops, waits `downtime` seconds (connections are refused meanwhile), and starts on the same port.
    public func restart(downtime: Double = 0) async throws {
        await stop()
        if downtime > 0 { try await Task.sleep(nanoseconds: UInt64(downtime * 1e9)) }
        try await start()
    }

    /// `http://127.0.0.1:PORT` while serving, else nil.
    public var baseURL: String? {
        server.withLock { s in s.http == nil ? nil : s.port.map { "http://127.0.0.1:\($0)" } }
    }

    /// The port served (or last served).
    public var port: UInt16? { server.withLock { $0.port } }
}

/// Carries a start failure out of the server task.
final class FailureBox: Sendable {
    private let message = Mutex<String?>(nil)
    func set(_ m: String) { message.withLock { $0 = m } }
    func get() -> String? { message.withLock { $0 } }
}

/// Routes every request of the HTTP server to the simulator.
struct SimulatorHandler: HTTPHandler {
    let simulator: KestraSimulator
    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        await simulator.handle(request)
    }
}
