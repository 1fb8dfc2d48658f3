import Foundation

/// What a finished process left behind.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a binary to its end with a clean environment plus `environment`, in `directory`.
public func run(
    _ binary: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
    stdin: Data? = nil
) throws -> RunResult {
    let process = testProcess(binary, arguments, environment: environment, directory: directory)
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // stderr drains on a thread of its own: a child that fills one pipe while we wait on the other would
    // never finish.
    let errBox = DataBox()
    let errThread = Thread {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        errBox.done.signal()
    }
    errThread.start()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errBox.done.wait()
    let errData = errBox.data
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// A process of `binary` with a clean environment (a PATH without the toolchain, a HOME) plus `environment`.
private func testProcess(_ binary: String, _ arguments: [String], environment: [String: String], directory: String?)
    -> Process
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { _, given in
        given
    }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    return process
}

/// Starts a binary in the background with the environment `run` gives, its output discarded; the caller
/// waits for it or kills it.
public func launch(
    _ binary: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
    stdin: Pipe? = nil
) throws -> Process {
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
