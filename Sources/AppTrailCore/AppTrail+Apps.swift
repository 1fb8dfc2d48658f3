import AppTrailModel
import Foundation
import KestraClient
import Warehouse

extension AppTrail {
    /// Stores app definitions from YAML files (`apptrail apps import FILE...`), one app per document.
    /// Every file is read before anything is written: one bad file imports nothing.
    public static func importApps(files: [String], settings: Settings, reporter: Reporter,
                                  stdin: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws -> [AppDefinition] {
        var apps: [AppDefinition] = []
        for file in files {
            let name = file == "-" ? "stdin" : file
            let data: Data
            if file == "-" {
                data = stdin()
            } else {
                guard let d = FileManager.default.contents(atPath: file) else {
                    throw InputError(.noInput, "cannot read \(file): no such file or not readable")
                }
                data = d
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw InputError(.dataError, "\(name): not UTF-8 text")
            }
            let parsed = try AppYAML.parse(text, origin: name)
            if parsed.isEmpty { throw InputError(.dataError, "\(name): no app definition in the file") }
            apps += parsed
        }
        let warehouse = try Warehouse(path: settings.databasePath)
        try warehouse.upsertApps(apps, now: settings.clock.now())
        for app in apps {
            reporter.info("app \(app.id): \(app.expiration.map { "expiration \($0.typeName)" } ?? "no expiration")\(app.disabled ? ", disabled" : "")",
                          [("app_id", app.id)])
        }
        return apps
    }
}

extension AppTrail {
    /// Every app id the warehouse knows, from definitions and from executions' labels, sorted; read-only
    /// (shell completion asks for them as a user types `--app `).
    public static func appIds(settings: Settings) throws -> [String] {
        let warehouse = try Warehouse(path: settings.databasePath, readOnly: true)
        return Set(try warehouse.appDefinitions().map(\.id) + warehouse.knownAppIds()).sorted()
    }
}
