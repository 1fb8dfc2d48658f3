import AppTrailModel
import Foundation

extension DoctorReport {
    /// How `apptrail doctor` prints its checks: a line each, or one JSON object.
    public enum Format: String, CaseIterable, Sendable { case text, json }

    /// The report as printed. Text gives one line per check (`ok`, `warn`, `FAIL`, `skip`, then the
    /// check's name, what it found and, for a warning or a failure, the fix), then a summary line; `quiet`
    /// keeps the failures alone, so that a cron job's mail stays empty while everything passes.
    public func rendered(_ format: Format, quiet: Bool = false) -> String {
        switch format {
        case .text: text(quiet: quiet)
        case .json: json()
        }
    }

    private func text(quiet: Bool) -> String {
        var out = ""
        for check in checks where !quiet || check.status == .fail {
            let mark: String
            switch check.status {
            case .ok: mark = "ok  "
            case .warn: mark = "warn"
            case .fail: mark = "FAIL"
            case .skip: mark = "skip"
            }
            out += "\(mark)  \(check.name.rawValue): \(check.message)\(check.fix.map { "; fix: \($0)" } ?? "")\n"
        }
        if quiet && exitCode == .ok { return out }
        out += "doctor: \(summary)\n"
        return out
    }

    /// `12 checks: 10 ok, 1 warning, 1 skipped` or, on a failure, `... 1 failed: exit 69`.
    var summary: String {
        var parts = ["\(count(.ok)) ok"]
        if count(.warn) > 0 { parts.append(NumberText.counted(count(.warn), "warning")) }
        if count(.fail) > 0 { parts.append("\(count(.fail)) failed") }
        if count(.skip) > 0 { parts.append("\(count(.skip)) skipped") }
        let end = exitCode == .ok ? "" : ": exit \(exitCode.rawValue), from the first failure"
        return "\(checks.count) checks: \(parts.joined(separator: ", "))\(end)"
    }

    private func json() -> String {
        let items: [[String: Any]] = checks.map { check in
            var item: [String: Any] = [
                "check": check.name.rawValue, "status": check.status.rawValue, "message": check.message,
            ]
            if let fix = check.fix { item["fix"] = fix }
            if let code = check.exitCode { item["exit_code"] = Int(code.rawValue) }
            if !check.details.isEmpty {
                item["details"] = check.details.mapValues { value -> Any in
                    switch value {
                    case .text(let t): t
                    case .number(let n): n
                    }
                }
            }
            return item
        }
        let object: [String: Any] = [
            "checks": items, "exit_code": Int(exitCode.rawValue),
            "counts": ["ok": count(.ok), "warn": count(.warn), "fail": count(.fail), "skip": count(.skip)],
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
