import AppTrailModel

/// One simulated Kestra App and the flow behind it.
struct SimApp: Sendable {
    /// The shape of the flow, which decides the decision patterns its executions can take.
    enum Kind: Sendable { case form, approval, twoStageApproval }

    var id: String
    var name: String
    var namespace: String
    var flowId: String
    var kind: Kind
    /// `system.app`, or `system_app` for the one app on the legacy key.
    var labelKey: String
    var disabled: Bool
    var tags: [String]
    var created: Int64
    var updated: Int64
    var expiration: Expiration?
    /// How the expiration is written in the YAML (`PT30D` TTL, a bare date, ...).
    var expirationYAML: [String]
    /// The flow's revision at the start of the history and how often it changes.
    var baseRevision: Int
    var revisionPeriod: Int64
    /// Input ids of the flow (some capitalised, so code-point order differs from case-insensitive order).
    var tasks: [String]
    var pauseTasks: [String]

    static let type = "io.kestra.plugin.ee.apps.Execution"

    /// The app catalog of a configuration: deterministic, with every expiration shape of docs/kestra-api.md section 6.
    static func catalog(_ config: SimulatorConfiguration) -> [SimApp] {
        let names: [(String, String, String, Kind)] = [
            ("expenseApproval", "Expense approval", "company.finance", .approval),
            ("computeResourcesForm", "Compute resources request", "company.platform", .form),
            ("purchaseOrder", "Purchase order", "company.finance.procurement", .twoStageApproval),
            ("vacationRequest", "Vacation request", "company.hr", .approval),
            ("itAccessForm", "IT access form", "company.it", .form),
            ("contractReview", "Contract review", "company.legal", .approval),
            ("incidentReport", "Incident report", "company.ops", .form),
            ("budgetChange", "Budget change", "company.finance", .twoStageApproval),
        ]
        let now = WireTime.nanos(config.now)
        let span = Int64(config.weeksOfHistory) * 7 * 86_400 * WireTime.nanosPerSecond
        let day: Int64 = 86_400 * WireTime.nanosPerSecond
        var apps: [SimApp] = []
        for k in 0..<config.apps {
            var rng = SplitMix64(seed: config.seed, index: UInt64(k), salt: 0xA995)
            let base = names[k % names.count]
            let suffix = k < names.count ? "" : "\(k / names.count + 1)"
            let kind = base.3
            let created = now - span - day * Int64(rng.int(1...60)) - Int64(rng.below(86_400)) * WireTime.nanosPerSecond
            var app = SimApp(
                id: base.0 + suffix, name: base.1 + (suffix.isEmpty ? "" : " \(suffix)"), namespace: base.2,
                flowId: snake(base.0) + suffix, kind: kind, labelKey: "system.app", disabled: false,
                tags: [
                    base.2.split(separator: ".").last.map(String.init) ?? "apps", kind == .form ? "forms" : "approvals",
                ],
                created: created, updated: created + day * Int64(rng.int(0...20)) + Int64(rng.below(1_000_000_000)),
                expiration: nil, expirationYAML: [], baseRevision: rng.int(1...12),
                revisionPeriod: day * Int64(rng.int(5...20)),
                tasks: [], pauseTasks: [])
            switch kind {
            case .form: app.tasks = ["validate", "createTicket", "notifyRequester"]
            case .approval:
                app.tasks = ["prepareRequest", "waitForApproval", "applyDecision", "notifyRequester"]
                app.pauseTasks = ["waitForApproval"]
            case .twoStageApproval:
                app.tasks = ["prepareRequest", "managerApproval", "financeApproval", "applyDecision"]
                app.pauseTasks = ["managerApproval", "financeApproval"]
            }
            // Every expiration shape appears once the catalog has 6 apps; later apps cycle.
            switch k % 6 {
            case 0:
                app.expiration = .ttl("PT30D")
                app.expirationYAML = ["expiration:", "  type: TTL", "  ttl: PT30D"]
            case 1:
                let date = Instant(micros: (now + day * 5) / 1000)
                let text = date.isoDate
                app.expiration = .date(Instant(iso: text) ?? date)
                app.expirationYAML = ["expiration:", "  type: DATE", "  date: \"\(text)\""]
            case 2:
                let limit = [100, 250, 1000][rng.below(3)]
                app.expiration = .limit(limit)
                app.expirationYAML = ["expiration:", "  type: LIMIT", "  limit: \(limit)"]
            case 3:
                let start = WireTime.instant(now - span - day)
                let end = WireTime.instant(now + day * 90)
                app.expiration = .window(
                    start: Instant(micros: start.micros / 1_000_000 * 1_000_000),
                    end: Instant(micros: end.micros / 1_000_000 * 1_000_000))
                app.expirationYAML = [
                    "expiration:",
                    "  startDate: \(Instant(micros: start.micros / 1_000_000 * 1_000_000).format(fractionDigits: 0))",
                    "  endDate: \(Instant(micros: end.micros / 1_000_000 * 1_000_000).format(fractionDigits: 0))",
                ]
            case 4:
                app.disabled = true
                app.expiration = .ttl("P90D")
                app.expirationYAML = ["expiration:", "  type: TTL", "  ttl: P90D"]
            default:
                break
            }
            apps.append(app)
        }
        if apps.count >= 2 { apps[apps.count - 1].labelKey = "system_app" }
        return apps
    }

    private static func snake(_ s: String) -> String {
        var out = ""
        for c in s {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The app as a correct client reads it from the Apps API.
    var definition: AppDefinition {
        AppDefinition(
            id: id, name: name, type: SimApp.type, namespace: namespace, flowId: flowId, disabled: disabled,
            created: WireTime.instant(created), tags: tags, expiration: expiration, source: .api)
    }

    /// The app's YAML source as `GET /apps/{uid}` returns it.
    var yaml: String {
        var lines = [
            "id: \(id)",
            "type: \(SimApp.type)",
            "displayName: \(name)",
            "namespace: \(namespace)",
            "flowId: \(flowId)",
            "disabled: \(disabled)",
            "access:",
            "  type: \(kind == .form ? "PUBLIC" : "PRIVATE")",
        ]
        if kind != .form { lines += ["  groups:", "    - \(tags[0])-approvers"] }
        lines.append("tags:")
        lines += tags.map { "  - \($0)" }
        lines += expirationYAML
        lines += [
            "layout:",
            "  - on: OPEN",
            "    blocks:",
            "      - type: io.kestra.plugin.ee.apps.core.blocks.Markdown",
            "        content: \"## \(name)\"",
            "      - type: io.kestra.plugin.ee.apps.execution.blocks.CreateExecutionForm",
            "      - type: io.kestra.plugin.ee.apps.execution.blocks.CreateExecutionButton",
            "        text: Submit",
        ]
        if kind != .form {
            lines += [
                "  - on: RESUME",
                "    blocks:",
                "      - type: io.kestra.plugin.ee.apps.execution.blocks.ResumeExecutionForm",
                "      - type: io.kestra.plugin.ee.apps.execution.blocks.ResumeExecutionButton",
                "        text: Approve",
                "      - type: io.kestra.plugin.ee.apps.execution.blocks.CancelExecutionButton",
                "        text: Reject",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
