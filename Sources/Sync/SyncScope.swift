import AppTrailModel
import KestraClient

/// One stream of executions read with its own watermark: an app under one label key, or the discovery scan.
public struct SyncScope: Sendable, Hashable, CustomStringConvertible {
    /// The app filter; nil for the discovery scan of every execution.
    public var label: Label?
    public var tenant: String

    /// The discovery scan of a tenant: every execution by start date.
    public static func discovery(tenant: String) -> SyncScope { SyncScope(label: nil, tenant: tenant) }

    /// The cursor key in the warehouse.
    public var key: String {
        if let label { return "\(tenant)/app/\(label.key)/\(label.value)" }
        return "\(tenant)/discover"
    }

    /// Whether executions stored under this app and label key are read by this scope.
    public func covers(app: String, key: String) -> Bool {
        guard let label else { return true }
        return label.value == app && label.key == key
    }

    public var description: String {
        if let label { return "app \(label.value) (\(label.key))" }
        return "all executions"
    }
}
