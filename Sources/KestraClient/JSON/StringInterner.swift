/// A small cache that hands out one shared `String` for text that repeats across executions of a page
/// (namespaces, flow ids, label keys and values, tenants).
///
/// Strings of up to 15 UTF-8 bytes are stored inline by Swift and cost no allocation, so only longer
/// ones are cached. The table is direct-mapped: a collision just replaces the slot, which keeps
/// lookups to one hash and one comparison.
struct StringInterner {
    private static let slotCount = 1024
    private var slots: [String?] = Array(repeating: nil, count: StringInterner.slotCount)

    /// The string of a validated token, shared with earlier equal tokens when possible.
    @inline(__always)
    mutating func string(_ s: JSONString, in json: JSONScanner) -> String {
        if s.hasEscapes || s.length <= 15 { return json.string(s) }
        return cached(s, in: json)
    }

    private mutating func cached(_ s: JSONString, in json: JSONScanner) -> String {
        let bytes = UnsafeRawBufferPointer(rebasing: json.bytes[s.start..<s.end])
        // Length plus the first and last 8 bytes tell apart the texts a page repeats; the full
        // comparison below guards correctness.
        let head = bytes.loadUnaligned(as: UInt64.self)
        let tail = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        var h = (head ^ (tail &* 0x9E37_79B9_7F4A_7C15)) &+ UInt64(bytes.count)
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: h >> 54) & (StringInterner.slotCount - 1)
        if let existing = slots[slot] {
            let same = existing.utf8.withContiguousStorageIfAvailable { stored in
                stored.count == bytes.count && stored.elementsEqual(bytes)
            }
            if same == true { return existing }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        slots[slot] = made
        return made
    }
}
