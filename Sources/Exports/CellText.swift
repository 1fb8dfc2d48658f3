import Analysis
import AppTrailModel
import Foundation

/// Values as text for people, the way the workbook's number formats show them: what the HTML page prints and
/// the cover's figures and changes say.
public enum CellText {
    public typealias Format = ReportDefinition.ColumnFormat

    /// A cell as the workbook displays it: `[h]:mm:ss` durations, `0.0%` rates, `yyyy-mm-dd hh:mm:ss` instants.
    public static func cell(_ value: Cell, format: Format?, blank: String? = nil) -> String {
        switch value {
        case .null, .blob: return blank ?? ""
        case .integer(let n): return number(Double(n), format: format, isInteger: true)
        case .real(let d): return number(d, format: format, isInteger: false)
        case .text(let s):
            if s.isEmpty { return blank ?? "" }
            switch format {
            case .date?: if let t = Instant(iso: s) { return t.isoDate }
            case .datetime?: if let t = Instant(iso: s) { return second(t) }
            default: break
            }
            return s
        }
    }

    static func number(_ value: Double, format: Format?, isInteger: Bool) -> String {
        guard value.isFinite else { return "" }
        switch format {
        case .seconds?: return clock(value)
        case .rate?: return percent(value)
        case .integer?: return String(Int64(value.rounded()))
        default:
            if isInteger || value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            return String(format: "%.3f", value)
        }
    }

    /// `9:15:28`, as `[h]:mm:ss` shows seconds (rounded to the second).
    public static func clock(_ seconds: Double) -> String {
        let total = Int64(abs(seconds).rounded())
        let text = "\(total / 3600):" + two(total / 60 % 60) + ":" + two(total % 60)
        return seconds < 0 && total > 0 ? "-" + text : text
    }

    /// `74.0%`.
    public static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    /// A span in words, `6 h 05 min` or `12 min`, cut to the minute: as the workbook's figure format
    /// (`ReportWorkbook.spanFormat`) shows it.
    public static func span(_ seconds: Double) -> String {
        let minutes = Int64(abs(seconds).rounded()) / 60
        let sign = seconds < 0 && minutes > 0 ? "-" : ""
        if minutes < 60 { return "\(sign)\(minutes) min" }
        return "\(sign)\(minutes / 60) h " + two(minutes % 60) + " min"
    }

    /// A headline figure's value: `376`, `73.1%`, `6 h 36 min`, or `none` when there is none.
    public static func headline(_ value: Double?, format: Format) -> String {
        guard let value, value.isFinite else { return "none" }
        switch format {
        case .seconds: return span(value)
        case .rate: return percent(value)
        default: return grouped(Int64(value.rounded()))
        }
    }

    /// A figure's change against the previous period's value, for `against` (`2026-W45`):
    /// `-37 (-8.9%) vs 2026-W45`, `+2.1 pts vs 2026-W45`, `+1 h 12 min vs 2026-W45`, `same as 2026-W45`.
    public static func change(_ value: Double?, _ previous: Double?, format: Format, against: String) -> String {
        guard let value, value.isFinite else { return "" }
        guard let previous, previous.isFinite else { return "none in \(against)" }
        switch format {
        case .rate:
            let points = ((value - previous) * 1000).rounded() / 10
            return points == 0 ? "same as \(against)" : "\(signed(points, places: 1)) pts vs \(against)"
        case .seconds:
            let difference = value - previous
            if abs(difference) < 0.5 { return "same as \(against)" }
            return (difference > 0 ? "+" : "") + span(difference) + " vs \(against)"
        default:
            let difference = Int64(value.rounded()) - Int64(previous.rounded())
            if difference == 0 { return "same as \(against)" }
            let sign = difference > 0 ? "+" : "-"
            if previous.rounded() == 0 { return "\(sign)\(grouped(abs(difference))) vs none in \(against)" }
            let rate = Double(difference) / previous.rounded() * 100
            return "\(sign)\(grouped(abs(difference))) (\(signed(rate, places: 1))%) vs \(against)"
        }
    }

    /// `2026-11-30 06:00 UTC`.
    public static func minute(_ t: Instant) -> String {
        let c = t.components
        return t.isoDate + " " + two(Int64(c.hour)) + ":" + two(Int64(c.minute)) + " UTC"
    }

    /// `2026-11-30 06:00:00`.
    static func second(_ t: Instant) -> String {
        let c = t.components
        return t.isoDate + " " + two(Int64(c.hour)) + ":" + two(Int64(c.minute)) + ":" + two(Int64(c.second))
    }

    /// `12,345`.
    public static func grouped(_ n: Int64) -> String { NumberText.grouped(n) }

    private static func signed(_ value: Double, places: Int) -> String {
        let text = String(format: "%.\(places)f", abs(value))
        return (value < 0 ? "-" : "+") + text
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
