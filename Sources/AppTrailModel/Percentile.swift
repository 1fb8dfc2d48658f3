/// Excel's `PERCENTILE.INC` (numpy's default "linear"), as docs/metrics.md defines every percentile.
public enum Percentile {
    /// The `p` percentile of `values` (any order), or nil when there are none or `p` is outside [0, 1].
    public static func inc(_ values: [Double], _ p: Double) -> Double? {
        var x = values
        return x.withUnsafeMutableBufferPointer { inc(reordering: $0, p) }
    }

    /// The `p` percentile of `x`, reordering `x` to find it; for callers that own a scratch buffer.
    public static func inc(reordering x: UnsafeMutableBufferPointer<Double>, _ p: Double) -> Double? {
        guard !x.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(x.count - 1) * p
        let k = Int(h.rounded(.down))
        // Selection instead of a sort: a weekly summary takes ten percentiles of up to a million values.
        select(k, in: x)
        guard k + 1 < x.count else { return x[k] }
        // After selection everything past k is >= x[k]; the next order statistic is their minimum.
        var next = x[k + 1]
        for i in (k + 2)..<x.count where x[i] < next { next = x[i] }
        return x[k] + (h - Double(k)) * (next - x[k])
    }

    /// Moves the k-th smallest element to index k, smaller ones before it and larger ones after (quickselect
    /// with a median-of-three pivot, finishing with a sort when partitions stay unbalanced).
    static func select(_ k: Int, in x: UnsafeMutableBufferPointer<Double>) {
        var low = 0, high = x.count - 1, rounds = 0
        while high > low {
            rounds += 1
            if high - low < 16 || rounds > 64 {
                var rest = UnsafeMutableBufferPointer(rebasing: x[low...high])
                rest.sort()
                return
            }
            let mid = low + (high - low) / 2
            if x[mid] < x[low] { x.swapAt(mid, low) }
            if x[high] < x[low] { x.swapAt(high, low) }
            if x[high] < x[mid] { x.swapAt(high, mid) }
            let pivot = x[mid]
            var i = low, j = high
            while i <= j {
                while x[i] < pivot { i += 1 }
                while pivot < x[j] { j -= 1 }
                if i <= j {
                    x.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now x[low...j] <= pivot <= x[i...high], and anything strictly between j and i equals the pivot.
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }
}
