import Foundation

/// A fresh folder under the system's temporary folder, named `prefix` and a UUID; the test removes it or leaves it
/// to the system.
public func temporaryFolder(_ prefix: String = "apptrail-test") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
