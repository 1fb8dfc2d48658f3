/// Execution payloads as the three Kestra API generations send them, trimmed to what matters.
enum DecoderFixtures {
    /// A 1.x execution (GET by id): `tenantId`, labels as a list, a Pause task run whose outputs hold
    /// `onResume` and `resumed`, duration as an ISO string, 9 fraction digits.
    static let full1x = #"""
        {
          "id": "5Yq8xWmV2Rk3tHnB7cLpQd",
          "namespace": "company.team.approvals",
          "flowId": "compute-resources",
          "flowRevision": 7,
          "tenantId": "main",
          "deleted": false,
          "taskRunList": [
            {
              "id": "2aBcD", "executionId": "5Yq8xWmV2Rk3tHnB7cLpQd", "namespace": "company.team.approvals",
              "flowId": "compute-resources", "taskId": "validate",
              "attempts": [{"state": {"current": "SUCCESS", "histories": [{"state": "CREATED", "date": "2024-11-21T16:31:27.943162175Z"}], "duration": "PT0.1S"}, "workerId": "w1"}],
              "outputs": {"ok": true, "count": 3},
              "state": {"current": "SUCCESS", "histories": [{"state": "CREATED", "date": "2024-11-21T16:31:27.943162175Z"}, {"state": "RUNNING", "date": "2024-11-21T16:31:28Z"}, {"state": "SUCCESS", "date": "2024-11-21T16:31:28.5Z"}], "duration": "PT0.557S", "startDate": "2024-11-21T16:31:27.943162175Z", "endDate": "2024-11-21T16:31:28.5Z"}
            },
            {
              "id": "3PaUsE", "executionId": "5Yq8xWmV2Rk3tHnB7cLpQd", "namespace": "company.team.approvals",
              "flowId": "compute-resources", "taskId": "approve",
              "outputs": {"onResume": {"comment": "ok \"go\"", "cpu": 4}, "resumed": {"by": "alice@example.com", "on": "2024-11-21T17:02:11.123", "to": "SUCCESS"}},
              "state": {"current": "SUCCESS", "histories": [{"state": "CREATED", "date": "2024-11-21T16:31:29Z"}, {"state": "PAUSED", "date": "2024-11-21T16:31:29.1Z"}, {"state": "RUNNING", "date": "2024-11-21T17:02:11.2Z"}, {"state": "SUCCESS", "date": "2024-11-21T17:02:11.3Z"}]}
            }
          ],
          "inputs": {"requester": "Jürgen / Ops", "cpu": 4, "memory": 2.0, "tags": ["a", "b"], "note": "line1\nline2, \"quoted\""},
          "labels": [
            {"key": "system.correlationId", "value": "5Yq8xWmV2Rk3tHnB7cLpQd"},
            {"key": "system.app", "value": "computeResourcesForm"},
            {"key": "system.username", "value": "bob"},
            {"key": "priority", "value": 3},
            {"key": "urgent", "value": true}
          ],
          "state": {
            "current": "SUCCESS",
            "histories": [
              {"state": "CREATED", "date": "2024-11-21T16:31:27.943162175Z"},
              {"state": "RUNNING", "date": "2024-11-21T16:31:27.95Z"},
              {"state": "PAUSED", "date": "2024-11-21T16:31:29.1Z"},
              {"state": "RESTARTED", "date": "2024-11-21T17:02:11Z"},
              {"state": "RUNNING", "date": "2024-11-21T17:02:11.2Z"},
              {"state": "SUCCESS", "date": "2024-11-21T17:02:12.000001Z"}
            ],
            "duration": "PT30M44.056838825S",
            "startDate": "2024-11-21T16:31:27.943162175Z",
            "endDate": "2024-11-21T17:02:12.000001Z"
          },
          "originalId": "5Yq8xWmV2Rk3tHnB7cLpQd",
          "metadata": {"attemptNumber": 1, "originalCreatedDate": "2024-11-21T16:31:27.943Z"},
          "trigger": {"id": "app", "type": "io.kestra.ee.apps.AppTrigger", "variables": {"x": [1, 2, {"y": null}]}}
        }
        """#

    /// A 2.0 search item (`ApiLightExecution`): no `taskRunList`, `kind` present, no duration while
    /// the execution is paused (1.2+ omits it until `endDate`), 3 fraction digits.
    static let light20 = #"""
        {"id":"6Zr9","namespace":"company.team","flowId":"onboarding","flowRevision":2,"tenantId":"acme",
         "kind":"PLAYGROUND","labels":[{"key":"system.app","value":"onboard"}],
         "inputs":{"name":"Zoë"},
         "state":{"current":"PAUSED","histories":[{"state":"CREATED","date":"2026-01-05T08:00:00.000Z"},
           {"state":"RUNNING","date":"2026-01-05T08:00:00.010Z"},{"state":"PAUSED","date":"2026-01-05T08:00:01.500Z"}],
           "startDate":"2026-01-05T08:00:00.000Z","endDate":"2026-01-05T08:00:01.500Z"},
         "scheduleDate":"2026-01-05T08:00:00Z","traceParent":"00-abc-def-01"}
        """#

    /// A 0.22 execution: no tenant, labels as a map, duration as a number, dates with offsets.
    static let legacy022 = #"""
        {"id":"1Ab","namespace":"legacy","flowId":"old","flowRevision":1,
         "labels":{"system.app":"oldApp","team":"ops"},
         "state":{"current":"FAILED","duration":2.531,
           "histories":[{"state":"CREATED","date":"2023-03-01T10:00:00+01:00"},{"state":"FAILED","date":"2023-03-01T10:00:02.531+01:00"}],
           "startDate":"2023-03-01T10:00:00+01:00"},
         "deleted":false}
        """#
}
