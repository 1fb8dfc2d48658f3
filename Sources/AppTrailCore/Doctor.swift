import AppTrailModel
import Foundation
import KestraClient
import Warehouse

/// `apptrail doctor`: checks, in order, what a sync needs, and says for each failure what to change.
///
/// The settings and the warehouse folder are checked here; the server, from name resolution to the
/// clock, in `Doctor+Server.swift`. A check that depends on one that failed is reported as skipped, so
/// that the first failure is the one to fix and its exit code is the command's.
struct Doctor {
    let settings: Settings
    var checks: [DoctorCheck] = []

    init(settings: Settings) { self.settings = settings }

    /// Runs every check on settings that loaded, or reports the settings' own failure.
    static func run(loading load: () throws -> Settings) -> DoctorReport {
        let settings: Settings
        do {
            settings = try load()
        } catch {
            var doctor = Doctor(settings: Settings())
            doctor.checks = [
                .fail(
                    .settings, String(describing: error),
                    fix:
                        "correct the flag, the environment variable or the config file named (apptrail config show lists them)",
                    exitCode: (error as? AppTrailError)?.exitCode ?? .config)
            ]
            doctor.skipRest("not checked: the settings did not load")
            return DoctorReport(checks: doctor.checks)
        }
        var doctor = Doctor(settings: settings)
        doctor.checkSettingsAndServer()
        return DoctorReport(checks: doctor.checks)
    }

    private mutating func checkSettingsAndServer() {
        let configuration: KestraClient.Configuration
        do {
            configuration = try settings.clientConfiguration()
        } catch {
            let fix =
                settings.serverURL == nil
                ? "set KESTRA_URL, pass --server URL, or put server: in the config file"
                : "correct the setting named (apptrail config show lists each setting and where it came from)"
            // For the doctor a missing or malformed server URL is configuration, whatever sync calls it.
            let code = error.exitCode == .usage ? ExitCode.config : error.exitCode
            checks.append(.fail(.settings, error.message, fix: fix, exitCode: code))
            checks.append(warehouseCheck())
            skipRest("not checked: no usable server settings")
            return
        }
        checks.append(.ok(.settings, settingsSummary(configuration), details: settingsDetails(configuration)))
        checks.append(warehouseCheck())
        var server = ServerChecks(settings: settings, configuration: configuration)
        checks += server.run()
    }

    /// Adds a skipped line for every check not run yet.
    private mutating func skipRest(_ reason: String) {
        let done = Set(checks.map(\.name))
        checks += DoctorCheck.Name.allCases.filter { !done.contains($0) }.map { .skip($0, reason) }
    }

    // MARK: Settings

    private func settingsSummary(_ configuration: KestraClient.Configuration) -> String {
        let credentials: String
        switch configuration.credentials {
        case .none: credentials = "no credentials"
        case .bearer: credentials = "a bearer token (\(settings.origin(of: .credentials)))"
        case .basic(let user, _):
            credentials =
                "basic auth as \(OneLine.excerpt(user)) (\(settings.origins[.credentials] == nil ? "the server URL" : settings.origin(of: .credentials).description))"
        }
        let config = settings.configFile.map { "config file \($0.path)" } ?? "no config file"
        return
            "server \(URLRedactor.redact(settings.serverURL ?? "")) (\(settings.origin(of: .server))), tenant \(OneLine.excerpt(configuration.tenant)) (\(settings.origin(of: .tenant))), \(credentials), label keys \(settings.labelKeys.joined(separator: ", ")) (\(settings.origin(of: .labelKeys))), \(config)"
    }

    private func settingsDetails(_ configuration: KestraClient.Configuration) -> [String: DoctorCheck.Value] {
        var details: [String: DoctorCheck.Value] = [
            "server": .text(URLRedactor.redact(settings.serverURL ?? "")),
            "server_origin": .text(settings.origin(of: .server).description),
            "tenant": .text(configuration.tenant), "tenant_origin": .text(settings.origin(of: .tenant).description),
            "label_keys": .text(settings.labelKeys.joined(separator: ",")),
        ]
        if let file = settings.configFile { details["config_file"] = .text(file.path) }
        return details
    }

    // MARK: Warehouse

    /// The warehouse folder writable, the file (when there is one) a warehouse this user may write, the lock
    /// free. It writes nothing: a doctor run leaves no file behind.
    func warehouseCheck() -> DoctorCheck {
        let path = settings.databasePath
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return .fail(
                .warehouse, "the warehouse's folder \(folder) does not exist",
                fix:
                    "create it (mkdir -p \(folder)) for the user who runs the sync, or choose another --db (APPTRAIL_DB)",
                exitCode: .cantCreate)
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return .fail(
                .warehouse, "\(path) is a folder, not a warehouse file",
                fix: "name a file: --db \(path)/apptrail.db", exitCode: .cantCreate)
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            return .fail(
                .warehouse, "cannot write the folder \(folder): \(String(cString: strerror(errno)))",
                fix:
                    "the sync writes the warehouse and its -wal, -shm and .lock files there: run it as a user who may write the folder, or choose another --db",
                exitCode: .cantCreate)
        }
        var facts: [String] = []
        if FileManager.default.fileExists(atPath: path) {
            guard access(path, R_OK | W_OK) == 0 else {
                return .fail(
                    .warehouse, "cannot write \(path): \(String(cString: strerror(errno)))",
                    fix: "run the sync as the warehouse's owner, or give that user write access to the file",
                    exitCode: .cantCreate)
            }
            do {
                let count = try Warehouse(path: path, readOnly: true).executionCount()
                facts.append("\(path) holds \(NumberText.grouped(count)) execution\(count == 1 ? "" : "s")")
            } catch {
                return .fail(
                    .warehouse, String(describing: error),
                    fix: "point --db (APPTRAIL_DB) at an apptrail warehouse, or at a new file", exitCode: error.exitCode
                )
            }
        } else {
            facts.append("no warehouse at \(path) yet: the first sync creates it")
        }
        facts.append("the folder is writable")
        if let holder = WarehouseLock.holder(warehousePath: path) {
            return .warn(
                .warehouse, facts.joined(separator: "; ") + "; the lock is \(holder): a sync is running now",
                fix:
                    "nothing to change if a sync is running; a sync started meanwhile exits 75 and the next one goes on"
            )
        }
        return .ok(.warehouse, (facts + ["the lock is free"]).joined(separator: "; "), details: ["path": .text(path)])
    }
}
