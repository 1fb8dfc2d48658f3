import AppTrailModel
import Testing
import YAMLReader

@Suite struct AppYAMLTests {
    @Test func bothExpirationShapes() throws {
        let apps = try AppYAML.parse(
            """
            id: expense-approval
            type: io.kestra.plugin.ee.apps.Execution
            displayName: Expense approval
            namespace: company.finance
            flowId: expense
            created: 2026-10-01T08:00:00Z
            expiration:
              type: TTL
              ttl: PT30D
            ---
            id: vacation
            disabled: true
            expiration:
              startDate: 2026-11-01T00:00:00Z
              endDate: 2026-12-24
            ---
            id: limited
            expiration: {type: LIMIT, limit: 100}
            ---
            id: dated
            expiration: {type: DATE, date: "2024-12-24"}
            ---
            id: open
            """, origin: "apps.yaml")
        #expect(apps.map(\.id) == ["expense-approval", "vacation", "limited", "dated", "open"])
        #expect(apps[0].expiration == .ttl("PT30D"))
        #expect(apps[0].created?.iso == "2026-10-01T08:00:00.000000Z")
        #expect(apps[0].name == "Expense approval")
        #expect(
            apps[1].expiration == .window(start: Instant(iso: "2026-11-01T00:00:00Z"), end: Instant(iso: "2026-12-24")))
        #expect(apps[1].disabled)
        #expect(apps[2].expiration == .limit(100))
        #expect(apps[3].expiration == .date(Instant(iso: "2024-12-24")!))
        #expect(apps[4].expiration == nil)
    }

    @Test(arguments: [
        (
            "id: a\nexpiration:\n  type: FOREVER\n",
            "apps.yaml:3: unknown expiration type 'FOREVER'; expected TTL, DATE or LIMIT"
        ),
        (
            "id: a\nexpiration:\n  type: TTL\n  ttl: 30 days\n",
            "apps.yaml:4: 'expiration.ttl' is not an ISO-8601 duration: 30 days"
        ),
        (
            "id: a\nexpiration: {type: LIMIT, limit: many}\n",
            "apps.yaml:2: 'expiration.limit' must be a whole number: many"
        ),
        ("name: no id\n", "apps.yaml:1: the app has no 'id'"),
        ("id: [unclosed\n", "apps.yaml:2: not valid YAML: did not find expected ',' or ']'"),
        ("- a\n- b\n", "apps.yaml:1: an app must be a mapping with an 'id'"),
    ])
    func badFilesNameTheLine(text: String, expected: String) {
        #expect {
            _ = try AppYAML.parse(text, origin: "apps.yaml")
        } throws: { error in
            let message = String(describing: error)
            if message != expected { print("got: \(message)") }
            return message == expected && (error as? AppYAML.ParseError)?.exitCode == .dataError
        }
    }
}
