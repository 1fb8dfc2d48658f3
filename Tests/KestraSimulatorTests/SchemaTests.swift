import Foundation
import Testing

@testable import KestraSimulator

@Suite("OpenAPI schemas")
struct SchemaTests {
    private func validate(_ api: SimulatedAPI, spec: String, schema: String) throws -> (Int32, String) {
        let sim = KestraSimulator(configuration: Fixture.config(250, api: api))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sim-\(schema)-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        var bytes = [UInt8]()
        sim.dumpNDJSON { bytes += $0 }
        // Also the full execution of a few (2.0 search items are light; the GET is the full shape).
        try Data(bytes).write(to: file)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/validate_sim_schema.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, Fixture.openAPIDirectory.appendingPathComponent(spec).path, schema, file.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("1.x items validate against Execution of kestra-1.3.26.yml")
    func v1() throws {
        let (status, output) = try validate(.v1, spec: "kestra-1.3.26.yml", schema: "Execution")
        #expect(status == 0, "\(output)")
        let validated = Int(output.split(separator: " ").dropFirst().first ?? "") ?? 0
        #expect(validated >= 240, "\(output)")
    }

    @Test("2.0 items validate against ApiLightExecution of kestra-2.0.0-SNAPSHOT.yml")
    func v2() throws {
        let (status, output) = try validate(.v2, spec: "kestra-2.0.0-SNAPSHOT.yml", schema: "ApiLightExecution")
        #expect(status == 0, "\(output)")
        let validated = Int(output.split(separator: " ").dropFirst().first ?? "") ?? 0
        #expect(validated >= 240, "\(output)")
    }
}
