import Foundation

/// How many columns a terminal has, for text laid out to fit it (the progress bar, `--help`).
public enum TerminalWidth {
    /// Columns of the terminal on `descriptor`, asked each time so that a resized window is followed: the
    /// terminal's own answer, else `COLUMNS` (`environment`), else 80.
    public static func columns(of descriptor: Int32, environment: Int? = environmentColumns()) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return environment ?? 80
    }

    /// `COLUMNS`, for a terminal that does not tell its width (or output that goes to a file or a pipe).
    public static func environmentColumns(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Int?
    {
        environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }
}
