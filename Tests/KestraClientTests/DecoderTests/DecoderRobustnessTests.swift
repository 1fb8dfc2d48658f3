import AppTrailModel
import Testing

@testable import KestraClient

private typealias T = DecoderTestSupport

/// Damaged input of every kind ends in a result or a `DecodeError`, never a trap.
@Suite struct DecoderRobustnessTests {
    /// SplitMix64, so every run mutates the same way.
    private struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    @Test func mutatedExecutionsNeverTrap() {
        let sources = [DecoderFixtures.full1x, DecoderFixtures.light20, DecoderFixtures.legacy022].map {
            Array($0.utf8)
        }
        let alphabet =
            Array(#"{}[]:,"\\/u0123456789abcdefABCDEF.eE+-ntrlsNI "#.utf8) + [
                0x00, 0x0A, 0x80, 0xBF, 0xC3, 0xED, 0xF0, 0xFF,
            ]
        var random = Random(state: 42)
        var failures = 0
        for round in 0..<3000 {
            var bytes = sources[round % sources.count]
            for _ in 0...random.next(4) {
                let at = random.next(bytes.count)
                switch random.next(4) {
                case 0: bytes[at] = alphabet[random.next(alphabet.count)]
                case 1: bytes.insert(alphabet[random.next(alphabet.count)], at: at)
                case 2: bytes.remove(at: at)
                default: bytes.removeSubrange(at...)
                }
                if bytes.isEmpty { break }
            }
            if T.executionError(bytes: bytes) != nil { failures += 1 }
            _ = T.failure { try T.document(bytes: bytes) }
            _ = T.failure { try bytes.withUnsafeBytes { try ExecutionPageDecoder.decodeOutputs($0) } }
        }
        #expect(failures > 1000)
    }

    @Test func everyPrefixOfAPageFailsCleanly() {
        let page = Array(#"{"results":[\#(DecoderFixtures.full1x)],"total":1}"#.utf8)
        for length in 0..<page.count {
            let message = T.failure {
                try Array(page[0..<length]).withUnsafeBytes { try ExecutionPageDecoder.decodePage($0) }
            }
            #expect(message?.contains("unexpected end of input") == true, "cut at \(length): \(message ?? "decoded")")
        }
    }
}
