// swift-tools-version:6.0
// weave: a literate-programming tool for numerical explainers.
//
// Targets, each depending only on those above it:
//   C system libraries  CCmarkGFM, COpenBLAS, CCairo
//   engine              LinearAlgebra, NeuralNet, Plotting -> WeaveKit (dynamic library chapters link)
//   tool                WeaveCore (book, markdown, runner, cache, site) -> WeaveCLI -> weave
//   protocol            WeaveProtocol: what chapter programs and the tool share; both import it, not each other
// The benchmarks are a package of their own, Benchmarks/Package.swift, built only when run.
// weave never links the engine: chapter programs do, in their own processes.
import PackageDescription

/// The engine and everything that measures it are compiled for the CPU they run on (like `-march=native`):
/// the SIMD teaching kernels then use AVX2/AVX-512 and fused multiply–adds where the machine has them.
/// weave compiles chapter programs with the same flag (`Engine.targetFlags`), so benchmarks and tests see
/// the code chapters run. Everything here is built and run on one machine, never shipped as a binary.
let hostCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "weave",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "weave", targets: ["weave"]),
        .library(name: "WeaveKit", type: .dynamic, targets: ["WeaveKit"]),
        // The engine's modules, for the benchmarks package (Benchmarks/Package.swift depends on this one).
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Plotting", targets: ["Plotting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "602.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
        // The page layout is a Mustache template a book can override (theme/page.mustache). No dependencies.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // Tests only: property-based fuzzing of author input (FuzzTests). No dependencies of its own.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: C system libraries
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CGLib", pkgConfig: "glib-2.0",
            providers: [.apt(["libglib2.0-dev"])]),
        .systemLibrary(
            name: "CCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),

        // MARK: The engine chapter code runs against
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: hostCPU),
        .target(name: "NeuralNet", dependencies: ["LinearAlgebra"], swiftSettings: hostCPU),
        .target(name: "Plotting", dependencies: ["CCairo"], swiftSettings: hostCPU),
        .target(name: "WeaveKit", dependencies: ["LinearAlgebra", "NeuralNet", "Plotting", "WeaveProtocol"],
                swiftSettings: hostCPU),

        // MARK: The contract between the two (markers, environment names, entry points): depends on nothing
        .target(name: "WeaveProtocol"),

        // MARK: The tool
        .target(name: "WeaveCore", dependencies: [
            "CCmarkGFM", "CGLib", "WeaveProtocol",
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Site/Resources")]),
        .target(name: "WeaveCLI", dependencies: [
            "WeaveCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        .executableTarget(name: "weave", dependencies: ["WeaveCLI"]),

        // MARK: Tests
        .testTarget(name: "WeaveCoreTests", dependencies: [
                        "WeaveCore", "WeaveProtocol", .product(name: "PropertyBased", package: "swift-property-based"),
                    ],
                    exclude: ["Fixtures"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], swiftSettings: hostCPU),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "LinearAlgebra"], swiftSettings: hostCPU),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
