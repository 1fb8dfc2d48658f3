/// Excel's serial date for an instant in microseconds since 1970-01-01T00:00:00Z: days since 1899-12-30,
/// the fraction being the time of day (UTC). Exact to about a microsecond for dates of this era; Excel's
/// fictitious 1900-02-29 makes serials before 1900-03-01 display one day off.
public func excelSerial(microsSinceEpoch: Int64) -> Double {
    let microsPerDay: Int64 = 86_400_000_000
    // Days and time of day apart, so the fraction keeps its precision.
    var (days, micros) = microsSinceEpoch.quotientAndRemainder(dividingBy: microsPerDay)
    if micros < 0 {
        days -= 1
        micros += microsPerDay
    }
    return Double(days + 25_569) + Double(micros) / Double(microsPerDay)
}
