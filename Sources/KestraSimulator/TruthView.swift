/// Which payload the ground truth describes.
public enum TruthView: Sendable, Hashable {
    /// What search items carry: on 2.0 no task runs, so no pause task run.
    case searchItems
    /// What a client knows after also reading details (2.0: the execution and the outputs API).
    case complete
}
