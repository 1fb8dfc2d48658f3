import AppTrailModel
import Foundation
import Testing

@testable import KestraSimulator

@Suite("Dataset")
struct DatasetTests {
    private func ndjson(_ sim: KestraSimulator) -> [UInt8] {
        var all = [UInt8]()
        sim.dumpNDJSON { all += $0 }
        return all
    }

    @Test("same seed, same bytes and truth; another seed differs")
    func determinism() {
        let a = KestraSimulator(configuration: Fixture.config(400))
        let b = KestraSimulator(configuration: Fixture.config(400))
        let c = KestraSimulator(configuration: Fixture.config(400, seed: 8))
        #expect(ndjson(a) == ndjson(b))
        #expect(a.truth() == b.truth())
        #expect(ndjson(a) != ndjson(c))
        a.advance(by: 86_400)
        b.advance(by: 86_400)
        #expect(ndjson(a) == ndjson(b))
        #expect(a.purgedIDs == b.purgedIDs)
    }

    @Test("stored histories equal the rebuilt ones")
    func storedMatchesRebuilt() {
        let sim = KestraSimulator(configuration: Fixture.config(500))
        sim.advance(by: 3 * 86_400)
        let s = sim.storage.withLock { $0 }
        for i in 0..<s.count where !s.purged[i] {
            let e = sim.world.observe(s, i)
            #expect(e.history == s.plannedHistory(i).filter { $0.at <= s.now })
            #expect(e.current == s.observe(i).current)
        }
    }

    @Test("every decision pattern, kind and label shape of docs/metrics.md is present")
    func coverage() {
        let sim = KestraSimulator(configuration: Fixture.config(1_500))
        let truth = sim.truth(view: .complete)
        let shapes = Set(truth.map { $0.histories.map(\.state.rawValue).joined(separator: ">") })
        func has(_ seq: [String], current: String? = nil) -> Bool {
            truth.contains { r in
                let states = r.histories.map(\.state.rawValue)
                guard current == nil || r.state.rawValue == current else { return false }
                return states.indices.contains { i in Array(states[i...].prefix(seq.count)) == seq }
            }
        }
        #expect(has(["PAUSED", "RESTARTED", "RUNNING", "SUCCESS"]), "approved")
        #expect(has(["PAUSED", "RESTARTED", "KILLING", "KILLED"]), "killed while paused")
        #expect(has(["PAUSED", "CANCELLED"]), "cancelled on timeout")
        #expect(has(["PAUSED", "RESTARTED", "RUNNING", "FAILED"]), "failed after approval")
        #expect(truth.contains { $0.histories.filter { $0.state == .paused }.count == 2 }, "multi-stage")
        #expect(truth.contains { $0.state == .paused }, "pending")
        #expect(truth.contains { $0.state == .running }, "running")
        #expect(truth.contains { $0.state == .queued }, "queued")
        #expect(truth.contains { $0.state.rawValue == "REVIEWING" }, "unknown state")
        #expect(truth.contains { $0.kind == "TEST" } && truth.contains { $0.kind == "PLAYGROUND" })
        #expect(truth.contains { $0.app(labelKeys: ExecutionFacts.defaultLabelKeys) == nil }, "no app label")
        #expect(truth.contains { $0.label("system_app") != nil }, "legacy label key")
        #expect(truth.allSatisfy { $0.label("system.correlationId") == $0.id })
        #expect(truth.contains { $0.label("system.username") != nil })
        let facts = truth.compactMap { ExecutionFacts($0) }
        for d in [Decision.approved, .rejected, .pending] { #expect(facts.contains { $0.decision == d }) }
        #expect(facts.contains { $0.decidedBy != nil }, "resumed.by reaches decided_by")
        #expect(facts.contains { $0.decision == .approved && $0.decidedBy == nil })
        let inputs = truth.map(\.inputsJSON)
        #expect(inputs.contains("{}"))
        #expect(inputs.contains { $0.contains("1,200") }, "comma")
        #expect(inputs.contains { $0.contains("\\\"urgent\\\"") }, "quotes")
        #expect(inputs.contains { $0.contains("\\n") }, "newline")
        #expect(inputs.contains { $0.contains("ü") && $0.contains("🚀") || $0.contains("李雷") }, "unicode")
        #expect(
            inputs.contains { $0.contains("\"memoryGb\":16,") || $0.contains("\"amount\":1500,") },
            "integers without .0")
        #expect(shapes.count > 10)
        // Spread over weeks up to now.
        let starts = truth.compactMap(\.startDate)
        #expect((starts.max()! - starts.min()!) > 20 * 86_400)
        #expect(starts.max()! <= Fixture.now)
    }

    @Test("canonical inputs sort keys by code point and keep raw UTF-8")
    func canonicalInputs() {
        let v = JSONValue.object([
            .init("reason", .string("Zoë \"x\"\n/")), .init("PO_number", .string("1")),
            .init("amount", .double("1500.0")),
        ])
        #expect(v.canonical == "{\"PO_number\":\"1\",\"amount\":1500,\"reason\":\"Zoë \\\"x\\\"\\n/\"}")
        #expect(v.wire == "{\"reason\":\"Zoë \\\"x\\\"\\n/\",\"PO_number\":\"1\",\"amount\":1500.0}")
    }

    @Test("Java durations and local date-times are printed like Java")
    func javaFormats() {
        #expect(JavaDuration.string(nanos: 0) == "PT0S")
        #expect(JavaDuration.string(nanos: 2_500_000_000) == "PT2.5S")
        #expect(JavaDuration.string(nanos: 63_042_000_000) == "PT1M3.042S")
        #expect(JavaDuration.string(nanos: 49 * 3600 * 1_000_000_000) == "PT49H")
        var out = [UInt8]()
        WireTime.appendLocalDateTime(
            WireTime.nanos(Instant(year: 2026, month: 11, day: 16, hour: 8, minute: 30)), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "2026-11-16T08:30")
        #expect(WireTime.iso(1_000_000_000_123_456_789) == "2001-09-09T01:46:40.123456789Z")
        #expect(WireTime.parseNanos("2001-09-09T01:46:40.123456789Z") == 1_000_000_000_123_456_789)
    }

    @Test("ids decode back to their index; made-up ids do not")
    func ids() {
        let codec = ExecutionID(seed: 99)
        for i: UInt32 in [0, 1, 77, 999_999, 4_000_000] { #expect(codec.index(of: codec.string(i)) == i) }
        #expect(codec.index(of: "0000000000000000000000") == nil)
        #expect(codec.index(of: "short") == nil)
        #expect(codec.string(1) < codec.string(2) || codec.string(1) > codec.string(2))
    }

    @Test("apps cover both expiration shapes, a disabled app and one without expiration")
    func apps() {
        let apps = KestraSimulator(configuration: Fixture.config(10)).apps
        let kinds = Set(apps.compactMap { $0.expiration?.typeName })
        #expect(kinds == ["TTL", "DATE", "LIMIT", "WINDOW"])
        #expect(apps.contains { $0.disabled })
        #expect(apps.contains { $0.expiration == nil })
        #expect(apps.contains { $0.expiration == .ttl("PT30D") })
    }
}
