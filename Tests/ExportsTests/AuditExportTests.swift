import Analysis
import AppTrailModel
import AppTrailTestSupport
import Foundation
import Testing
import Warehouse

@testable import Exports

@Suite struct CSVEncodingTests {
    func field(_ s: String) -> String {
        var out: [UInt8] = []
        CSV.appendField(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func quotesOnlyWhereNeededAndNeutralisesFormulas() {
        #expect(field("plain") == "plain")
        #expect(field("a,b") == "\"a,b\"")
        #expect(field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(field("two\nlines") == "\"two\nlines\"")
        #expect(field("=1+1") == "'=1+1")
        #expect(field("+1") == "'+1" && field("-2") == "'-2" && field("@SUM(A1)") == "'@SUM(A1)")
        #expect(field("\tx") == "'\tx")
        #expect(field("\rx") == "\"'\rx\"")
        #expect(field("-x,y") == "\"'-x,y\"")
        #expect(field("Zürich ✓") == "Zürich ✓")
        #expect(field("") == "")
    }

    @Test func numbersRoundHalfAwayFromZeroAndNeverLookLikeFormulas() {
        #expect(CSV.numberText(2.5, places: 0) == "3")
        #expect(CSV.numberText(-2.5, places: 0) == "-3")
        #expect(CSV.numberText(0.12345, places: 4) == "0.1235")
        #expect(CSV.numberText(1.0, places: 3) == "1.000")
        #expect(CSV.numberText(3723.5, places: 3) == "3723.500")
        #expect(CSV.numberText(-0.5, places: 3) == "-0.500")
        // A value that rounds to zero has no sign.
        #expect(CSV.numberText(-0.00004, places: 4) == "0.0000")
        #expect(CSV.numberText(1e20, places: 3) == "100000000000000000000.000")
        var out: [UInt8] = []
        CSV.appendInteger(-42, to: &out)
        CSV.appendInteger(Int64.min, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "-42-9223372036854775808")
    }
}

@Suite struct AuditExportTests {
    func export(
        _ w: Warehouse, to out: String, apps: [String] = [], from: String? = "2026-11-16", to: String? = "2026-11-23"
    ) throws -> AuditExport.Result {
        var options = AuditExport.Options()
        options.apps = apps
        options.from = from.map(instant)
        options.to = to.map(instant)
        options.out = out
        return try AuditExport.run(
            warehouse: w, catalog: queries, options: options, version: "9.9.9", now: instant("2026-11-25T12:00:00Z"))
    }

    @Test func oneSafeFilePerAppInsideTheOutputFolder() throws {
        let w = try hostileWarehouse()
        let parent = temporaryFolder()
        let out = parent + "/out"
        let result = try export(w, to: out)
        #expect(result.files.map(\.name) == ["a_b.csv", "a_b-2.csv", "ops_.._.._evil_app.csv"])
        #expect(result.files.map(\.appId) == ["a/b", "a_b", "ops/../../evil app"])
        #expect(result.files.map(\.rows) == [1, 1, hostileReasons.count])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted()
                == ["a_b-2.csv", "a_b.csv", "export.json", "manifest-sha256.txt", "ops_.._.._evil_app.csv"])
    }

    @Test func theBytesOfAFile() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        _ = try export(w, to: out, apps: ["a/b"])
        let bytes = try String(contentsOfFile: out + "/a_b.csv", encoding: .utf8)
        #expect(
            bytes == """
                execution_id,app_id,tenant,namespace,flow_id,flow_revision,state,submitted_at,ended_at,duration_s,paused_s,decision,decided_at,decision_s,decided_by,submitted_by,inputs_json,labels_json,state_history\r
                s1,a/b,main,company,f,3,SUCCESS,2026-11-17T08:00:00.000Z,2026-11-17T08:00:01.000Z,1.000,0.000,,,,,eve,"{""reason"":""ok""}","{""system.app"":""a/b"",""system.username"":""eve""}",CREATED@2026-11-17T08:00:00.000Z|SUCCESS@2026-11-17T08:00:01.000Z\r

                """)
        _ = try export(w, to: out, apps: ["a/b"], from: nil, to: nil)
        #expect(
            try String(contentsOfFile: out + "/a_b.csv", encoding: .utf8) == bytes, "a/b has nothing outside the week")
        _ = try export(w, to: out, apps: ["a_b"], from: nil, to: nil)
        #expect(
            try String(contentsOfFile: out + "/a_b.csv", encoding: .utf8).components(separatedBy: "\r\n").count == 4,
            "a_b alone takes the plain name, with its two executions")
    }

    @Test func hostileValuesComeOutInertAndParse() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        _ = try export(w, to: out)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                print(json.dumps(list(csv.DictReader(f))))
            """
        let parsed = try run(["python3", "-c", script, out + "/ops_.._.._evil_app.csv"])
        #expect(parsed.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as! [[String: String]]
        #expect(rows.count == hostileReasons.count)
        #expect(Set(rows.map { $0["execution_id"]! }) == Set(hostileReasons.indices.map { "h\($0)" }))
        for row in rows {
            let i = Int(row["execution_id"]!.dropFirst())!
            #expect(row["submitted_by"] == (i % 2 == 0 ? "'=cmd|' /C calc'!A0" : "'+dana"))
            #expect(row["decided_by"] == "'-alice")
            let inputs = try JSONSerialization.jsonObject(with: Data(row["inputs_json"]!.utf8)) as! [String: String]
            #expect(inputs["reason"] == hostileReasons[i], "the JSON cell keeps the value exactly")
            #expect(row["app_id"] == "ops/../../evil app")
            #expect(row["duration_s"] == CSV.numberText(3631.5 - Double(i), places: 3) && row["decision"] == "approved")
        }
        #expect(
            rows.map { $0["submitted_at"]! } == rows.map { $0["submitted_at"]! }.sorted(), "ordered by submitted_at")
    }

    @Test func theManifestChecksAndAReExportIsByteIdentical() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        let first = try export(w, to: out)
        #expect(try run(["sha256sum", "--strict", "-c", "manifest-sha256.txt"], in: out).status == 0)
        let manifest = try String(contentsOfFile: out + "/manifest-sha256.txt", encoding: .utf8)
        #expect(
            manifest.split(separator: "\n").map { String($0.split(separator: " ").last!) } == [
                "a_b-2.csv", "a_b.csv", "export.json", "ops_.._.._evil_app.csv",
            ])
        // A changed byte anywhere, export.json included, fails the check.
        for name in ["export.json", "a_b.csv"] {
            let path = out + "/" + name
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            var changed = original
            changed[changed.count / 2] ^= 0x01
            try changed.write(to: URL(fileURLWithPath: path))
            let failed = try run(["sha256sum", "--strict", "-c", "manifest-sha256.txt"], in: out)
            #expect(failed.status != 0 && failed.output.contains("\(name): FAILED"), "\(failed.output)")
            try original.write(to: URL(fileURLWithPath: path))
        }
        #expect(try run(["sha256sum", "--strict", "-c", "manifest-sha256.txt"], in: out).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) }
        let second = try export(w, to: out)
        #expect(try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) } == before)
        #expect(first.files == second.files)

        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/export.json")))
            as! [String: Any]
        #expect(json["apptrail_version"] as? String == "9.9.9")
        #expect(json["generated_at"] as? String == "2026-11-25T12:00:00.000Z")
        #expect((json["warehouse"] as? String)?.hasSuffix("/apptrail.db") == true)
        let arguments = json["arguments"] as! [String: Any]
        #expect(
            arguments["from"] as? String == "2026-11-16T00:00:00.000Z"
                && arguments["to"] as? String == "2026-11-23T00:00:00.000Z")
        let files = json["files"] as! [[String: Any]]
        #expect(files.map { $0["file"] as! String } == first.files.map(\.name))
        #expect(files.map { $0["sha256"] as! String } == first.files.map(\.sha256))
        #expect(files.map { $0["rows"] as! Int } == [1, 1, hostileReasons.count])
    }

    @Test func aBomOnlyWhenAskedFor() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        var options = AuditExport.Options()
        options.apps = ["a/b"]
        options.out = out
        options.bom = true
        _ = try AuditExport.run(
            warehouse: w, catalog: queries, options: options, version: "1", now: instant("2026-11-25T12:00:00Z"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out + "/a_b.csv"))
        #expect(Array(bytes.prefix(4)) == [0xEF, 0xBB, 0xBF, UInt8(ascii: "e")])
    }

    @Test func anUnknownAppAndAnUnwritableFolderAreOneLineErrors() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        #expect(throws: ExportError.unknownApp(id: "nope", known: ["a/b", "a_b", "ops/../../evil app"])) {
            try export(w, to: out, apps: ["nope"])
        }
        #expect(ExportError.unknownApp(id: "nope", known: ["x"]).exitCode.rawValue == 64)
        _ = FileManager.default.createFile(atPath: out + "/file", contents: Data())
        do {
            _ = try export(w, to: out + "/file/sub")
            Issue.record("a folder under a file cannot be created")
        } catch let error as ExportError {
            #expect(error.exitCode.rawValue == 73)
            #expect(error.description.hasPrefix("cannot write \(out)/file/sub: "))
        }
    }

    @Test func leftoversOfAKilledRunAreRemovedAndNeverLookComplete() throws {
        let w = try hostileWarehouse()
        let out = temporaryFolder()
        // A dead process's partial file; pid 2^22 + 1 is above the kernel's pid_max default.
        _ = FileManager.default.createFile(atPath: out + "/.a_b.csv.partial-4194305", contents: Data("half".utf8))
        _ = try export(w, to: out)
        #expect(!FileManager.default.fileExists(atPath: out + "/.a_b.csv.partial-4194305"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}
