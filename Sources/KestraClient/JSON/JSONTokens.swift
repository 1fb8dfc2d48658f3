/// A string token: the bytes between its quotes, still escaped when `hasEscapes`.
///
/// Tokens are positions into the scanner's buffer, so reading one allocates nothing; the decoder
/// turns into Strings only the tokens it keeps.
struct JSONString {
    var start: Int
    var end: Int
    var hasEscapes: Bool
    @inline(__always) var length: Int { end - start }
}

/// A number token with what canonical re-serialisation needs to know about its text.
struct JSONNumber {
    var start: Int
    var end: Int
    /// No fraction, no exponent.
    var isInteger: Bool
    /// A fraction of zeros only and no exponent (`2.0`, `-0.000`): written back as an integer.
    var fractionIsZero: Bool
}
