import Analysis
import AppTrailModel
import Foundation
import KestraClient
import Warehouse
import YAMLReader

extension AppTrail {
    /// Stores app definitions from YAML files (`apptrail apps import FILE...`), one app per document.
    /// Every file is read before anything is written: one bad file imports nothing.
    public static func importApps(
        files: [String], settings: Settings, reporter: Reporter,
        stdin: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }
    ) throws -> [AppDefinition] {
        var apps: [AppDefinition] = []
        for file in files {
            let name = file == "-" ? "stdin" : file
            let data: Data
            if file == "-" {
                data = stdin()
            } else {
                guard let d = FileManager.default.contents(atPath: file) else {
                    throw Problem(.noInput, "cannot read \(file): no such file or not readable")
                }
                data = d
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw Problem(.dataError, "\(name): not UTF-8 text")
            }
            let parsed = try AppYAML.parse(text, origin: name)
            if parsed.isEmpty { throw Problem(.dataError, "\(name): no app definition in the file") }
            apps += parsed
        }
        let warehouse = try Warehouse(path: settings.databasePath)
        try warehouse.upsertApps(apps, now: settings.clock.now())
        for app in apps {
            reporter.info(
                "app \(app.id): \(app.expiration.map { "expiration \($0.typeName)" } ?? "no expiration")\(app.disabled ? ", disabled" : "")",
                [("app_id", app.id)])
        }
        return apps
    }
}

extension AppTrail {
    /// Every known app with its expiration status as of the settings' now (`apptrail apps`): the apps query.
    public static func apps(settings: Settings) throws -> ResultSet {
        try query(
            options: QueryOptions(query: "apps", parameters: ["as_of": settings.clock.now().iso]), settings: settings)
    }

    /// The columns of `apps` a table shows, within 100 columns: namespace, flow and type are left to CSV and
    /// JSON, an expiry is shown to the minute, and a long name (never the id) is cut short.
    public static func appsTable(_ apps: ResultSet) -> String {
        apps.projected([
            ("app_id", "app"), ("name", "name"), ("expiration_type", "expiry"), ("expires_at", "expires (UTC)"),
            ("submissions_total", "submissions"), ("submissions_remaining", "left"), ("expiration_status", "status"),
        ]) { column, text in
            column == "expires_at" ? String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") : text
        }.table(maxWidth: 100, whole: ["app", "expires (UTC)", "status"])
    }

    /// Every app id the warehouse knows, from definitions and from executions' labels, sorted; read-only
    /// (shell completion asks for them as a user types `--app `).
    public static func appIds(settings: Settings) throws -> [String] {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        return Set(try warehouse.appDefinitions().map(\.id) + warehouse.knownAppIds()).sorted()
    }
}
