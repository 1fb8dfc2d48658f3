/// The sysexits codes of docs/commands/README.md, and the shell's 128 + signal for a run stopped by a signal.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case cantCreate = 73
    case ioError = 74
    case tempFail = 75
    case noPermission = 77
    case config = 78
    /// Stopped by SIGINT (Ctrl-C), after tidying up.
    case interrupted = 130
    /// Stopped by SIGTERM, after tidying up.
    case terminated = 143
}

/// An error that knows the exit code it ends apptrail with, and reads as one line for a person.
public protocol AppTrailError: Error, CustomStringConvertible {
    var exitCode: ExitCode { get }
}
