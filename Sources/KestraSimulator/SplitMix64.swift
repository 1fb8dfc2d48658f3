import Foundation

/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The simulator must give the same bytes for the same seed on every machine and every run, so it never
/// touches `SystemRandomNumberGenerator`; every execution draws from its own stream keyed by
/// `(seed, index, purpose)`, which makes execution `i` a pure function of the seed. Tests draw from it too,
/// so that a failing case replays.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A stream for one purpose of one item, independent of every other stream of the same seed.
    init(seed: UInt64, index: UInt64, salt: UInt64) {
        state = SplitMix64.mix(seed &+ SplitMix64.mix(index &* 0x9E37_79B9_7F4A_7C15 &+ salt &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// SplitMix64's finaliser: a bijective 64-bit mix.
    static func mix(_ x0: UInt64) -> UInt64 {
        var z = x0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n` (n > 0); the tiny modulo bias is irrelevant for test data.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// A uniform integer in a closed range.
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.upperBound - r.lowerBound + 1) }

    /// A uniform Double in `[0, 1)`.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A log-uniform Double between `lo` and `hi` (both > 0): waits spread over orders of magnitude.
    mutating func logUniform(_ lo: Double, _ hi: Double) -> Double {
        lo * exp(unit() * log(hi / lo))
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn from relative weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }
}
