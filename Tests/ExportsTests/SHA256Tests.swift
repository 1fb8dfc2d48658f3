import Testing

@testable import Exports

@Suite struct SHA256Tests {
    /// FIPS 180-2 test vectors.
    @Test func knownDigests() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let hash = SHA256()
        let a = Array("abcdbcdecdefdefgefghfghighijhijk".utf8)
        let b = Array("ijkljklmklmnlmnomnopnopq".utf8)
        a.withUnsafeBytes { hash.update($0) }
        b.withUnsafeBytes { hash.update($0) }
        #expect(hash.finishHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
