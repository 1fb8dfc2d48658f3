import AppTrailModel
import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a stop request for the work in hand, instead of ending the process there.
///
/// The signals are taken by dispatch sources, so nothing runs in a signal handler: the flag is set on a
/// dispatch queue and read by the work at its next safe point. A second signal ends the process at once, as
/// the signal would have: whoever presses Ctrl-C twice does not want to wait for a slow request.
final class SignalWatch: @unchecked Sendable {
    private let signals: [Int32]
    private var sources: [any DispatchSourceSignal] = []

    init(_ interruption: Interruption, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
        for s in signals {
            signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: .global())
            source.setEventHandler {
                guard interruption.request(s) else { return }
                signal(s, SIG_DFL)
                kill(getpid(), s)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Gives the signals back their default action.
    func stop() {
        for source in sources { source.cancel() }
        sources = []
        for s in signals { signal(s, SIG_DFL) }
    }
}
