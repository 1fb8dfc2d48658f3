import AppTrailModel
import Testing

@testable import KestraClient

@Suite struct URLRedactorTests {
    @Test(arguments: [
        (
            "https://user:s3cret@kestra.example.com/api/v1/main/executions/search?page=1",
            "https://kestra.example.com/api/v1/main/executions/search?page=1"
        ),
        (
            "http://kestra:8080/x?token=abc&page=2&Password=p#frag",
            "http://kestra:8080/x?token=***&page=2&Password=***#frag"
        ),
        ("http://host/path", "http://host/path"),
        ("https://a@b@host/p?api_key=k", "https://host/p?api_key=***"),
    ])
    func stripsCredentials(url: String, expected: String) {
        #expect(URLRedactor.redact(url) == expected)
    }
}

@Suite struct SecretMaskTests {
    let mask = SecretMask(
        ["tok-7Kq2Vx9PzL4wNc8Rj3", "pw"] + Credentials.basic(user: "ops", password: "Sup3r-Secret!").secrets)

    @Test(arguments: [
        ("Bearer tok-7Kq2Vx9PzL4wNc8Rj3 refused", "Bearer *** refused"),
        // A decode error's excerpt cut at 40 characters: the start of the token still goes.
        (#"id "Bearer tok-7Kq2Vx9…" is missing"#, #"id "Bearer ***…" is missing"#),
        ("Basic b3BzOlN1cDNyLVNlY3JldCE= and Sup3r-Secret!", "Basic *** and ***"),
        // Fewer than 8 characters of a secret, and secrets shorter than 3, are ordinary text.
        ("tok-7Kq and pw stay", "tok-7Kq and pw stay"),
    ])
    func masksSecretsWholeAndCutShort(text: String, expected: String) {
        #expect(mask.mask(text) == expected)
    }
}

@Suite struct ExecutionSearchTests {
    let from = Instant(iso: "2026-11-16T00:00:00Z")!

    @Test func filtersSyntaxIsPercentEncoded() {
        let q = ExecutionSearch(label: Label("system.app", "expense approval/ü+1"), startFrom: from)
            .queryString(generation: .v1, page: 2, size: 500)
        #expect(
            q == "filters%5Blabels%5D%5BEQUALS%5D%5Bsystem.app%5D=expense%20approval%2F%C3%BC%2B1"
                + "&filters%5BstartDate%5D%5BGREATER_THAN_OR_EQUAL_TO%5D=2026-11-16T00%3A00%3A00.000000Z"
                + "&sort=state.startDate%3Aasc&sort=id%3Aasc&page=2&size=500")
    }

    @Test func legacyParametersFor022() {
        let q = ExecutionSearch(label: Label("system_app", "a:b"), startFrom: from).queryString(
            generation: .v0_22, page: 1, size: 10)
        #expect(
            q
                == "labels=system_app%3Aa%3Ab&startDate=2026-11-16T00%3A00%3A00.000000Z&sort=state.startDate%3Aasc&sort=id%3Aasc&page=1&size=10"
        )
    }

    @Test func discoveryHasNoLabelFilter() {
        #expect(
            ExecutionSearch().queryString(generation: .v2, page: 1, size: 1000)
                == "sort=state.startDate%3Aasc&sort=id%3Aasc&page=1&size=1000")
    }
}

@Suite struct APIGenerationTests {
    @Test(arguments: [
        ("0.22.4", APIGeneration.v0_22), ("0.23.0", .v1), ("0.24.1-SNAPSHOT", .v1), ("1.3.26", .v1),
        ("2.0.0-SNAPSHOT", .v2), ("2.1.3", .v2),
    ])
    func fromServerVersion(version: String, expected: APIGeneration) {
        #expect(APIGeneration(serverVersion: version) == expected)
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: 0.5, maxDelay: 30, maxRetryAfter: 300)

    @Test func backoffGrowsWithJitterAndIsBounded() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: 0) == 0.25)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: 1) == 0.5)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 1) == 2)
        #expect(policy.delay(afterAttempt: 30, retryAfter: nil, random: 1) == 30)
    }

    @Test func retryAfterWins() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: 7, random: 0.3) == 7)
        #expect(RetryPolicy.retryAfterSeconds("3", now: Instant(micros: 0)) == 3)
        let now = Instant(iso: "2015-10-21T07:27:50Z")!
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 10)
        #expect(RetryPolicy.retryAfterSeconds("soon", now: now) == nil)
    }

    @Test func whatIsRetried() {
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 401))
        #expect(!RetryPolicy.isRetryable(status: 422))
    }
}

@Suite struct CredentialsTests {
    @Test func neverDescribesTheSecret() {
        let basic = Credentials.basic(user: "ops", password: "hunter2")
        #expect(basic.description == "basic (user ops, password ***)")
        #expect(basic.authorizationHeader == "Authorization: Basic b3BzOmh1bnRlcjI=")
        let bearer = Credentials.bearer(token: "tok-123")
        #expect(!bearer.description.contains("tok-123"))
        #expect(bearer.authorizationHeader == "Authorization: Bearer tok-123")
    }
}
