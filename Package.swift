// swift-tools-version: 6.0
// vidsim: a discrete-event capacity and cost simulator for video platforms.
import PackageDescription

let package = Package(
    name: "vidsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vidsim", targets: ["vidsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
    ],
    targets: [
        // C at the edge: one thin shim per C library, found through pkg-config.
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libavutil libswscale libavfilter",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libavfilter-dev"])]
        ),
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // Units: sizes, bit rates, durations, money and content rates as types, parsed once at the edge.
        .target(name: "VidsimUnits"),
        // Kernel: clock, pending-event set, random streams, distributions, statistics, replications.
        .target(
            name: "VidsimKernel",
            dependencies: [
                "CGSL", "VidsimUnits",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            exclude: ["Components.md"]
        ),
        // Policies: families of interchangeable policies (autoscaling, eviction, admission, ABR algorithms,
        // bandwidth processes), one file per member, each with its own parameters, registered by name for the
        // loader, validate and the docs.
        .target(name: "VidsimPolicies", dependencies: ["VidsimUnits", "VidsimKernel"]),
        // Scenario: YAML files with units, `extends:`, and errors that name file:line:column and the field.
        .target(
            name: "VidsimScenario",
            dependencies: [
                "VidsimUnits", "VidsimKernel", "VidsimCalibration", "VidsimPolicies",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Models: the platform's components as clients of the kernel.
        .target(
            name: "VidsimModels",
            dependencies: [
                "VidsimUnits", "VidsimKernel", "VidsimScenario", "VidsimPolicies",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Caches: request traces (libCacheSim's formats), replays through the eviction policies, LRU miss-ratio
        // curves from stack distances, spatial sampling (SHARDS) and the Che approximation to check them by.
        .target(name: "VidsimCache", dependencies: ["VidsimPolicies", "VidsimKernel", "VidsimUnits"]),
        // Calibration: the file format the encode benchmark writes and the transcode fleet reads.
        .target(name: "VidsimCalibration", dependencies: ["VidsimUnits"]),
        // Ladders: per-title analysis: rate-quality points, their upper convex hull, ladders chosen along it by
        // rules, Bjontegaard delta rates (VCEG-M33's cubic fit with GSL, JCTVC-L1100's piecewise cubic).
        .target(name: "VidsimLadder", dependencies: ["CGSL", "VidsimKernel"]),
        // Encoding: FFmpeg bindings and the encode benchmark.
        .target(name: "VidsimEncoding", dependencies: ["CFFmpeg", "VidsimCalibration", "VidsimUnits"]),
        // Reports: each figure declared once, one writer per format (JSON, Markdown, CSV, HTML), comparisons.
        .target(name: "VidsimReports", dependencies: ["VidsimUnits", "VidsimKernel", "VidsimModels", "VidsimScenario"]),
        // Command line: the `vidsim` subcommands, a library so tests can drive them.
        .target(
            name: "VidsimCLI",
            dependencies: [
                "VidsimUnits", "VidsimKernel", "VidsimScenario", "VidsimModels", "VidsimReports", "VidsimEncoding",
                "VidsimCalibration", "VidsimCache", "VidsimPolicies", "VidsimLadder", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "vidsim", dependencies: ["VidsimCLI"]),

        .testTarget(name: "VidsimUnitsTests", dependencies: ["VidsimUnits"]),
        .testTarget(name: "VidsimKernelTests", dependencies: ["VidsimKernel", "VidsimUnits"]),
        .testTarget(name: "VidsimScenarioTests", dependencies: ["VidsimScenario", "VidsimUnits", "VidsimKernel", "VidsimCalibration"]),
        .testTarget(
            name: "VidsimModelsTests",
            dependencies: ["VidsimModels", "VidsimScenario", "VidsimKernel", "VidsimUnits", "VidsimPolicies", "VidsimCache"]
        ),
        .testTarget(name: "VidsimLadderTests", dependencies: ["VidsimLadder"]),
        .testTarget(name: "VidsimEncodingTests", dependencies: ["VidsimEncoding", "VidsimCalibration"]),
        .testTarget(name: "VidsimPoliciesTests", dependencies: ["VidsimPolicies", "VidsimScenario", "VidsimUnits", "VidsimKernel"]),
        .testTarget(name: "VidsimCacheTests", dependencies: ["VidsimCache", "VidsimPolicies", "VidsimKernel"]),
        .testTarget(name: "VidsimReportsTests", dependencies: ["VidsimReports", "VidsimModels", "VidsimScenario"]),
        // End-to-end: runs the built `vidsim` executable on the files in Tests/VidsimCLITests/Fixtures.
        .testTarget(
            name: "VidsimCLITests",
            dependencies: ["VidsimCLI", "VidsimReports", "VidsimModels", "VidsimScenario"],
            exclude: ["Fixtures"]
        ),
    ]
)
