import AppTrailModel

/// Parses the IMF-fixdate form of HTTP dates (`Wed, 21 Oct 2015 07:28:00 GMT`), as `Retry-After` may carry.
public enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func parse(_ text: String) -> Instant? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let monthIndex = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        return Instant(year: year, month: monthIndex + 1, day: day, hour: time[0], minute: time[1], second: time[2])
    }
}
