/// Excel's `PERCENTILE.INC` (numpy's default "linear"), as metrics.md defines every percentile.
public enum Percentile {
    /// The `p` percentile of `values` (any order), or nil when there are none or `p` is outside [0, 1].
    public static func inc(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let x = values.sorted()
        let h = Double(x.count - 1) * p
        let k = Int(h.rounded(.down))
        guard k + 1 < x.count else { return x[x.count - 1] }
        return x[k] + (h - Double(k)) * (x[k + 1] - x[k])
    }
}
