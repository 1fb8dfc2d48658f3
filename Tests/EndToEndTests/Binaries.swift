import AppTrailTestSupport
import Foundation
import Testing

/// The built `apptrail` and `kestra-sim` binaries, beside the test bundle in the build folder.
enum Binaries {
    static var directory: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("apptrail").path) { return url }
        }
        fatalError("the apptrail binary is not built: run `swift build --build-tests` first")
    }

    static var apptrail: String { directory.appendingPathComponent("apptrail").path }
    static var kestraSim: String { directory.appendingPathComponent("kestra-sim").path }
}

/// A `kestra-sim serve` process on a free port, stopped when the test ends.
final class SimulatorProcess {
    let process = Process()
    let url: String

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Binaries.kestraSim)
        process.arguments = ["serve", "--port", "0"] + arguments
        var env = ["PATH": "/usr/bin:/bin"]
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(10) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://") else { throw SimulatorStartFailure(output: text) }
        url = String(text[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct SimulatorStartFailure: Error { var output: String }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// Calls an admin endpoint (`/_sim/...`) and returns the body.
    @discardableResult
    func admin(_ method: String, _ path: String) throws -> Data {
        let result = try run("/usr/bin/curl", ["-sf", "-X", method, url + path])
        guard result.status == 0 else { throw AdminFailure(path: path, status: result.status) }
        return Data(result.stdout.utf8)
    }

    struct AdminFailure: Error {
        var path: String
        var status: Int32
    }
}
