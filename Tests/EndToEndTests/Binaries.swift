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

/// What a finished process left behind.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a binary to its end with a clean environment plus `environment`, in `directory`.
func run(_ binary: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
         stdin: Data? = nil) throws -> RunResult {
    let process = testProcess(binary, arguments, environment: environment, directory: directory)
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // stderr drains on a thread of its own: a child that fills one pipe while we wait on the other would
    // never finish.
    let errBox = DataBox()
    let errThread = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
    errThread.start()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errBox.done.wait()
    let errData = errBox.data
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

/// A process of `binary` with a clean environment (a PATH without the toolchain, a HOME) plus `environment`.
private func testProcess(_ binary: String, _ arguments: [String], environment: [String: String], directory: String?) -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { _, given in given }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    return process
}

/// Starts a binary in the background with the environment `run` gives, its output discarded; the caller
/// waits for it or kills it.
func launch(_ binary: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
            stdin: Pipe? = nil) throws -> Process {
    let process = testProcess(binary, arguments, environment: environment, directory: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    if let stdin { process.standardInput = stdin }
    try process.run()
    return process
}

/// Bytes read on another thread, handed over through a semaphore.
private final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
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

    struct AdminFailure: Error { var path: String; var status: Int32 }
}

/// A fresh temporary folder.
func temporaryDirectory() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apptrail-e2e-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
