import AppTrailModel

/// The instant an ISO-8601 literal of a test names; a literal that does not parse is the test's own mistake.
public func instant(_ iso: String) -> Instant {
    guard let instant = Instant(iso: iso) else { fatalError("not an ISO-8601 instant: \(iso)") }
    return instant
}
