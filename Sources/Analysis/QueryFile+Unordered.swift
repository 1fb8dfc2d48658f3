extension QueryFile {
    /// `sql` without its final ORDER BY and what follows its end (a semicolon, a comment), for a count: SQLite would sort every row by
    /// that order, columns and all, where without it a count may read an index alone. An order followed by a
    /// LIMIT or OFFSET, which decides the rows, stays.
    static func unordered(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isWord(_ b: UInt8) -> Bool {
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
                || b == 0x24 || b >= 0x80
        }
        /// The index of the first `byte` from `start`, or the end.
        func next(_ byte: UInt8, from start: Int) -> Int { bytes[start...].firstIndex(of: byte) ?? bytes.count }

        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) || bytes[end - 1] == 0x3B { end -= 1 }
        var depth = 0
        var i = 0
        var order: Int?
        var afterOrder = false
        while i < end {
            let b = bytes[i]
            switch b {
            case 0x27, 0x22, 0x60: // 'text', "name", `name` (a doubled quote reads as two strings side by side)
                i = next(b, from: i + 1)
            case 0x5B: // [name]
                i = next(0x5D, from: i + 1)
            case 0x2D where i + 1 < end && bytes[i + 1] == 0x2D: // -- to the end of the line
                i = next(0x0A, from: i)
            case 0x2F where i + 1 < end && bytes[i + 1] == 0x2A: // /* ... */
                var k = i + 2
                while k + 1 < end, !(bytes[k] == 0x2A && bytes[k + 1] == 0x2F) { k += 1 }
                i = k + 1
            case 0x3B where depth == 0: // the statement's end: what follows is a comment
                end = i
            case 0x28:
                depth += 1
            case 0x29:
                depth -= 1
            case _ where isWord(b):
                var k = i
                while k < end, isWord(bytes[k]) { k += 1 }
                let word = String(decoding: bytes[i..<k], as: UTF8.self).uppercased()
                if depth == 0 {
                    if afterOrder, word == "BY" {
                        afterOrder = false
                    } else if word == "ORDER" {
                        afterOrder = true
                        order = i
                    } else if word == "LIMIT" || word == "OFFSET" {
                        order = nil
                    }
                }
                i = k - 1
            default:
                break
            }
            i += 1
        }
        return String(decoding: bytes[..<(order ?? end)], as: UTF8.self)
    }
}
