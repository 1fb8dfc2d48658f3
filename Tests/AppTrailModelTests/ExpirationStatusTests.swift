import AppTrailModel
import Testing

@Suite struct ExpirationStatusTests {
    let t = Instant(iso: "2026-11-25T12:00:00Z")!
    let day: Int64 = 86_400_000_000

    func evaluate(_ expiration: Expiration?, disabled: Bool = false, created: Instant? = nil, before: Int = 0,
                  first: Instant? = nil, at: Instant? = nil) -> ExpirationEvaluation {
        ExpirationEvaluation(app: AppDefinition(id: "a", disabled: disabled, created: created, expiration: expiration, source: .yaml),
                             asOf: at ?? t, submissionsBefore: before, firstSubmission: first)
    }

    @Test func dateExactlyAtExpiryIsExpiredAndOneMillisecondBeforeIsSoon() {
        #expect(evaluate(.date(t)).status == .expired)
        #expect(evaluate(.date(t + 1000)).status == .expiringSoon)
        #expect(evaluate(.date(t + 7 * day)).status == .expiringSoon)
        #expect(evaluate(.date(t + 7 * day + 1)).status == .active)
        #expect(evaluate(.date(t + 7 * day)).expiresAt == t + 7 * day)
        #expect(evaluate(.date(t)).expirationType == "DATE")
    }

    @Test func dateWithoutTimeIsMidnightUTC() {
        let e = evaluate(.date(Instant(iso: "2026-11-25")!))
        #expect(e.expiresAt?.iso == "2026-11-25T00:00:00.000000Z")
        #expect(e.status == .expired)
    }

    @Test func limitBoundaries() {
        #expect(evaluate(.limit(100), before: 89).status == .active)
        #expect(evaluate(.limit(100), before: 90).status == .expiringSoon)
        #expect(evaluate(.limit(100), before: 90).submissionsRemaining == 10)
        #expect(evaluate(.limit(100), before: 99).status == .expiringSoon)
        #expect(evaluate(.limit(100), before: 100).status == .expired)
        #expect(evaluate(.limit(100), before: 104).submissionsRemaining == -4)
        #expect(evaluate(.limit(100), before: 104).status == .expired)
        #expect(evaluate(.limit(100)).expiresAt == nil)
    }

    @Test func ttlFromCreationOrFirstSubmission() {
        let created = t - 30 * day
        #expect(evaluate(.ttl("PT30D"), created: created).status == .expired)
        #expect(evaluate(.ttl("P30D"), created: created + 1).expiresAt == t + 1)
        #expect(evaluate(.ttl("P30D"), created: created + 1).status == .expiringSoon)
        #expect(evaluate(.ttl("PT30D"), first: created + 8 * day + 1).status == .active)
        #expect(evaluate(.ttl("PT30D"), created: created, first: t).expiresAt == t)
        let unknown = evaluate(.ttl("P30D"))
        #expect(unknown.status == .unknown && unknown.expiresAt == nil && unknown.expirationType == "TTL")
    }

    @Test func windowNotStartedThenOpenThenExpired() {
        let w = Expiration.window(start: t + 1, end: t + 30 * day)
        #expect(evaluate(w).status == .notStarted)
        #expect(evaluate(w, at: t + 1).status == .active)
        #expect(evaluate(w, at: t + 23 * day + 1).status == .expiringSoon)
        #expect(evaluate(w, at: t + 30 * day).status == .expired)
        #expect(evaluate(w).expirationType == "WINDOW")
        #expect(evaluate(.window(start: nil, end: nil)).status == .active)
    }

    @Test func disabledWinsButKeepsItsFigures() {
        let e = evaluate(.limit(10), disabled: true, before: 12)
        #expect(e.status == .disabled && e.submissionsRemaining == -2)
        #expect(evaluate(.date(t + day), disabled: true).expiresAt == t + day)
        #expect(evaluate(.ttl("P1D"), disabled: true).status == .disabled)
    }

    @Test func noExpirationOrNoDefinitionIsActive() {
        let none = evaluate(nil)
        #expect(none.status == .active && none.expiresAt == nil && none.expirationType == nil)
        let unknownApp = ExpirationEvaluation(app: nil, asOf: t, submissionsBefore: 5, firstSubmission: t)
        #expect(unknownApp.status == .active && unknownApp.submissionsRemaining == nil)
    }
}
