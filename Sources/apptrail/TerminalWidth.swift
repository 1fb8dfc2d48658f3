import Foundation

/// How many columns the terminal has, for text laid out to fit it.
enum TerminalWidth {
    /// The width of the terminal standard output goes to; off a terminal `COLUMNS`, else 80.
    static var standardOutput: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }
}
