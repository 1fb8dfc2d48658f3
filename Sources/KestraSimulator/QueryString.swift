/// A query string decoded the way Kestra's server (Micronaut on Netty) decodes it.
///
/// A `+` is a space, so a date sent with a raw `+01:00` arrives broken: clients must send `%2B`.
/// Order and repeats are kept.
struct QueryString: Sendable {
    var items: [(name: String, value: String)]

    init(_ raw: String) {
        items = raw.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = QueryString.decode(pieces[0])
            let value = pieces.count > 1 ? QueryString.decode(pieces[1]) : ""
            return (name, value)
        }
    }

    func first(_ name: String) -> String? { items.first { $0.name == name }?.value }
    func all(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    static func decode(_ s: Substring) -> String {
        var out = [UInt8]()
        let b = Array(s.utf8)
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
