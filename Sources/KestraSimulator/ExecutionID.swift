/// Execution ids that encode the execution's index, so a million ids need no lookup table.
///
/// An id is 22 base62 characters like Kestra's: 11 for a keyed Feistel permutation of the index and 11 for
/// a keyed hash of it. Decoding inverts the permutation and checks the hash, so a made-up id is unknown.
/// The alphabet is in ASCII order, so comparing ids as text equals comparing `(high, low)` as numbers.
struct ExecutionID: Sendable {
    let seed: UInt64

    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let reverse: [Int8] = {
        var r = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { r[Int(c)] = Int8(i) }
        return r
    }()

    func parts(_ index: UInt32) -> (high: UInt64, low: UInt64) {
        (permute(UInt64(index)), SplitMix64.mix(seed ^ 0x5EED_1D5 &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D))
    }

    func string(_ index: UInt32) -> String {
        var out = [UInt8]()
        out.reserveCapacity(22)
        append(index, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func append(_ index: UInt32, to out: inout [UInt8]) {
        let (h, l) = parts(index)
        ExecutionID.append11(h, &out)
        ExecutionID.append11(l, &out)
    }

    /// The index an id stands for, or nil when it is not an id of this seed.
    func index(of id: String) -> UInt32? {
        let bytes = Array(id.utf8)
        guard bytes.count == 22, let h = ExecutionID.decode11(bytes[0..<11]),
            let l = ExecutionID.decode11(bytes[11..<22])
        else { return nil }
        let i = unpermute(h)
        guard i <= UInt64(UInt32.max), parts(UInt32(i)).low == l else { return nil }
        return UInt32(i)
    }

    private static func append11(_ v0: UInt64, _ out: inout [UInt8]) {
        var v = v0
        var buf = [UInt8](repeating: alphabet[0], count: 11)
        var i = 10
        while v > 0 && i >= 0 {
            buf[i] = alphabet[Int(v % 62)]
            v /= 62
            i -= 1
        }
        out.append(contentsOf: buf)
    }

    private static func decode11(_ s: ArraySlice<UInt8>) -> UInt64? {
        var v: UInt64 = 0
        for c in s {
            let d = reverse[Int(c)]
            guard d >= 0 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 62)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            v = a
        }
        return v
    }

    // A 4-round Feistel network on two 32-bit halves: a keyed bijection of 64-bit values.
    private func round(_ x: UInt32, _ r: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: SplitMix64.mix(seed &+ r &* 0x9E37_79B9 &+ UInt64(x)))
    }

    private func permute(_ v: UInt64) -> UInt64 {
        var l = UInt32(truncatingIfNeeded: v >> 32)
        var r = UInt32(truncatingIfNeeded: v)
        for k in 0..<4 { (l, r) = (r, l ^ round(r, UInt64(k))) }
        return UInt64(l) << 32 | UInt64(r)
    }

    private func unpermute(_ v: UInt64) -> UInt64 {
        var l = UInt32(truncatingIfNeeded: v >> 32)
        var r = UInt32(truncatingIfNeeded: v)
        for k in (0..<4).reversed() { (l, r) = (r ^ round(l, UInt64(k)), l) }
        return UInt64(l) << 32 | UInt64(r)
    }
}

extension ExecutionID {
    /// The id of task run `slot` of execution `index`: 22 base62 characters, unique in practice.
    func taskRunString(_ index: UInt32, slot: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(22)
        let a = SplitMix64.mix(seed ^ 0x7A5C &+ UInt64(index) &* 0x1_0000_0001 &+ UInt64(slot))
        let b = SplitMix64.mix(a ^ 0xB_ADC0_FFEE)
        for var v in [a, b] {
            var buf = [UInt8](repeating: ExecutionID.alphabet[0], count: 11)
            var i = 10
            while v > 0 && i >= 0 {
                buf[i] = ExecutionID.alphabet[Int(v % 62)]
                v /= 62
                i -= 1
            }
            out.append(contentsOf: buf)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
