/// The life of one execution, covering every decision pattern of docs/metrics.md.
enum Scenario: UInt8, Sendable, CaseIterable {
    // Form apps: no pause.
    case formSuccess, formWarning, formFailed, formKilled, queuedThenSuccess
    // Approval apps: one Pause task.
    /// PAUSED -> RESTARTED -> RUNNING -> SUCCESS.
    case approved
    /// The Pause timed out with `behavior: RESUME`: PAUSED -> RUNNING -> SUCCESS (approved, nobody decided).
    case approvedByTimeout
    /// PAUSED -> RESTARTED -> KILLING -> KILLED.
    case killedWhilePaused
    /// The Pause timed out with `behavior: CANCEL`: PAUSED -> CANCELLED.
    case cancelledOnTimeout
    /// PAUSED -> RESTARTED -> RUNNING -> FAILED.
    case failedAfterApproval
    /// Still PAUSED, whatever the clock says.
    case pendingForever
    /// PAUSED, then a state apptrail does not know: still pending.
    case unknownAfterPause
    // Two-stage approval apps.
    /// Two pauses, both approved.
    case multiStage
    /// Two pauses, the second one killed.
    case multiStageRejected
    // Scheduled flows without an app.
    case scheduledSuccess, scheduledFailed

    var isApproval: Bool {
        switch self {
        case .approved, .approvedByTimeout, .killedWhilePaused, .cancelledOnTimeout, .failedAfterApproval,
            .pendingForever, .unknownAfterPause, .multiStage, .multiStageRejected:
            true
        default: false
        }
    }
}

/// A role forced on the newest executions, so that every dataset has work in flight at its `now` and
/// `advance` has something to decide or finish.
enum InFlightRole: UInt8, Sendable {
    case none
    /// A pause whose decision comes after `now`.
    case decideLater
    /// A form execution still running at `now`.
    case finishLater
    /// A form execution still QUEUED at `now`.
    case queuedLater
}

/// Rare shapes that exercise lenient clients (docs/kestra-api.md sections 3 and 7); the ground truth is unaffected.
enum SpecialShape: UInt8, Sendable {
    case none
    /// Labels as a map `{key: value}` (very old executions).
    case labelsAsMap
    /// Labels as a map and `state.duration` as a plain number of seconds: neither fits the OpenAPI schema,
    /// so they share one execution, which strict schema validation skips.
    case labelsAsMapDurationAsNumber

    var labelsAsMap: Bool { self != .none }
    var durationAsNumber: Bool { self == .labelsAsMapDurationAsNumber }
}
