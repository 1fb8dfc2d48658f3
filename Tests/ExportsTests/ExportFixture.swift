import Analysis
import AppTrailModel
import AppTrailTestSupport
import Foundation
import Warehouse

/// The repository's `queries/` and `reports/` folders.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
    .standardized.path
let queries = QueryCatalog(directory: repository + "/queries")

/// Values a spreadsheet would run or a parser would trip on.
let hostileReasons = [
    "=HYPERLINK(\"http://evil.example\",\"click\")", "+1", "-2", "@SUM(A1)", "\ttab", "\rcr", "line\nbreak",
    "say \"hi\", then go", "Zürich ✓ 日本 🚀",
]

/// A warehouse with hostile values: an app id that tries to leave the output folder, two app ids that make the
/// same file name, and inputs and submitters that look like formulas.
func hostileWarehouse() throws -> Warehouse {
    let w = try Warehouse.scratch("apptrail-export-db")
    func record(
        _ id: String, app: String, user: String, reason: String, at: String, _ states: [(StateType, String)],
        by: String? = nil
    ) -> ExecutionRecord {
        var escaped: [UInt8] = []
        CanonicalJSON.appendString(utf8: Array(reason.utf8), to: &escaped)
        return ExecutionRecord(
            id: id, namespace: "company", flowId: "f", flowRevision: 3,
            labels: [Label("system.app", app), Label("system.username", user)],
            inputsJSON: "{\"reason\":\(String(decoding: escaped, as: UTF8.self))}",
            state: states.last!.0,
            histories: [StateEntry(.created, instant(at))] + states.map { StateEntry($0.0, instant($0.1)) },
            pauseTaskRun: PauseTaskRun(resumedBy: by), hasTaskRuns: true)
    }
    var records: [ExecutionRecord] = []
    for (i, reason) in hostileReasons.enumerated() {
        let at = "2026-11-\(16 + i % 7)T09:00:0\(i)Z"
        records.append(
            record(
                "h\(i)", app: "ops/../../evil app", user: i % 2 == 0 ? "=cmd|' /C calc'!A0" : "+dana", reason: reason,
                at: at,
                [
                    (.paused, "2026-11-\(16 + i % 7)T09:00:30Z"), (.running, "2026-11-\(16 + i % 7)T10:00:30Z"),
                    (.success, "2026-11-\(16 + i % 7)T10:00:31.5Z"),
                ], by: "-alice"))
    }
    records.append(
        record(
            "s1", app: "a/b", user: "eve", reason: "ok", at: "2026-11-17T08:00:00Z",
            [(.success, "2026-11-17T08:00:01Z")]))
    records.append(
        record(
            "s2", app: "a_b", user: "eve", reason: "ok", at: "2026-11-18T08:00:00Z", [(.failed, "2026-11-18T08:00:02Z")]
        ))
    records.append(
        record(
            "old", app: "a_b", user: "eve", reason: "before", at: "2026-11-01T08:00:00Z",
            [(.success, "2026-11-01T08:00:02Z")]))
    try w.seed(records, now: instant("2026-11-25T12:00:00Z"))
    return w
}

/// Runs a program found on the PATH, in this process's environment, and returns its exit status and standard output.
@discardableResult
func run(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
    let result = try AppTrailTestSupport.run(
        "/usr/bin/env", arguments, environment: ProcessInfo.processInfo.environment, directory: directory)
    return (result.status, result.stdout)
}
