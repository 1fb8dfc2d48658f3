import AppTrailModel
import Warehouse

/// A sync stopped by SIGINT or SIGTERM at a safe point: every page it committed stays, with its watermark.
public struct SyncInterrupted: AppTrailError, Sendable {
    public var signal: Int32
    /// Executions this run wrote (inserted or updated) before it stopped.
    public var stored: Int

    public init(signal: Int32, stored: Int) {
        self.signal = signal
        self.stored = stored
    }

    public var exitCode: ExitCode { Interruption.exitCode(of: signal) }

    public var description: String {
        "interrupted: \(stored) \(stored == 1 ? "execution" : "executions") stored; run apptrail sync again to go on"
    }
}

extension SyncInterrupted: RecordedRunEnd {
    public var runOutcome: String { "interrupted" }
    public var runError: String { "stopped by \(Interruption.name(of: signal)) after \(stored) executions stored" }
}
