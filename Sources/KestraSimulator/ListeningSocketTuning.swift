import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns Nagle's algorithm off on the simulator's listening socket, as Kestra's own server (Netty) does.
///
/// FlyingFox writes a response's headers and body in separate writes and offers no TCP_NODELAY option:
/// with Nagle on, every kept-alive response waits ~40 ms for the client's delayed ACK, which would make the
/// simulator, not the client under test, decide the speed of a sync. Linux copies TCP_NODELAY from a
/// listening socket to the connections it accepts, so setting it once on the listener is enough. The
/// listener is found among this process's descriptors by its port.
enum ListeningSocketTuning {
    static func disableNagle(onListenerAtPort port: UInt16) {
        #if os(Linux)
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
            for entry in entries {
                guard let fd = Int32(entry) else { continue }
                var accepting: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting == 1 else {
                    continue
                }
                var address = sockaddr_in()
                var size = socklen_t(MemoryLayout<sockaddr_in>.size)
                let named = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
                }
                guard named == 0, address.sin_family == sa_family_t(AF_INET),
                    UInt16(bigEndian: address.sin_port) == port
                else { continue }
                var on: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            }
        #endif
    }
}
