import AppTrailTestSupport
import Foundation
import Testing

/// The scheduling files of `contrib/`: the systemd units verify, and every apptrail command they hold runs
/// as written against a simulator (paths moved into a temporary folder).
@Suite(.serialized) struct ContribTests {
    static let contrib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contrib").path
    static let units = [
        "apptrail-doctor.service", "apptrail-sync.service", "apptrail-sync.timer", "apptrail-report-weekly.service",
        "apptrail-report-weekly.timer",
    ]

    /// A file of `contrib/` with the installed paths replaced by the test's.
    private func localized(_ relative: String, dir: String) throws -> String {
        try String(contentsOfFile: Self.contrib + "/" + relative, encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/apptrail", with: Binaries.apptrail)
            .replacingOccurrences(of: "/var/lib/apptrail", with: dir + "/var")
            .replacingOccurrences(of: "/etc/apptrail/env", with: dir + "/env")
    }

    private var systemdAnalyze: String? {
        ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func theSystemdUnitsVerify() throws {
        guard let analyze = systemdAnalyze else {
            print("skipped: systemd-analyze is not installed on this machine (apt-get install systemd)")
            return
        }
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for unit in Self.units {
            try localized("systemd/" + unit, dir: dir).write(
                toFile: dir + "/" + unit, atomically: true, encoding: .utf8)
        }
        let r = try run(analyze, ["verify"] + Self.units.map { dir + "/" + $0 })
        #expect(r.status == 0 && r.stderr.isEmpty && r.stdout.isEmpty, "\(r.stdout)\(r.stderr)")
        // The sync service reads its secrets from the environment file and treats "locked" as success.
        let sync = try String(contentsOfFile: Self.contrib + "/systemd/apptrail-sync.service", encoding: .utf8)
        #expect(sync.contains("\nEnvironmentFile=/etc/apptrail/env\n") && sync.contains("\nSuccessExitStatus=75\n"))
        #expect(!sync.contains("KESTRA_API_TOKEN") && !sync.contains("KESTRA_PASSWORD"))
    }

    @Test func everyScheduledCommandRunsAsWritten() throws {
        let sim = try SimulatorProcess([
            "--seed", "3", "--executions", "400", "--apps", "4", "--edition", "oss", "--now", "2026-11-25T12:00:00Z",
        ])
        let dir = temporaryFolder("apptrail-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/var", withIntermediateDirectories: true)
        let example = try localized("apptrail.env.example", dir: dir)
        #expect(example.contains("\nKESTRA_API_TOKEN=\n"), "the example holds no secret")
        try example.replacingOccurrences(of: "https://kestra.example.com", with: sim.url).write(
            toFile: dir + "/env", atomically: true, encoding: .utf8)
        let env = ["APPTRAIL_NOW": "2026-11-25T12:00:00Z", "PATH": Binaries.directory.path + ":/usr/bin:/bin"]

        // systemd: EnvironmentFile, then ExecStart; the doctor first, as the README has it run before the timers.
        for unit in ["apptrail-doctor.service", "apptrail-sync.service", "apptrail-report-weekly.service"] {
            let text = try localized("systemd/" + unit, dir: dir)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
            let command = "set -a; . \(dir)/env; set +a; exec " + line.dropFirst("ExecStart=".count)
            let r = try run("/bin/sh", ["-c", command], environment: env)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(unit): \(r.stdout)\(r.stderr)")
            if unit == "apptrail-doctor.service" {
                #expect(r.stdout.hasSuffix("doctor: 13 checks: 11 ok, 2 skipped\n"), "\(r.stdout)")
                #expect(!FileManager.default.fileExists(atPath: dir + "/var/apptrail.db"), "the doctor writes nothing")
            }
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/var/reports/weekly-2026-W47.xlsx"))

        // cron: the command after the five time fields and the user.
        let crontab = try localized("cron/apptrail", dir: dir)
        var commands = 0
        for line in crontab.split(separator: "\n") where !line.hasPrefix("#") && !line.contains("=") {
            let fields = line.split(separator: " ", maxSplits: 6)
            #expect(fields.count == 7 && fields[5] == "apptrail", "\(line)")
            let r = try run("/bin/sh", ["-c", String(fields[6])], environment: env)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(line): \(r.stdout)\(r.stderr)")
            commands += 1
        }
        #expect(commands == 3)
    }
}
