import AppTrailTestSupport
import Foundation
import GRDB
import Testing
import Warehouse

/// Kestra answers a creation with the execution as CREATED (dates to the nanosecond) and a later read with
/// its end (milliseconds). Imported in any order, in two files or one, the warehouse keeps the later copy.
@Suite struct OlderCopyImportTests {
    /// `POST /api/v1/main/executions/company.team/myflow`, as Kestra's API docs print the answer, for an
    /// execution an app created (so with its labels).
    static let created = """
        {
          "id": "1KWLxLeaXEXNDaXWP7YSKA",
          "namespace": "company.team",
          "flowId": "myflow",
          "flowRevision": 1,
          "labels": [
            {"key": "system.app", "value": "expenseApproval"},
            {"key": "system.username", "value": "dana"}
          ],
          "state": {
            "current": "CREATED",
            "histories": [
              {
                "state": "CREATED",
                "date": "2024-07-12T05:07:28.447110427Z"
              }
            ],
            "duration": "PT0.002939292S",
            "startDate": "2024-07-12T05:07:28.447110427Z"
          },
          "originalId": "1KWLxLeaXEXNDaXWP7YSKA",
          "deleted": false,
          "metadata": {
            "attemptNumber": 1,
            "originalCreatedDate": "2024-07-12T05:07:28.447113302Z"
          }
        }

        """

    /// `GET /api/v1/main/executions/1KWLxLeaXEXNDaXWP7YSKA` a moment later.
    static let read = """
        {
          "id": "1KWLxLeaXEXNDaXWP7YSKA",
          "namespace": "company.team",
          "flowId": "myflow",
          "flowRevision": 1,
          "labels": [
            {"key": "system.app", "value": "expenseApproval"},
            {"key": "system.username", "value": "dana"}
          ],
          "taskRunList": [
            {
              "id": "4536yghIDGmrbSmMSBxaFm",
              "executionId": "1KWLxLeaXEXNDaXWP7YSKA",
              "namespace": "company.team",
              "flowId": "myflow",
              "taskId": "mytask",
              "attempts": [{"state": {"current": "SUCCESS", "histories": [{"state": "CREATED", "date": "2024-07-12T05:07:28.512Z"}, {"state": "RUNNING", "date": "2024-07-12T05:07:28.520Z"}, {"state": "SUCCESS", "date": "2024-07-12T05:07:28.601Z"}]}}],
              "outputs": {"value": "hello from kestra"},
              "state": {"current": "SUCCESS", "histories": [{"state": "CREATED", "date": "2024-07-12T05:07:28.512Z"}, {"state": "RUNNING", "date": "2024-07-12T05:07:28.520Z"}, {"state": "SUCCESS", "date": "2024-07-12T05:07:28.601Z"}]}
            }
          ],
          "state": {
            "current": "SUCCESS",
            "histories": [
              {"state": "CREATED", "date": "2024-07-12T05:07:28.447Z"},
              {"state": "RUNNING", "date": "2024-07-12T05:07:28.498Z"},
              {"state": "SUCCESS", "date": "2024-07-12T05:07:29.093Z"}
            ],
            "duration": "PT0.646S",
            "startDate": "2024-07-12T05:07:28.447Z",
            "endDate": "2024-07-12T05:07:29.093Z"
          },
          "originalId": "1KWLxLeaXEXNDaXWP7YSKA",
          "deleted": false,
          "metadata": {
            "attemptNumber": 1,
            "originalCreatedDate": "2024-07-12T05:07:28.447Z"
          }
        }

        """

    /// One JSON document per line, as NDJSON holds them.
    static func line(_ pretty: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(pretty.utf8))
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
    }

    /// The stored state, end and duration of the execution.
    static func stored(_ db: String) throws -> String {
        try Warehouse(path: db, readOnly: true).read { db in
            let row = try Row.fetchOne(db, sql: "SELECT state, ended_at, duration_s, state_history FROM executions")!
            return
                "\(row["state"] as String) \(row["ended_at"] as String? ?? "-") \(row["duration_s"] as Double? ?? -1) \(row["state_history"] as String)"
        }
    }

    static let finished =
        "SUCCESS 2024-07-12T05:07:29.093000Z 0.646 CREATED@2024-07-12T05:07:28.447Z|RUNNING@2024-07-12T05:07:28.498Z|SUCCESS@2024-07-12T05:07:29.093Z"

    func importing(_ files: [(name: String, text: String)]) throws -> (lines: [String], db: String) {
        let dir = temporaryFolder("apptrail-e2e")
        var lines: [String] = []
        for file in files {
            try file.text.write(toFile: dir + "/" + file.name, atomically: true, encoding: .utf8)
            let r = try run(
                Binaries.apptrail, ["import", file.name, "--db", "w.db"],
                environment: ["APPTRAIL_NOW": "2026-11-25T12:00:00Z"], directory: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            // The file's line; the last line (`import: 1 KB in 0.0 s`) is the meter's.
            let stderr = r.stderr.split(separator: "\n")
            #expect(stderr.count == 2 && stderr.last?.hasPrefix("import: ") == true, "\(r.stderr)")
            lines.append((stderr.first.map(String.init) ?? "") + "\n")
        }
        return (lines, dir + "/w.db")
    }

    @Test func theReadThenTheCreationAnswerInTwoFiles() throws {
        let (lines, db) = try importing([("read.json", Self.read), ("created.json", Self.created)])
        #expect(
            lines == [
                "read.json: 1 execution (1 new, 0 changed, 0 unchanged, 0 without app label)\n",
                "created.json: 1 execution (0 new, 0 changed, 0 unchanged, 1 older copy ignored, 0 without app label)\n",
            ])
        #expect(try Self.stored(db) == Self.finished)
        let stale = try Warehouse(path: db, readOnly: true).read { db in
            try Int.fetchAll(db, sql: "SELECT executions_stale FROM sync_runs ORDER BY id")
        }
        #expect(stale == [0, 1])
    }

    @Test func theCreationAnswerThenTheReadInTwoFiles() throws {
        let (lines, db) = try importing([("created.json", Self.created), ("read.json", Self.read)])
        #expect(
            lines == [
                "created.json: 1 execution (1 new, 0 changed, 0 unchanged, 0 without app label)\n",
                "read.json: 1 execution (0 new, 1 changed, 0 unchanged, 0 without app label)\n",
            ])
        #expect(try Self.stored(db) == Self.finished)
    }

    @Test func bothInOneNDJSONFileInEitherOrder() throws {
        let readFirst = try importing([("both.ndjson", try Self.line(Self.read) + Self.line(Self.created))])
        #expect(
            readFirst.lines == [
                "both.ndjson: 2 executions (1 new, 0 changed, 0 unchanged, 1 older copy ignored, 0 without app label)\n"
            ])
        #expect(try Self.stored(readFirst.db) == Self.finished)
        let createdFirst = try importing([("both.ndjson", try Self.line(Self.created) + Self.line(Self.read))])
        #expect(
            createdFirst.lines == ["both.ndjson: 2 executions (1 new, 1 changed, 0 unchanged, 0 without app label)\n"])
        #expect(try Self.stored(createdFirst.db) == Self.finished)
    }

    @Test func theSameCopyAgainIsUnchangedNotOlder() throws {
        let (lines, db) = try importing([("read.json", Self.read), ("again.json", Self.read)])
        #expect(lines.last == "again.json: 1 execution (0 new, 0 changed, 1 unchanged, 0 without app label)\n")
        #expect(try Self.stored(db) == Self.finished)
    }
}
