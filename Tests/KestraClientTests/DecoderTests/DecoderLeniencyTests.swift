import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Where real servers vary, the decoder accepts every variant.
@Suite struct DecoderLeniencyTests {
    @Test func unknownFieldsAreSkippedAtEveryLevel() throws {
        let r = try T.execution(
            #"""
            {"future":{"a":[1,2,{"b":[true,false,null,-1.5e-3]}],"c":"\u00e9"},"id":"e1","namespace":"ns","flowId":"f",
             "state":{"current":"RUNNING","unknown":[[]],"histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z","extra":{}}]},
             "parentId":"p","originalId":"o","trigger":{"id":"t","type":"x"},"scheduleDate":"2024-01-01T00:00:00Z"}
            """#)
        #expect(r.id == "e1")
        #expect(r.state == .running)
    }

    @Test func nullValuesAreTreatedAsAbsent() throws {
        let r = try T.execution(
            T.minimal(
                extra:
                    #","tenantId":null,"kind":null,"labels":null,"inputs":null,"taskRunList":null,"flowRevision":null,"deleted":null"#
            ))
        #expect(r.tenant == nil)
        #expect(r.kind == nil)
        #expect(r.labels.isEmpty)
        #expect(r.inputsJSON == "{}")
        #expect(!r.hasTaskRuns)
        #expect(r.flowRevision == nil)
    }

    @Test func omittedOptionalFields() throws {
        let r = try T.execution(T.minimal())
        #expect(
            r
                == ExecutionRecord(
                    id: "e1", namespace: "ns", flowId: "f", state: .success,
                    histories: [StateEntry(.created, T.instant("2024-01-01T00:00:00Z"))]))
    }

    @Test func labelsAsAMapKeepTheirOrder() throws {
        let r = try T.execution(T.minimal(extra: #","labels":{"z":"1","system.app":"myApp","a":"2"}"#))
        #expect(r.labels == [Label("z", "1"), Label("system.app", "myApp"), Label("a", "2")])
        #expect(r.app(labelKeys: ["system.app", "system_app"])?.id == "myApp")
    }

    @Test func labelValuesThatAreNotStringsBecomeTheirJSONText() throws {
        let r = try T.execution(
            T.minimal(
                extra:
                    #","labels":[{"key":"n","value":1.50},{"key":"b","value":false},{"key":"i","value":-3},{"key":"gone","value":null},{"key":"absent"}]"#
            ))
        #expect(r.labels == [Label("n", "1.50"), Label("b", "false"), Label("i", "-3")])
    }

    @Test(arguments: [#""duration":"PT1M3.042S""#, #""duration":2.531"#, #""duration":12"#, #""duration":null"#])
    func durationAsStringOrNumber(duration: String) throws {
        let state =
            #"{"current":"SUCCESS",\#(duration),"histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z"}]}"#
        #expect(try T.execution(T.minimal(state: state)).state == .success)
    }

    @Test func unknownStateTypesAreKeptAsTheyCame() throws {
        let state =
            #"{"current":"FROZEN","histories":[{"state":"CREATED","date":"2024-01-01T00:00:00Z"},{"state":"FROZEN","date":"2024-01-01T00:00:01Z"}]}"#
        let r = try T.execution(T.minimal(state: state))
        #expect(r.state == StateType("FROZEN"))
        #expect(r.histories.map(\.state.rawValue) == ["CREATED", "FROZEN"])
        #expect(!r.state.isTerminal)
    }

    @Test func everyKnownStateTypeIsRecognised() throws {
        for known in StateType.known {
            let state =
                #"{"current":"\#(known.rawValue)","histories":[{"state":"\#(known.rawValue)","date":"2024-01-01T00:00:00Z"}]}"#
            let r = try T.execution(T.minimal(state: state))
            #expect(r.state == known)
            #expect(r.histories[0].state == known)
        }
    }

    @Test func startDateAloneIsEnough() throws {
        let r = try T.execution(T.minimal(state: #"{"current":"CREATED","startDate":"2024-05-06T07:08:09.123Z"}"#))
        #expect(r.histories.isEmpty)
        #expect(r.startDate == T.instant("2024-05-06T07:08:09.123Z"))
        let empty = try T.execution(
            T.minimal(state: #"{"current":"CREATED","histories":[],"startDate":"2024-05-06T07:08:09Z"}"#))
        #expect(empty.histories.isEmpty)
    }

    @Test func kindAndTenant() throws {
        let r = try T.execution(T.minimal(extra: #","kind":"TEST","tenantId":"a-very-long-tenant-identifier""#))
        #expect(r.kind == "TEST")
        #expect(r.tenant == "a-very-long-tenant-identifier")
    }

    @Test func taskRunListPresentButEmpty() throws {
        let r = try T.execution(T.minimal(extra: #","taskRunList":[]"#))
        #expect(r.hasTaskRuns)
        #expect(r.pauseTaskRun == nil)
    }

    @Test func escapedKeysAreMatched() throws {
        let r = try T.execution(
            #"{"\u0069d":"e1","name\u0073pace":"ns","flowId":"f","state":{"current":"SUCCESS","startDate":"2024-01-01T00:00:00Z"}}"#
        )
        #expect(r.id == "e1")
        #expect(r.namespace == "ns")
    }

    @Test func whitespaceEverywhere() throws {
        let r = try T.execution(
            " \r\n\t{ \"id\" : \"e1\" ,\n\"namespace\"\t:\"ns\", \"flowId\":\"f\" , \"state\" : { \"current\" : \"SUCCESS\" , \"startDate\" : \"2024-01-01T00:00:00Z\" } } \n"
        )
        #expect(r.id == "e1")
    }

    @Test func longStringsAreFine() throws {
        let long = String(repeating: "é-x", count: 33_334) // 100,002 characters
        let r = try T.execution(
            T.minimal(
                extra: #","labels":[{"key":"big","value":"\#(long)"}],"inputs":{"big":"\#(long)"},"other":"\#(long)""#))
        #expect(r.labels[0].value == long)
        #expect(r.inputsJSON == #"{"big":"\#(long)"}"#)
    }
}
