import AppTrailModel

/// What went wrong writing an export or a report; each reads as one line naming the file.
public enum ExportError: AppTrailError, Equatable {
    /// An output (file or folder) cannot be created or written: exit 73.
    case cannotWrite(path: String, reason: String)
    /// The workbook library refused something: exit 73, with the library's own words.
    case workbook(path: String, reason: String)
    /// A report definition is wrong: exit 78, with the line where it is known.
    case badReport(path: String, line: Int?, message: String)
    /// No report of that name.
    case unknownReport(name: String, available: [String])
    /// An `--app` the warehouse does not know.
    case unknownApp(id: String, known: [String])

    public var exitCode: ExitCode {
        switch self {
        case .cannotWrite, .workbook: .cantCreate
        case .badReport: .config
        // No catalogue at all is the installation's problem, not the name's.
        case .unknownReport(_, let available) where available.isEmpty: .config
        case .unknownReport, .unknownApp: .usage
        }
    }

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .workbook(let path, let reason): "cannot write the workbook \(path): \(reason)"
        case .badReport(let path, let line, let message):
            line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
        case .unknownReport(let name, let available) where available.isEmpty:
            "unknown report '\(name)': no reports found in APPTRAIL_REPORTS, ./reports or beside the binary (PREFIX/share/apptrail/reports)"
        case .unknownReport(let name, let available):
            Suggestions.unknown("report", name, among: available)
        case .unknownApp(let id, let known):
            Suggestions.unknown("app", id, among: known, listed: "the warehouse knows")
        }
    }
}
