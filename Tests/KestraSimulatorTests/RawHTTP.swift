import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client on a raw socket, so tests can see what URLSession hides: a connection
/// closed without an answer, a body shorter than its Content-Length.
///
/// The blocking socket calls run on a Dispatch thread, never on the cooperative pool that also runs
/// the server under test.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    /// The header lines as received, in order: a header sent twice shows twice here, once in `headers`.
    var headerLines: [String] = []
    /// No status line came back at all.
    var dropped: Bool { status == 0 }
    /// The body has as many bytes as Content-Length announced.
    var complete: Bool { Int(headers["content-length"] ?? "") == body.count }
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() -> Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
    /// How many times header `name` was sent (case-insensitive).
    func count(_ name: String) -> Int {
        headerLines.filter { $0.lowercased().hasPrefix(name.lowercased() + ":") }.count
    }
}

enum RawHTTP {
    static func request(
        _ port: UInt16, _ target: String, method: String = "GET", headers: [String: String] = [:],
        body: [UInt8] = []
    ) async -> RawResponse {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: blockingRequest(port, target, method: method, headers: headers, body: body))
            }
        }
    }

    static func get(_ port: UInt16, _ target: String, auth: String? = nil) async -> RawResponse {
        await request(port, target, headers: auth.map { ["Authorization": $0] } ?? [:])
    }

    private static func blockingRequest(
        _ port: UInt16, _ target: String, method: String, headers: [String: String],
        body: [UInt8]
    ) -> RawResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return RawResponse(status: 0, headers: [:], body: []) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return RawResponse(status: 0, headers: [:], body: []) }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let out = Array(head.utf8) + body
        _ = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data.append(contentsOf: buf[0..<n])
        }
        return parse(data)
    }

    private static func parse(_ data: [UInt8]) -> RawResponse {
        let sep: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, data.count - 3)).first(where: { Array(data[$0..<$0 + 4]) == sep }) else {
            return RawResponse(status: 0, headers: [:], body: data)
        }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return RawResponse(
            status: status, headers: headers, body: Array(data[(end + 4)...]), headerLines: Array(lines.dropFirst()))
    }
}
