import Foundation
import Testing

@testable import Exports

/// Text and dates as Excel reads them back: cut to its limit, rewritten where it would decode them, serial days.
extension XLSXWorkbookTests {
    @Test func longStringsAreCutToExcelsLimit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("long.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Long")
        sheet.write(String(repeating: "a", count: 40_000), row: 0, column: 0)
        sheet.write(String(repeating: "b", count: 32_767), row: 0, column: 1)
        sheet.write(String(repeating: "😀", count: 20_000), row: 0, column: 2) // 40,000 UTF-16 units
        sheet.write(String(repeating: "é", count: 32_768), row: 0, column: 3) // 65,536 bytes
        try workbook.close()

        let row = try ReadBack.full(path).sheets[0].rows[0]
        #expect(row[0] == .string(String(repeating: "a", count: 32_767)))
        #expect(row[1] == .string(String(repeating: "b", count: 32_767)))
        #expect(row[2] == .string(String(repeating: "😀", count: 16_383)))
        #expect(row[3] == .string(String(repeating: "é", count: 32_767)))
    }

    @Test func textThatNeedsRewriting() {
        func rewritten(_ bytes: [UInt8]) -> String {
            String(decoding: bytes.withUnsafeBufferPointer { XLSXText.rewritten($0) }, as: UTF8.self)
        }
        func asIs(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { XLSXText.isWritableAsIs($0) } }
        #expect(asIs(Array("plain_text_x41 ✓ 日本 🙂".utf8)))
        #expect(!asIs(Array("_x0041_".utf8)))
        #expect(!asIs([0x61, 0x00, 0x62]))
        #expect(!asIs([0x61, 0xFF, 0x62]))
        #expect(!asIs([0xE2, 0x9C])) // cut in the middle of a character
        #expect(!asIs(Array("\u{FFFF}".utf8)))
        #expect(rewritten(Array("a_x0041_b_x12_".utf8)) == "a_x005F_x0041_b_x12_")
        #expect(rewritten([0x61, 0x00, 0x62]) == "a_x0000_b")
        #expect(rewritten([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
        #expect(rewritten(Array("\u{FFFE}".utf8)) == "_xFFFE_")
    }

    @Test func badBytesFromCStringsStayReadable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("bytes.xlsx")
        let workbook = try XLSXWorkbook(path: path)
        let sheet = try workbook.addSheet("Bytes")
        let cells: [[UInt8]] = [[0x6F, 0x6B, 0xFF, 0x21, 0], [0x61, 0, 0x62, 0], Array("_x0041_\u{FFFF}".utf8) + [0]]
        for (column, bytes) in cells.enumerated() {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    sheet.write(cString: $0.baseAddress!, length: bytes.count - 1, row: 0, column: column)
                }
            }
        }
        try workbook.close()
        let row = try ReadBack.full(path).sheets[0].rows[0]
        #expect(row == [.string("ok\u{FFFD}!"), .string("a\u{0}b"), .string("_x0041_\u{FFFF}")])
    }

    @Test func excelSerials() {
        #expect(excelSerial(microsSinceEpoch: 0) == 25_569)
        #expect(excelSerial(microsSinceEpoch: -86_400_000_000) == 25_568)
        #expect(excelSerial(microsSinceEpoch: -43_200_000_000) == 25_568.5)
        let serial = excelSerial(microsSinceEpoch: Self.instant)
        #expect(floor(serial) == 45_366)
        #expect(abs((serial - 45_366) * 86_400 - (13 * 3600 + 45 * 60 + 7.123)) < 1e-6)
    }
}
