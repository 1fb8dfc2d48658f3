import Foundation

/// A full Codable model of a 1.x execution page, the way a client would write it for `JSONDecoder`.
/// Dates are kept as Strings, which spares `JSONDecoder` the (slower) date strategies.
struct CodablePage: Decodable {
    var results: [CodableExecution]
    var total: Int64?
}

struct CodableExecution: Decodable {
    var id: String
    var namespace: String
    var flowId: String
    var flowRevision: Int?
    var tenantId: String?
    var kind: String?
    var labels: [CodableLabel]?
    var inputs: [String: JSONValue]?
    var state: CodableState
    var taskRunList: [CodableTaskRun]?
    var originalId: String?
    var deleted: Bool?
    var metadata: CodableMetadata?
    var trigger: CodableTrigger?
}

struct CodableLabel: Decodable {
    var key: String
    var value: String
}

struct CodableState: Decodable {
    var current: String
    var histories: [CodableHistory]?
    var duration: String?
    var startDate: String?
    var endDate: String?
}

struct CodableHistory: Decodable {
    var state: String
    var date: String
}

struct CodableTaskRun: Decodable {
    var id: String
    var executionId: String
    var namespace: String
    var flowId: String
    var taskId: String
    var parentTaskRunId: String?
    var value: String?
    var attempts: [CodableAttempt]?
    var outputs: [String: JSONValue]?
    var state: CodableState
    var iteration: Int?
}

struct CodableAttempt: Decodable {
    var state: CodableState
    var workerId: String?
}
struct CodableMetadata: Decodable {
    var attemptNumber: Int
    var originalCreatedDate: String?
}
struct CodableTrigger: Decodable {
    var id: String
    var type: String
}

/// Any JSON value (for inputs and outputs).
indirect enum JSONValue: Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }
}
