import AppTrailModel
import Testing

@testable import KestraClient

/// Server URLs as users paste them: from the address bar, from the API docs, behind a path prefix.
@Suite struct ServerURLTests {
    @Test(
        arguments: [
            ("https://kestra.example.com", "https://kestra.example.com", nil, nil),
            ("https://kestra.example.com/", "https://kestra.example.com", nil, nil),
            ("https://kestra.example.com/ui/", "https://kestra.example.com", "/ui", nil),
            (
                "https://kestra.example.com/ui/main/executions?page=2#x", "https://kestra.example.com",
                "/ui/main/executions?page=2#x", nil
            ),
            ("https://kestra.example.com/api/v1", "https://kestra.example.com", "/api/v1", nil),
            ("https://kestra.example.com/api/v1/", "https://kestra.example.com", "/api/v1", nil),
            ("https://kestra.example.com/api/v1/main", "https://kestra.example.com", "/api/v1/main", "main"),
            (
                "https://kestra.example.com/api/v1/acme/executions/search", "https://kestra.example.com",
                "/api/v1/acme/executions/search", "acme"
            ),
            // 0.22 has no tenants: `executions` after /api/v1 is a resource.
            ("http://kestra:8080/api/v1/executions/search", "http://kestra:8080", "/api/v1/executions/search", nil),
            ("https://host/kestra/api/v1/main", "https://host/kestra", "/api/v1/main", "main"),
            ("https://host/kestra", "https://host/kestra", nil, nil),
            ("https://host/api", "https://host", "/api", nil),
            ("https://host/apis/v1", "https://host/apis/v1", nil, nil),
            ("https://host/api/v1/team%20a", "https://host", "/api/v1/team%20a", "team a"),
            ("http://127.0.0.1:8080/uix", "http://127.0.0.1:8080/uix", nil, nil),
        ] as [(String, String, String?, String?)])
    func reducesToTheBase(url: String, base: String, suffix: String?, tenant: String?) {
        let reduced = ServerURL(url)
        #expect(reduced.base == base)
        #expect(reduced.suffix == suffix)
        #expect(reduced.tenant == tenant)
    }
}

/// An HTML page where JSON was due, named by its title.
@Suite struct HTMLPageTests {
    func response(_ body: String, type: String? = nil) -> HTTPResponse {
        HTTPResponse(status: 200, headers: type.map { ["content-type": $0] } ?? [:], body: Array(body.utf8))
    }

    @Test func aLoginPageIsNamedByItsTitle() {
        let page = HTMLPage(
            response(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<TITLE>\n  Please log in &amp; go\n</TITLE></head></html>",
                type: "text/html; charset=utf-8"))
        #expect(page?.title == "Please log in & go")
        #expect(page?.described == "an HTML page ('Please log in & go')")
    }

    @Test func aBodyOpeningWithATagIsAPageWhateverItsType() {
        #expect(
            HTMLPage(response("\u{FEFF}  <html><title>Kestra</title>", type: "application/json"))?.title == "Kestra")
        #expect(HTMLPage(response("<html><body>no title</body></html>"))?.described == "an HTML page (without a title)")
    }

    @Test func jsonIsNoPage() {
        #expect(HTMLPage(response("{\"results\":[],\"total\":0}", type: "application/json")) == nil)
        #expect(HTMLPage(response("")) == nil)
    }

    @Test func aHostileTitleStaysOneLine() {
        let page = HTMLPage(response("<title>Log in\u{1B}[2J&#10;now&#x202E;</title>"))
        #expect(page?.title == "Log in\\u{1b}[2J now\\u{202e}")
    }
}

@Suite struct PeerCertificateTests {
    @Test func readsLibcurlsFieldsAndBothDateForms() {
        let certificate = PeerInfo.Certificate(fields: [
            "Subject:CN = localhost", "Issuer:CN = apptrail test CA", "Version:2",
            "Expire date:Dec  8 10:00:00 2026 GMT",
        ])
        #expect(certificate.subject == "CN = localhost")
        #expect(certificate.issuer == "CN = apptrail test CA")
        #expect(certificate.expires == Instant(year: 2026, month: 12, day: 8, hour: 10))
        #expect(PeerInfo.Certificate.date("2027-01-31 23:59:59 GMT") == Instant(iso: "2027-01-31T23:59:59Z"))
        #expect(PeerInfo.Certificate.date("soon") == nil)
    }
}
