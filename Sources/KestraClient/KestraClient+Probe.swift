import AppTrailModel

/// What `apptrail doctor` asks a server beyond what a sync needs.
extension KestraClient {
    /// One GET of `path` as it comes back: any status, no retry, with the peer's address and certificates
    /// when `inspect` is set.
    ///
    /// `verify: false` turns TLS verification off for this request alone, to show which certificate a failed
    /// verification refused; the server is then not known to be the one named, so it gets no credentials.
    public func probe(_ path: String, inspect: Bool = false, verify: Bool = true) throws(TransportError)
        -> HTTPResponse
    {
        var headers = ["Accept: application/json"]
        if verify, let auth = configuration.credentials.authorizationHeader { headers.append(auth) }
        requestCount += 1
        return try transport.perform(
            url: configuration.baseURL + path, headers: headers, inspect: inspect, verify: verify)
    }

    /// The latest executions the server holds, newest first: one page of `size`.
    public func latestExecutions(size: Int) throws(KestraError) -> ExecutionPage {
        var newest = ExecutionSearch()
        newest.newestFirst = true
        return try search(newest, page: 1, size: size, context: "the latest executions")
    }

    /// How many apps the Apps API lists (its search's `total`); nil when the server has no Apps API.
    public func appCount() throws(KestraError) -> Int? {
        if edition == .oss || generation == .v0_22 { return nil }
        let path = tenantPath("/apps/search") + "?page=1&size=1"
        let response = try send(path: path, allowNotFound: edition != .ee)
        if response.status == 404 { return nil }
        return try decode(response, path: path, context: "the apps search") { bytes throws(AppsDecoder.Failure) in
            guard let total = (try AppsDecoder.jsonObject(bytes))?["total"] as? Int else {
                throw AppsDecoder.Failure(description: "expected {\"total\": N, ...}")
            }
            return total
        }
    }
}
