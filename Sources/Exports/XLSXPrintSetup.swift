/// How a sheet prints: landscape, one page wide, its header rows on every page, a footer.
public struct XLSXPrintSetup: Sendable {
    public var landscape = true
    /// Fit the columns to one page's width; the pages run as long as the rows need.
    public var fitToWidth = true
    /// Rows (0-based, inclusive) repeated at the top of every page.
    public var repeatedRows: ClosedRange<Int>?
    /// Left part of the footer, as literal text.
    public var footer: String?
    public init(
        landscape: Bool = true, fitToWidth: Bool = true, repeatedRows: ClosedRange<Int>? = nil, footer: String? = nil
    ) {
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.repeatedRows = repeatedRows
        self.footer = footer
    }

    /// The footer as Excel codes it: `&L` and `&R` open the left and right parts, `&P of &N` numbers the
    /// pages, a literal `&` is `&&`; Excel keeps 255 characters.
    var footerCode: String {
        let left = (footer ?? "").replacingOccurrences(of: "&", with: "&&")
        return "&L" + String(left.prefix(200)) + "&RPage &P of &N"
    }
}
