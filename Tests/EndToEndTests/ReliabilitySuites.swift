import Testing

/// The suites that start large simulators, fill disks and kill processes. They run one after another, so that
/// on a two-core machine they neither starve each other nor measure each other's load; `make reliability`
/// runs them (with the fault scenarios of SyncTests) and prints their `reliability:` lines.
@Suite(.serialized) enum Reliability {}
