/// Cell text as Excel will read it back.
///
/// libxlsxwriter 1.1.4 writes bytes as they come: invalid UTF-8 or U+FFFE/U+FFFF corrupt the file, text
/// like "_x0041_" is decoded by Excel ("A"), a NUL ends the string early, and it measures its 32,767
/// limit in scalars where Excel counts UTF-16 units. Control characters it escapes itself.
enum XLSXText {
    static let maxUnits = 32_767

    /// Whether the bytes can go to the library untouched: the common case, checked without allocating.
    static func isWritableAsIs(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // Within the limit in bytes is within it in UTF-16 units and in scalars.
        guard utf8.count <= maxUnits else { return false }
        var i = 0
        let n = utf8.count
        while i < n {
            let byte = utf8[i]
            if byte < 0x80 {
                if byte == 0 || (byte == 0x5F && isEscapeLike(utf8, at: i)) { return false }
                i += 1
                continue
            }
            // Well-formed UTF-8 (Unicode table 3-7), and neither U+FFFE nor U+FFFF (EF BF BE/BF).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard i + length <= n, (low...high).contains(utf8[i + 1]) else { return false }
            for k in 2..<length where !(0x80...0xBF).contains(utf8[i + k]) { return false }
            if byte == 0xEF && utf8[i + 1] == 0xBF && utf8[i + 2] >= 0xBE { return false }
            i += length
        }
        return true
    }

    /// The bytes to hand the library for text that `isWritableAsIs` refused: bad UTF-8 repaired as
    /// U+FFFD, escapes for what Excel would decode or cannot hold, and cut to Excel's limit (which the
    /// escapes, counted by the library though invisible in Excel, may shorten a little).
    static func rewritten(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let scalars = Array(String(decoding: utf8, as: UTF8.self).unicodeScalars)
        var out: [UInt8] = []
        out.reserveCapacity(min(utf8.count, 4 * maxUnits) + 16)
        var units = 0
        var written = 0
        for (index, scalar) in scalars.enumerated() {
            let escape: String? =
                switch scalar.value {
                case 0: "_x0000_"
                case 0xFFFE: "_xFFFE_"
                case 0xFFFF: "_xFFFF_"
                case 0x5F where isEscapeLike(scalars, at: index): "_x005F_"
                default: nil
                }
            let shown = scalar.utf16.count
            let passed = escape?.unicodeScalars.count ?? 1
            guard units + shown <= maxUnits, written + passed <= maxUnits else { break }
            units += shown
            written += passed
            if let escape { out.append(contentsOf: escape.utf8) } else { out.append(contentsOf: scalar.utf8) }
        }
        return out
    }

    /// Whether `_` at `index` starts `_xHHHH_`, which Excel reads as the character U+HHHH.
    static func isEscapeLike(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < utf8.count, utf8[index + 1] == 0x78, utf8[index + 6] == 0x5F else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(UInt32(utf8[$0])) }
    }

    static func isEscapeLike(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return (index + 2...index + 5).allSatisfy { isHexDigit(scalars[$0].value) }
    }

    private static func isHexDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x46).contains(value) || (0x61...0x66).contains(value)
    }

    /// A chart's title or name as literal text: one starting with "=", which libxlsxwriter would take for a
    /// cell reference, gets an invisible U+200B in front.
    static func literal(_ text: String) -> String {
        text.hasPrefix("=") ? "\u{200B}" + text : text
    }
}
