import FlyingFox
import FlyingSocks
import Foundation

/// Ways to break an HTTP exchange that FlyingFox does not offer directly.
enum ConnectionFaults {
    struct Dropped: Error {}

    /// A "WebSocket upgrade" that fails before FlyingFox writes anything: the connection is closed with no
    /// status line at all, as when a proxy or server dies mid-request.
    struct DropHandler: WSHandler {
        func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
            throw Dropped()
        }
    }

    static func drop() -> HTTPResponse { HTTPResponse(webSocket: DropHandler()) }

    /// A body announcing `announced` bytes that sends `bytes` and then fails, which closes the connection.
    struct Truncated: AsyncBufferedSequence, Sendable {
        typealias Element = UInt8
        let bytes: [UInt8]

        func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }

        struct Iterator: AsyncBufferedIteratorProtocol {
            let bytes: [UInt8]
            var offset = 0

            mutating func next() async throws -> UInt8? {
                guard offset < bytes.count else { throw Dropped() }
                defer { offset += 1 }
                return bytes[offset]
            }

            mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
                guard offset < bytes.count else { throw Dropped() }
                let end = Swift.min(bytes.count, offset + Swift.max(1, count))
                defer { offset = end }
                return bytes[offset..<end]
            }
        }
    }

    static func truncate(_ response: HTTPResponse, body: [UInt8]) -> HTTPResponse {
        let half = Array(body.prefix(max(1, body.count / 2)))
        var headers = response.headers
        headers[.contentLength] = String(body.count)
        return HTTPResponse(
            statusCode: response.statusCode, headers: headers,
            body: HTTPBodySequence(from: Truncated(bytes: half), count: body.count, suggestedBufferSize: 65_536))
    }
}
