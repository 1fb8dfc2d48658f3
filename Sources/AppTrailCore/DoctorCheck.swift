import AppTrailModel

/// One check of `apptrail doctor`: what was looked at, how it went and, when it did not pass, the fix.
public struct DoctorCheck: Sendable, Equatable {
    /// How a check went. A warning leaves the exit code at 0: the sync works, with the caveat it names.
    public enum Status: String, Sendable, Equatable {
        case ok, warn, fail, skip
    }

    /// The checks in the order they run and print; `rawValue` is the name in both formats.
    public enum Name: String, Sendable, CaseIterable {
        case settings, warehouse
        case nameResolution = "name-resolution"
        case connection, tls
        case baseURL = "base-url"
        case answer
        case search, execution, apps, api, labels, clock
    }

    /// A detail for `--format json`: a number stays a number.
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(Int)
    }

    public var name: Name
    public var status: Status
    public var message: String
    /// What to change, in words; for failures and warnings.
    public var fix: String?
    /// The sysexits code of a failure.
    public var exitCode: ExitCode?
    /// Figures and names a script may read (`--format json`).
    public var details: [String: Value]

    public init(
        _ name: Name, _ status: Status, _ message: String, fix: String? = nil, exitCode: ExitCode? = nil,
        details: [String: Value] = [:]
    ) {
        self.name = name
        self.status = status
        self.message = message
        self.fix = fix
        self.exitCode = status == .fail ? (exitCode ?? .unavailable) : nil
        self.details = details
    }

    static func ok(_ name: Name, _ message: String, details: [String: Value] = [:]) -> DoctorCheck {
        DoctorCheck(name, .ok, message, details: details)
    }

    static func warn(_ name: Name, _ message: String, fix: String? = nil, details: [String: Value] = [:])
        -> DoctorCheck
    {
        DoctorCheck(name, .warn, message, fix: fix, details: details)
    }

    static func fail(_ name: Name, _ message: String, fix: String, exitCode: ExitCode) -> DoctorCheck {
        DoctorCheck(name, .fail, message, fix: fix, exitCode: exitCode)
    }

    static func skip(_ name: Name, _ message: String) -> DoctorCheck { DoctorCheck(name, .skip, message) }
}

/// Every check of one `apptrail doctor` run, in order.
public struct DoctorReport: Sendable, Equatable {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) { self.checks = checks }

    /// 0 when nothing failed, else the code of the first failure.
    public var exitCode: ExitCode { checks.first(where: { $0.status == .fail })?.exitCode ?? .ok }

    /// How many checks ended with `status`.
    public func count(_ status: DoctorCheck.Status) -> Int { checks.filter { $0.status == status }.count }

    public subscript(_ name: DoctorCheck.Name) -> DoctorCheck? { checks.first(where: { $0.name == name }) }
}
