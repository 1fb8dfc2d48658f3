import Foundation

/// RFC 4180 fields as docs/exports.md writes them, appended as bytes: the one implementation behind `query --format
/// csv`, the auditor export and the reports' CSV files.
///
/// Quoting only where needed (`,` `"` CR LF), formula neutralisation of text cells (a leading `=` `+` `-` `@` TAB
/// or CR gets a `'`), seconds and rates at fixed places rounded half away from zero. Cells go from SQLite's bytes
/// to the output buffer without a String per cell: that is what makes a million-row export fast.
public enum CSV {
    public static let recordEnd: [UInt8] = [13, 10]
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The decimal places a numeric column prints with: seconds (`*_s`) 3, rates (`*rate*`) 4, else nil.
    public static func places(forColumn name: String) -> Int? {
        name.hasSuffix("_s") ? 3 : (name.contains("rate") ? 4 : nil)
    }

    /// The header record: the column names as text fields.
    public static func appendHeader(_ columns: [String], to out: inout [UInt8]) {
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendField(column, to: &out)
        }
        out += recordEnd
    }

    /// A text field: neutralised, then quoted when it must be.
    public static func appendField(text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var needsQuotes = false
        for byte in text where byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A {
            needsQuotes = true
            break
        }
        if needsQuotes { out.append(0x22) }
        if let first = text.first,
            first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
        {
            out.append(0x27)
        }
        if needsQuotes {
            var start = 0
            for (i, byte) in text.enumerated() where byte == 0x22 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...i]))
                out.append(0x22)
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
            out.append(0x22)
        } else {
            out.append(contentsOf: text)
        }
    }

    public static func appendField(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendField(text: $0, to: &out) }
    }

    public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        appendDigits(value.magnitude, minimumCount: 1, to: &out)
    }

    /// A number: at `places` decimals rounded half away from zero, or in Swift's shortest form when nil.
    public static func appendNumber(_ value: Double, places: Int?, to out: inout [UInt8]) {
        guard let places else {
            out.append(contentsOf: Array(String(value).utf8))
            return
        }
        let scale = powersOfTen[places]
        let scaled = (abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite, scaled < 9.0e15 else {
            out.append(contentsOf: Array(String(format: "%.\(places)f", value).utf8))
            return
        }
        let n = UInt64(scaled)
        // A value that rounds to zero prints without a sign.
        if value < 0, n != 0 { out.append(0x2D) }
        appendDigits(n / scale, minimumCount: 1, to: &out)
        if places > 0 {
            out.append(0x2E)
            appendDigits(n % scale, minimumCount: places, to: &out)
        }
    }

    /// The text of a number as `appendNumber` writes it.
    public static func numberText(_ value: Double, places: Int?) -> String {
        var out: [UInt8] = []
        appendNumber(value, places: places, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let powersOfTen: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]

    private static func appendDigits(_ value: UInt64, minimumCount: Int, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                count += 1
            } while v > 0
            while count < minimumCount {
                buffer[23 - count] = 0x30
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }
}
