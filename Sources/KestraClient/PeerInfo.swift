import AppTrailModel

/// Whom a response came from: the address connected to and, over TLS, the certificate chain it presented.
public struct PeerInfo: Sendable, Equatable {
    /// The IP address connected to (after name resolution).
    public var address: String?
    public var port: Int?
    /// The chain as the server sent it, its own certificate first; empty over plain HTTP.
    public var certificates: [Certificate]

    public init(address: String?, port: Int?, certificates: [Certificate]) {
        self.address = address
        self.port = port
        self.certificates = certificates
    }

    /// One certificate of the chain, as libcurl describes it.
    public struct Certificate: Sendable, Equatable {
        /// The subject's distinguished name, as OpenSSL prints it (`CN = localhost`).
        public var subject: String
        public var issuer: String
        /// The end of its validity; nil when libcurl gave a date apptrail cannot read.
        public var expires: Instant?

        public init(subject: String, issuer: String, expires: Instant?) {
            self.subject = subject
            self.issuer = issuer
            self.expires = expires
        }

        /// Reads libcurl's `Name:value` lines of one certificate (`CURLINFO_CERTINFO`).
        init(fields: [String]) {
            var values: [String: String] = [:]
            for field in fields {
                guard let colon = field.firstIndex(of: ":") else { continue }
                values[String(field[..<colon])] = String(field[field.index(after: colon)...])
            }
            subject = Certificate.oneLine(values["Subject"] ?? "")
            issuer = Certificate.oneLine(values["Issuer"] ?? "")
            expires = values["Expire date"].flatMap(Certificate.date)
        }

        private static func oneLine(_ text: String) -> String {
            text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }

        /// A date as libcurl's OpenSSL backend writes it: `2026-12-08 10:00:00 GMT`, or OpenSSL's own
        /// `Dec  8 10:00:00 2026 GMT`.
        static func date(_ text: String) -> Instant? {
            let parts = text.split(separator: " ").map(String.init)
            if parts.count >= 2, parts[0].count == 10, let instant = Instant(iso: parts[0] + "T" + parts[1] + "Z") {
                return instant
            }
            guard parts.count >= 4, let month = HTTPDate.months.firstIndex(of: parts[0]), let day = Int(parts[1]),
                let year = Int(parts[3])
            else { return nil }
            let time = parts[2].split(separator: ":").compactMap { Int($0) }
            guard time.count == 3 else { return nil }
            return Instant(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2])
        }
    }
}
