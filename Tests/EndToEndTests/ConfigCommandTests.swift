import AppTrailTestSupport
import Foundation
import Testing

/// `apptrail config show` and the config file's errors, through the binary.
@Suite struct ConfigCommandTests {
    private func folder(config: String) throws -> String {
        let dir = temporaryFolder("apptrail-e2e")
        try "tok-5ecret-value-91\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try config.write(toFile: dir + "/apptrail.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func showNamesEachSourceAndMasksSecrets() throws {
        let dir = try folder(
            config: """
                db: /var/lib/apptrail/apptrail.db
                tenant: acme
                token_file: ./token
                request_timeout: 60
                """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = [
            "KESTRA_URL": "https://bob:hunter2-pa55@kestra.example.com", "KESTRA_PASSWORD": "unused-pa55word",
            "APPTRAIL_NOW": "2026-11-25T12:00:00Z",
        ]
        let r = try run(Binaries.apptrail, ["config", "show", "--db", "flag.db"], environment: env, directory: dir)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let rows = Dictionary(
            uniqueKeysWithValues: r.stdout.split(separator: "\n").dropFirst().map { line -> (String, String) in
                let key = String(line.prefix { $0 != " " })
                return (
                    key,
                    line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).replacingOccurrences(
                        of: #" {2,}"#, with: " | ", options: .regularExpression)
                )
            })
        #expect(r.stdout.hasPrefix("setting "))
        #expect(rows["config_file"] == "apptrail.yaml | default")
        #expect(rows["db"] == "flag.db | flag --db")
        #expect(rows["server"] == "https://kestra.example.com | environment KESTRA_URL")
        #expect(rows["tenant"] == "acme | config file apptrail.yaml:2")
        #expect(rows["credentials"] == "bearer token *** | config file apptrail.yaml:3")
        #expect(rows["request_timeout"] == "60 s | config file apptrail.yaml:4")
        #expect(rows["connect_timeout"] == "10 s | default")
        #expect(rows["label_keys"] == "system.app, system_app | default")
        #expect(rows["now"] == "2026-11-25T12:00:00.000Z | environment APPTRAIL_NOW")
        for secret in ["tok-5ecret-value-91", "hunter2-pa55", "unused-pa55word", "bob:"] {
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(secret) leaked")
        }

        let json = try run(Binaries.apptrail, ["config", "show", "--format", "json"], environment: env, directory: dir)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: String]])
        #expect(
            object["db"] == [
                "value": "/var/lib/apptrail/apptrail.db", "source": "file", "from": "config file apptrail.yaml:1",
            ])
        #expect(object["credentials"]?["value"] == "bearer token ***")
        #expect(!json.stdout.contains("tok-5ecret-value-91"))
    }

    @Test func aTokenFileThatCannotBeReadIsMarkedAndEveryOtherSettingShown() throws {
        let dir = try folder(
            config: """
                server: https://kestra.example.com
                token_file: ./no-such-token
                tenant: acme
                """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try run(Binaries.apptrail, ["config", "show"], directory: dir)
        #expect(r.status == 78)
        #expect(
            r.stderr == "error: cannot read the token file ./no-such-token (token_file, config file apptrail.yaml:2)\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Every setting is there, the settings after the bad one too.
        for key in [
            "config_file", "db", "server", "tenant", "credentials", "label_keys", "api_version", "ca_bundle", "now",
        ] {
            #expect(lines.contains { $0.hasPrefix(key + " ") }, "\(key) is missing")
        }
        #expect(lines.contains { $0.hasPrefix("tenant ") && $0.contains(" acme ") })
        #expect(
            lines.contains {
                $0.hasPrefix("credentials ") && $0.contains("(unusable: the token file cannot be read)")
                    && $0.hasSuffix("config file apptrail.yaml:2")
            })
        let json = try run(Binaries.apptrail, ["config", "show", "--format", "json"], directory: dir)
        #expect(json.status == 78)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: String]])
        #expect(object["credentials"]?["value"] == "(unusable: the token file cannot be read)")
        // Any other command still stops at the unreadable file, before anything runs.
        let sync = try run(Binaries.apptrail, ["sync"], directory: dir)
        #expect(
            sync.status == 66 && sync.stderr == "error: cannot read the token file ./no-such-token\n", "\(sync.stderr)")
    }

    @Test func theEnvironmentBeatsTheFileAndCredentialsInAURLAreMasked() throws {
        let dir = try folder(config: "server: https://file.example.com\ntenant: acme\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["KESTRA_TENANT": "envtenant", "APPTRAIL_CONFIG": dir + "/apptrail.yaml"]
        let r = try run(Binaries.apptrail, ["config", "show"], environment: env)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\ntenant           envtenant"), "\(r.stdout)")
        #expect(r.stdout.contains("environment KESTRA_TENANT\n"))
        #expect(r.stdout.contains("config_file      \(dir)/apptrail.yaml"))
        #expect(r.stdout.contains("environment APPTRAIL_CONFIG\n"))

        let url = try run(
            Binaries.apptrail, ["config", "show"],
            environment: ["KESTRA_URL": "https://ann:s3cr3t-url-pw@k.example.com"], directory: dir)
        #expect(url.stdout.contains("basic: user ann, password *** (in the server URL)"))
        #expect(!url.stdout.contains("s3cr3t-url-pw"))
    }

    @Test(arguments: [
        (
            "tennant: acme\n",
            "apptrail.yaml:1: unknown setting 'tennant'; known: db, server, tenant, token_file, label_keys, api_version, ca_bundle, connect_timeout, request_timeout"
        ),
        ("db: x.db\nrequest_timeout: soon\n", "apptrail.yaml:2: 'request_timeout' must be a number of seconds"),
        ("label_keys: 5\n", "apptrail.yaml:1: 'label_keys' must be a list of label keys"),
        ("- a\n- b\n", "apptrail.yaml: the config must be a mapping of settings"),
        // The reader of app and report files: an alias bomb is refused before the parse, and a syntax error has its line.
        (aliasBomb, "apptrail.yaml:6: aliases expand the YAML to more than 100000 nodes (an alias bomb?)"),
        ("db: [x.db\n", "apptrail.yaml:2: not valid YAML: did not find expected ',' or ']'"),
    ])
    func aBadConfigFileIsOneLineAndExit78(config: String, message: String) throws {
        let dir = try folder(config: config)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in [["config", "show"], ["status"], ["sync", "--server", "http://127.0.0.1:9"]] {
            let r = try run(Binaries.apptrail, command, directory: dir)
            #expect(r.status == 78, "\(command): \(r.stderr)")
            #expect(r.stderr == "error: \(message)\n", "\(command)")
        }
    }
}
