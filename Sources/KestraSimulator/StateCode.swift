import AppTrailModel

/// Compact one-byte codes for state types, so a million histories fit in a few arrays.
enum StateCode {
    /// Every state the simulator sends; the last one is a state apptrail does not know.
    static let table: [StateType] = StateType.known + [StateType("REVIEWING")]
    static let names: [[UInt8]] = table.map { Array($0.rawValue.utf8) }

    static let created = code(.created), running = code(.running), paused = code(.paused)
    static let restarted = code(.restarted), killing = code(.killing), success = code(.success)
    static let warning = code(.warning), failed = code(.failed), killed = code(.killed)
    static let cancelled = code(.cancelled), queued = code(.queued)
    static let unknown = UInt8(table.count - 1)

    static func code(_ s: StateType) -> UInt8 { UInt8(table.firstIndex(of: s) ?? (table.count - 1)) }
    static func code(named name: String) -> UInt8? { table.firstIndex(where: { $0.rawValue == name }).map(UInt8.init) }

    static let terminalCodes: [Bool] = table.map { $0.isTerminal }

    /// `endDate` exists when the state is terminal or PAUSED.
    @inline(__always) static func hasEndDate(_ c: UInt8) -> Bool { terminalCodes[Int(c)] || c == paused }
}
