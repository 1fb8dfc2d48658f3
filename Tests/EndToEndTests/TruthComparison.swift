import AppTrailModel
import Foundation
import GRDB
import Testing
import Warehouse

/// Compares a warehouse file with the ground truth a `kestra-sim` process serves at `/_sim/truth`.
enum TruthComparison {
    /// The simulator's executions, from `GET /_sim/truth` NDJSON.
    static func records(_ ndjson: Data) throws -> [ExecutionRecord] {
        try ndjson.split(separator: 10).map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            let histories = (o["histories"] as? [[String: String]] ?? []).map {
                StateEntry(StateType($0["state"]!), Instant(iso: $0["date"]!)!)
            }
            let pause = (o["pauseTaskRun"] as? [String: Any]).map {
                PauseTaskRun(taskRunId: $0["taskRunId"] as? String, resumedBy: $0["resumedBy"] as? String)
            }
            return ExecutionRecord(
                id: o["id"] as! String, tenant: o["tenant"] as? String, namespace: o["namespace"] as! String,
                flowId: o["flowId"] as! String, flowRevision: o["flowRevision"] as? Int, kind: o["kind"] as? String,
                labels: (o["labels"] as? [[String: String]] ?? []).map { Label($0["key"]!, $0["value"]!) },
                inputsJSON: o["inputsJSON"] as! String, state: StateType(o["state"] as! String), histories: histories,
                startDate: (o["startDate"] as? String).flatMap { Instant(iso: $0) }, pauseTaskRun: pause,
                hasTaskRuns: o["hasTaskRuns"] as? Bool ?? false)
        }
    }

    static let columns = ExecutionRow.columns.joined(separator: ", ")

    /// Lines of the warehouse's executions, by id.
    static func stored(_ path: String) throws -> [String: String] {
        let w = try Warehouse(path: path, readOnly: true)
        return try w.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT \(columns) FROM executions") {
                out[row["id"]] = row.databaseValues.map(\.description).joined(separator: " | ")
            }
            return out
        }
    }

    /// Lines a correct sync stores for `records`, by id.
    static func expected(_ records: [ExecutionRecord], tenant: String) -> [String: String] {
        var out: [String: String] = [:]
        for record in records {
            guard let r = ExecutionRow(record, labelKeys: ExecutionFacts.defaultLabelKeys, defaultTenant: tenant) else {
                continue
            }
            out[r.id] = r.values.map { (($0 as? DatabaseValueConvertible)?.databaseValue ?? .null).description }.joined(
                separator: " | ")
        }
        return out
    }
}
