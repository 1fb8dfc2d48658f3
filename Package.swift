// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "apptrail",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "apptrail", targets: ["apptrail"]),
        .executable(name: "kestra-sim", targets: ["kestra-sim"]),
        .executable(name: "apptrail-fuzz", targets: ["apptrail-fuzz"]),
        .library(name: "AppTrailCore", targets: ["AppTrailCore"]),
        .library(name: "KestraSimulator", targets: ["KestraSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    // Each target declares exactly the modules its files import, no more: scripts/check_package_graph.py (make test)
    // fails otherwise, and when docs/architecture.md's table says other.
    targets: [
        // C libraries: each is imported by exactly one Swift file.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "AppTrailModel"),
        // The one YAML reader (alias budget, one-line errors with the line) and the app files' format.
        .target(name: "YAMLReader", dependencies: ["AppTrailModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "KestraClient", dependencies: ["AppTrailModel", "CCurl"]),
        .target(
            name: "Warehouse",
            dependencies: [
                "AppTrailModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .target(name: "Sync", dependencies: ["AppTrailModel", "KestraClient", "Warehouse"]),
        .target(
            name: "Analysis",
            dependencies: [
                "AppTrailModel", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ], plugins: ["BuiltInCatalogue"]),
        .target(
            name: "Exports",
            dependencies: [
                "Analysis", "AppTrailModel", "CCrypto", "CXLSXWriter", "Warehouse", "YAMLReader",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "KestraSimulator",
            dependencies: [
                "AppTrailModel",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]),
        .target(
            name: "AppTrailCore",
            dependencies: [
                "Analysis", "AppTrailModel", "Exports", "KestraClient", "Sync", "Warehouse", "YAMLReader",
                .product(name: "Yams", package: "Yams"),
            ], plugins: ["BuildInfo"]),
        // `apptrail demo`: the main job against the simulator, kept out of the library that syncs real servers.
        .target(
            name: "AppTrailDemo",
            dependencies: [
                "AppTrailCore", "AppTrailModel", "Exports", "KestraSimulator", "Sync", "Warehouse",
            ]),
        // The git commit of the build, for `apptrail --version`.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // queries/, reports/ and docs/warehouse.md compiled into Analysis, so that the binary alone has them.
        .plugin(name: "BuiltInCatalogue", capability: .buildTool()),
        // Zips workbooks at deflate level 1 (see zip_speed.c): C, linked into the executable only.
        .target(name: "CZipSpeed", linkerSettings: [.linkedLibrary("z")]),
        .executableTarget(
            name: "apptrail",
            dependencies: [
                "Analysis", "AppTrailCore", "AppTrailDemo", "AppTrailModel", "CZipSpeed", "Exports", "Sync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // The interposer must be visible to the shared libraries' symbol lookup.
                .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=deflateInit2_"])
            ]),
        .executableTarget(
            name: "kestra-sim",
            dependencies: [
                "AppTrailModel", "KestraSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Replays a corpus through the page decoder and the warehouse; built with -DFUZZING and
        // -sanitize=fuzzer (scripts/fuzz.sh), the same target is a libFuzzer binary.
        .executableTarget(
            name: "apptrail-fuzz",
            dependencies: [
                "AppTrailModel", "KestraClient", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .executableTarget(
            name: "apptrail-bench-decode", dependencies: ["AppTrailModel", "KestraClient"], path: "bench/decode"),

        // What the test targets share: temporary folders, warehouse seeding, the process runner.
        .target(
            name: "AppTrailTestSupport", dependencies: ["AppTrailModel", "Warehouse"], path: "Tests/AppTrailTestSupport"
        ),
        .testTarget(name: "AppTrailModelTests", dependencies: ["AppTrailModel"]),
        .testTarget(
            name: "YAMLReaderTests",
            dependencies: [
                "AppTrailModel", "AppTrailTestSupport", "YAMLReader",
                .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(name: "KestraClientTests", dependencies: ["AppTrailModel", "KestraClient"]),
        .testTarget(
            name: "WarehouseTests",
            dependencies: [
                "AppTrailModel", "AppTrailTestSupport", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "AppTrailCore", "AppTrailModel", "AppTrailTestSupport", "KestraClient", "KestraSimulator", "Sync",
                "Warehouse",
                "YAMLReader",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "Analysis", "AppTrailModel", "AppTrailTestSupport", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "ExportsTests",
            dependencies: [
                "Analysis", "AppTrailModel", "AppTrailTestSupport", "Exports", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "KestraSimulatorTests", dependencies: ["AppTrailModel", "KestraSimulator"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "AppTrailModel", "AppTrailTestSupport", "Warehouse",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
