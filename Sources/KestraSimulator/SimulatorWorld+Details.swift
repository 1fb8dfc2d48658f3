import AppTrailModel

/// Labels and inputs of one execution: a pure function of the seed and its index.
struct ExecutionDetails: Sendable {
    var labels: [Label]
    var inputs: JSONValue
    /// `trigger` of a scheduled execution.
    var trigger: JSONValue?
}

extension SimulatorWorld {
    static let users = [
        "alice.martin@acme.com", "bob.nguyen@acme.com", "chloé.dubois@acme.com", "dmitri.ivanov@acme.com",
        "eve.o'brien@acme.com", "李雷@acme.com",
    ]
    static let requesters = [
        "Zoë Müller", "José Álvarez", "李雷", "Ólafur Þórsson", "Anne-Marie O'Neil", "Ahmed Al-Farsi 🚀", "Bob",
    ]
    static let reasons = [
        "Team offsite, Q4", "Need \"urgent\" access", "Line one\nLine two", "Costs: 1,200 €; see ticket",
        "Tab\tseparated", "Ünïcödé – “quotes” ‘single’", "Path /srv/data\\backup", "=SUM(A1:A9)", "-cmd|' /C calc'!A0",
        "Emoji 👍🏽 ok", "Carriage\r\nreturn", "plain",
    ]

    /// The labels and inputs of execution `i`, whose id is `id`.
    func details(_ i: UInt32, profile p: ExecutionProfile, id: String, start: Int64) -> ExecutionDetails {
        var rng = SplitMix64(seed: config.seed, index: UInt64(i), salt: 0x1ABE1)
        var labels: [Label] = []
        let flow = flows[Int(p.flow)]
        var inputs: [JSONValue.Member] = []
        var trigger: JSONValue?
        if let a = flow.app {
            let app = apps[a]
            if rng.chance(0.2) { labels.append(Label("team", app.tags[0])) }
            if rng.chance(0.05) { labels.append(Label("priority", rng.pick(["high", "low", "très-haute"]))) }
            labels.append(Label(app.labelKey, app.id))
            if rng.chance(0.85) {
                let user = config.edition == .ee ? rng.pick(SimulatorWorld.users) : "admin@kestra.io"
                labels.append(Label(ExecutionFacts.usernameLabel, user))
            }
            if p.kind == 1 { labels.append(Label("system.test", "true")) }
            labels.append(Label("system.correlationId", id))
            inputs = appInputs(app, &rng, id: id)
        } else {
            labels.append(Label("system.correlationId", id))
            if rng.chance(0.3) { labels.append(Label("team", "data")) }
            var date = [UInt8]()
            WireTime.appendISO(start - start % (SimulatorWorld.hour), to: &date)
            trigger = .object([
                .init("id", .string("schedule")),
                .init("type", .string("io.kestra.plugin.core.trigger.Schedule")),
                .init("variables", .object([.init("date", .string(String(decoding: date, as: UTF8.self)))])),
            ])
        }
        return ExecutionDetails(labels: labels, inputs: .object(inputs), trigger: trigger)
    }

    private func appInputs(_ app: SimApp, _ rng: inout SplitMix64, id: String) -> [JSONValue.Member] {
        // About one app execution in twenty was started without any input.
        if rng.chance(0.05) { return [] }
        var m: [JSONValue.Member] = [.init("requester", .string(rng.pick(SimulatorWorld.requesters)))]
        switch app.kind {
        case .form:
            m.append(.init("reason", .string(rng.pick(SimulatorWorld.reasons))))
            m.append(.init("cpu", .int(Int64([1, 2, 4, 8, 16][rng.below(5)]))))
            m.append(.init("memoryGb", .double(["16.0", "32.0", "7.5", "0.25"][rng.below(4)])))
            if rng.chance(0.5) { m.append(.init("urgent", .bool(rng.chance(0.3)))) }
            if rng.chance(0.3) {
                m.append(.init("tags", .array([.string("gpu"), .string(rng.pick(["eu", "us", "ap"]))])))
            }
        case .approval, .twoStageApproval:
            m.append(.init("amount", .double(["1500.0", "1234.5", "99.95", "250000.0", "12.3"][rng.below(5)])))
            m.append(.init("reason", .string(rng.pick(SimulatorWorld.reasons))))
            m.append(.init("PO_number", .string("PO-2026-\(100_000 + rng.below(900_000))")))
            m.append(.init("costCenter", .string("CC-\(rng.int(1000...9999))")))
            if rng.chance(0.4) {
                m.append(
                    .init(
                        "attachment",
                        .string(
                            "kestra:///\(app.namespace.replacingDots)/\(app.flowId)/executions/\(id)/inputs/attachment/receipt.pdf"
                        )))
            }
            if rng.chance(0.3) {
                m.append(
                    .init(
                        "details",
                        .object([
                            .init("vendor", .string("ACME, Inc.")), .init("quantity", .int(Int64(rng.int(1...500)))),
                            .init("unitPrice", .double("19.99")),
                        ])))
            }
        }
        return m
    }
}

extension String {
    fileprivate var replacingDots: String { String(map { $0 == "." ? "/" : $0 }) }
}
