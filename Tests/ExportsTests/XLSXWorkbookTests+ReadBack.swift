import Foundation
import Testing

@testable import Exports

// Support: temporary folders and what scripts/read_xlsx.py reads back.
// Nested: other files of this test target may have helpers of the same names.
extension XLSXWorkbookTests {
    /// A fresh folder under the system's temporary one; `defer { folder.remove() }` (a deinit could run
    /// after the folder's last use, before the workbook is read back).
    struct TemporaryFolder {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }

        func file(_ name: String) -> String { path + "/" + name }
    }

    /// A cell value as read_xlsx.py prints it.
    enum CellValue: Decodable, Equatable, CustomStringConvertible {
        case number(Double)
        case string(String)
        case bool(Bool)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let bool = try? container.decode(Bool.self) {
                self = .bool(bool)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        var description: String {
            switch self {
            case .number(let number): "\(number)"
            case .string(let string):
                string.count > 60 ? "\"\(string.prefix(60))...\" (\(string.count))" : "\"\(string)\""
            case .bool(let bool): "\(bool)"
            case .null: "null"
            }
        }
    }

    /// What scripts/read_xlsx.py says about a workbook.
    struct ReadBack: Decodable {
        struct Series: Decodable { let name: String?, values: String?, categories: String? }
        struct Anchor: Decodable { let row: Int, col: Int }
        struct Chart: Decodable {
            let type: String, barDir: String?, title: String?, xTitle: String?, yTitle: String?, series: [Series]
            let anchor: Anchor?
            enum CodingKeys: String, CodingKey {
                case type, title, series, anchor
                case barDir = "bar_dir"
                case xTitle = "x_title"
                case yTitle = "y_title"
            }
        }
        struct PageSetup: Decodable {
            let orientation: String?, fitToPage: Bool, fitToWidth: Int?, fitToHeight: Int?, printTitleRows: String?
            let footer: String?, footerRight: String?
            enum CodingKeys: String, CodingKey {
                case orientation, footer
                case fitToPage = "fit_to_page"
                case fitToWidth = "fit_to_width"
                case fitToHeight = "fit_to_height"
                case printTitleRows = "print_title_rows"
                case footerRight = "footer_right"
            }
        }
        struct Sheet: Decodable {
            let name: String
            let state: String?
            let rows: [[CellValue]]
            let types: [[String]]
            let formats: [[String]]
            let bold: [[Bool]]
            let topRule: [[Bool]]
            let freezePanes: String?
            let autoFilter: String?
            let columnWidths: [String: Double]
            let hiddenColumns: [String]
            let merged: [String]
            let pageSetup: PageSetup
            let active: Bool
            let charts: [Chart]
            enum CodingKeys: String, CodingKey {
                case name, state, rows, types, formats, bold, charts, merged, active
                case freezePanes = "freeze_panes"
                case autoFilter = "auto_filter"
                case columnWidths = "column_widths"
                case topRule = "top_rule"
                case hiddenColumns = "hidden_columns"
                case pageSetup = "page_setup"
            }
        }
        struct TailSheet: Decodable {
            let name: String, rowCount: Int, rows: [[CellValue]]
            enum CodingKeys: String, CodingKey {
                case name, rows
                case rowCount = "row_count"
            }
        }
        struct Tail: Decodable { let sheets: [TailSheet] }

        let sheets: [Sheet]

        static func full(_ path: String) throws -> ReadBack {
            try JSONDecoder().decode(ReadBack.self, from: run(path))
        }

        static func tail(_ path: String, rows: Int) throws -> Tail {
            try JSONDecoder().decode(Tail.self, from: run(path, "--tail", String(rows)))
        }

        struct Failure: Error, CustomStringConvertible { let description: String }

        private static func run(_ arguments: String...) throws -> Data {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", root.appendingPathComponent("scripts/read_xlsx.py").path] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Read before waiting: a big workbook's JSON fills the pipe.
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let messages = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(description: "read_xlsx.py failed: " + String(decoding: messages, as: UTF8.self))
            }
            return data
        }
    }
}
