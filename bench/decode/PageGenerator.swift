import AppTrailModel

/// Builds realistic Kestra 1.x search pages: full executions with task runs, as `GET .../executions/search`
/// returns them (shape from Kestra's serializer: nulls omitted, 9-digit fractions, ISO durations).
struct PageGenerator {
    private var seed: UInt64

    init(seed: UInt64 = 0x5EED) { self.seed = seed }

    private mutating func next() -> UInt64 {
        // SplitMix64: deterministic across runs and platforms.
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    private mutating func kestraId() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<22).map { _ in alphabet[int(alphabet.count)] })
    }

    private func date(_ seconds: Int, _ nanos: Int) -> String {
        let day = seconds / 86_400
        let rest = seconds % 86_400
        let (y, m, d) = Instant.civilFromDays(day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var frac = String(nanos)
        frac = String(repeating: "0", count: 9 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
            + (frac.isEmpty ? "" : ".\(frac)") + "Z"
    }

    private func state(_ current: String, _ entries: [(String, String)], end: Bool, pretty: String = "") -> String {
        let h = entries.map { #"{"state":"\#($0.0)","date":"\#($0.1)"}"# }.joined(separator: ",")
        let endPart = end ? #","endDate":"\#(entries.last?.1 ?? "")""# : ""
        return
            #"{"current":"\#(current)","histories":[\#(h)],"duration":"PT1M3.042113S","startDate":"\#(entries.first?.1 ?? "")"\#(endPart)}"#
    }

    /// One full execution of about 4 KB.
    mutating func execution(index: Int) -> String {
        let id = kestraId()
        let namespace = ["company.team.approvals", "company.finance.requests", "acme.it.provisioning"][index % 3]
        let flowId = ["compute-resources-request", "expense-approval", "laptop-order"][index % 3]
        let app = ["computeResourcesForm", "expenseForm", "laptopOrderApp"][index % 3]
        var t = 1_763_000_000 + index * 37 + int(1000)
        func tick(_ s: Int) -> (Int, Int) {
            t += s
            return (t, int(1_000_000_000))
        }
        let names = ["CREATED", "RUNNING", "PAUSED", "RESTARTED", "RUNNING", index % 7 == 0 ? "FAILED" : "SUCCESS"]
        let history = names.map { name -> (String, String) in
            let (s, n) = tick(1 + int(300))
            return (name, date(s, n))
        }
        let user = ["alice", "bob", "chandra", "dmitri", "eve.martin@example.com"][int(5)]
        let labels = [
            ("system.correlationId", id), ("system.app", app), ("system.username", user),
            ("team", ["ops", "finance", "it"][index % 3]), ("priority", ["low", "normal", "high"][int(3)]),
        ].map { #"{"key":"\#($0.0)","value":"\#($0.1)"}"# }.joined(separator: ",")
        let inputs =
            #"{"requester":"\#(user)","cpu":\#(1 + int(16)),"justification":"Need more capacity for the Q\#(1 + int(4)) batch jobs, \"urgent\" — thanks / merci"}"#
        var runs: [String] = []
        let tasks = ["validate", "approve", "provision", "notify"]
        for (k, task) in tasks.enumerated() {
            let trId = kestraId()
            let isPause = task == "approve"
            let runNames =
                isPause ? ["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"] : ["CREATED", "RUNNING", "SUCCESS"]
            let runHistory = runNames.map { name -> (String, String) in
                let (s, n) = tick(int(5))
                return (name, date(s, n))
            }
            let runState = state("SUCCESS", runHistory, end: true)
            let attempt =
                #"{"state":\#(state("SUCCESS", Array(runHistory.suffix(2)), end: true)),"workerId":"worker-\#(int(8))"}"#
            let outputs: String
            if isPause {
                outputs =
                    #"{"onResume":{"approved":true,"comment":"Looks good to me, approved for \#(user)","cpu":\#(int(16))},"resumed":{"by":"\#(["manager.one", "manager.two"][int(2)])","on":"2025-11-13T10:2\#(int(10)):00.123","to":"SUCCESS"}}"#
            } else {
                outputs =
                    #"{"uri":"kestra:///\#(namespace.replacingDots())/\#(flowId)/executions/\#(id)/tasks/\#(task)/\#(trId)/output.json","size":\#(int(100_000)),"ok":true,"values":[1,2.5,-3e2]}"#
            }
            runs.append(
                #"{"id":"\#(trId)","executionId":"\#(id)","namespace":"\#(namespace)","flowId":"\#(flowId)","taskId":"\#(task)","attempts":[\#(attempt)],"outputs":\#(outputs),"state":\#(runState)\#(k == 3 ? #","iteration":0"# : "")}"#
            )
        }
        let final = history.last?.0 ?? "SUCCESS"
        return
            #"{"id":"\#(id)","namespace":"\#(namespace)","flowId":"\#(flowId)","flowRevision":\#(1 + index % 12),"tenantId":"main","taskRunList":[\#(runs.joined(separator: ","))],"inputs":\#(inputs),"labels":[\#(labels)],"state":\#(state(final, history, end: true)),"originalId":"\#(id)","deleted":false,"metadata":{"attemptNumber":1,"originalCreatedDate":"\#(history[0].1)"},"trigger":{"id":"app","type":"io.kestra.ee.apps.AppTrigger"}}"#
    }

    /// A search page of `count` executions.
    mutating func page(count: Int) -> (page: String, lines: [String]) {
        let lines = (0..<count).map { execution(index: $0) }
        return (#"{"results":[\#(lines.joined(separator: ","))],"total":\#(count * 10)}"#, lines)
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "/" : $0 }) }
}
