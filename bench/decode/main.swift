// Decoding benchmark: ExecutionPageDecoder vs Foundation JSONDecoder on the same generated 1.x page.
//
//   swift build -c release --product apptrail-bench-decode && .build/release/apptrail-bench-decode
//   options: --executions N (1000), --iterations N (30), --foundation-iterations N (5)
import AppTrailModel
import Foundation
import KestraClient

func option(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
    return v
}

let executions = option("--executions", 1000)
let iterations = option("--iterations", 30)
let foundationIterations = option("--foundation-iterations", 5)

var generator = PageGenerator()
let (pageText, lines) = generator.page(count: executions)
let pageBytes = Array(pageText.utf8)
let ndjsonBytes = Array((lines.joined(separator: "\n") + "\n").utf8)

/// Median and best seconds of `runs` calls of `body`.
func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<runs {
        let start = clock.now
        try body()
        let d = clock.now - start
        times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func fmt(_ v: Double) -> String { String(format: "%.0f", v) }

// Correctness first: both decoders read the same page, and the records hold what the generator wrote.
let mine = try pageBytes.withUnsafeBytes { try ExecutionPageDecoder.decodePage($0) }
let theirs = try JSONDecoder().decode(CodablePage.self, from: Data(pageBytes))
precondition(mine.results.count == executions && theirs.results.count == executions)
for (a, b) in zip(mine.results, theirs.results) {
    precondition(a.id == b.id && a.namespace == b.namespace && a.flowRevision == b.flowRevision)
    precondition(a.histories.count == b.state.histories?.count && a.labels.count == b.labels?.count)
    precondition(a.histories.map(\.state.rawValue) == b.state.histories?.map(\.state))
    precondition(a.histories.map(\.date) == b.state.histories?.map { Instant(iso: $0.date) ?? Instant(micros: 0) })
    precondition(a.pauseTaskRun?.resumedBy != nil && a.pauseTaskRun?.taskRunId == b.taskRunList?[1].id)
}
var ndjsonCount = 0
try ndjsonBytes.withUnsafeBytes { raw in
    try ExecutionPageDecoder.decodeDocument(raw, batchSize: 1000) { ndjsonCount += $0.count }
}
precondition(ndjsonCount == executions)

print("page: \(executions) executions, \(pageBytes.count) bytes (\(pageBytes.count / executions) bytes each)")
print("sample inputsJSON: \(mine.results[0].inputsJSON)")

let pageTime = try measure(iterations) {
    let page = try pageBytes.withUnsafeBytes { try ExecutionPageDecoder.decodePage($0) }
    precondition(page.results.count == executions)
}
let ndjsonTime = try measure(iterations) {
    var n = 0
    try ndjsonBytes.withUnsafeBytes { raw in
        try ExecutionPageDecoder.decodeDocument(raw, batchSize: 1000) { n += $0.count }
    }
    precondition(n == executions)
}
let streamTime = try measure(iterations) {
    var n = 0
    var stream = ExecutionPageDecoder.NDJSONStream(batchSize: 1000)
    try ndjsonBytes.withUnsafeBytes { raw in
        var i = 0
        while i < raw.count {
            let chunk = UnsafeRawBufferPointer(rebasing: raw[i..<min(i + (1 << 20), raw.count)])
            try stream.feed(chunk) { n += $0.count }
            i += 1 << 20
        }
    }
    try stream.finish { n += $0.count }
    precondition(n == executions)
}
let data = Data(pageBytes)
let foundationTime = try measure(foundationIterations) {
    let page = try JSONDecoder().decode(CodablePage.self, from: data)
    precondition(page.results.count == executions)
}

let n = Double(executions)
let mb = Double(pageBytes.count) / 1_048_576
print(
    "ExecutionPageDecoder page:   \(fmt(n / pageTime.median)) executions/s median (\(fmt(n / pageTime.best)) best), \(String(format: "%.0f", mb / pageTime.median)) MiB/s"
)
print(
    "ExecutionPageDecoder NDJSON: \(fmt(n / ndjsonTime.median)) executions/s median (\(fmt(n / ndjsonTime.best)) best)")
print(
    "ExecutionPageDecoder NDJSONStream (1 MiB chunks): \(fmt(n / streamTime.median)) executions/s median (\(fmt(n / streamTime.best)) best)"
)
print(
    "Foundation JSONDecoder:      \(fmt(n / foundationTime.median)) executions/s median (\(fmt(n / foundationTime.best)) best)"
)
print("ratio (median): \(String(format: "%.1f", foundationTime.median / pageTime.median))x")
