import AppTrailModel

/// A problem with what a command was given (a flag, a setting, a file to read or import), as the one line
/// that names what and where, with its exit code.
public struct Problem: AppTrailError {
    public var exitCode: ExitCode
    public var message: String
    public var description: String { message }
    public init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }
}
