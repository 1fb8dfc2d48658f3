/// apptrail's own version, written into sync runs, exports and `--version`.
public enum AppTrailVersion {
    public static let current = "0.1.0"
}
