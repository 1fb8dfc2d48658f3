/// How cells look: number format, font, fill, alignment and rules; a workbook makes one library format per
/// distinct style.
public struct XLSXStyle: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case left, center, right }

    public var bold: Bool = false
    /// An Excel number format, e.g. "yyyy-mm-dd hh:mm:ss.000", "[h]:mm:ss", "0.0%"; at most 127 bytes.
    public var numberFormat: String? = nil
    /// Points; nil is the workbook's 11.
    public var fontSize: Double? = nil
    /// RGB, as 0x1F3864.
    public var fontColor: UInt32? = nil
    public var fillColor: UInt32? = nil
    public var alignment: Alignment? = nil
    public var wrap: Bool = false
    public var topRule: Bool = false
    public var bottomRule: Bool = false

    public init(
        bold: Bool = false, numberFormat: String? = nil, fontSize: Double? = nil, fontColor: UInt32? = nil,
        fillColor: UInt32? = nil, alignment: Alignment? = nil, wrap: Bool = false, topRule: Bool = false,
        bottomRule: Bool = false
    ) {
        self.bold = bold
        self.numberFormat = numberFormat
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fillColor = fillColor
        self.alignment = alignment
        self.wrap = wrap
        self.topRule = topRule
        self.bottomRule = bottomRule
    }

    /// Whether the style differs from the default cell.
    var isPlain: Bool { self == XLSXStyle() }
}
