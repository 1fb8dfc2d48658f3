extension XLSXSheet {
    /// Writes text; longer than Excel's 32,767 UTF-16 units it is cut, an empty string leaves the cell empty.
    public func write(_ text: String, row: Int, column: Int, style: XLSXStyle? = nil) {
        // A native string lends its own NUL-terminated bytes; utf8.count is then O(1).
        text.withCString { write(cString: $0, length: text.utf8.count, row: row, column: column, style: style) }
    }

    /// Writes the text of `length` UTF-8 bytes at `cString`, which is NUL-terminated there, without making
    /// a Swift String (unless it needs rewriting: bad UTF-8, too long, `_xHHHH_`, NUL or U+FFFE/U+FFFF).
    public func write(cString: UnsafePointer<CChar>, length: Int, row: Int, column: Int, style: XLSXStyle? = nil) {
        let utf8 = UnsafeBufferPointer(
            start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: max(length, 0))
        if XLSXText.isWritableAsIs(utf8) {
            writeVerified(cString, row: row, column: column, style: style)
        } else {
            writeRewritten(utf8, row: row, column: column, style: style)
        }
    }

    /// Writes text that `XLSXText.isWritableAsIs` refused, as `XLSXText.rewritten` makes it safe.
    func writeRewritten(_ utf8: UnsafeBufferPointer<UInt8>, row: Int, column: Int, style: XLSXStyle?) {
        var bytes = XLSXText.rewritten(utf8)
        bytes.append(0)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                writeVerified($0.baseAddress!, row: row, column: column, style: style)
            }
        }
    }
}
