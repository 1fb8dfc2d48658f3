/// apptrail's library API: one call per command, usable without the command line.
///
/// Each call takes its settings in, does its work, and throws an `AppTrailError` whose exit code the
/// command line returns.
public enum AppTrail {}
