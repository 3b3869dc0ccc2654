// swift-tools-version:6.0
// weave's benchmarks: one package, separate from the root package so that `swift build` there never
// compiles them. It depends on the root package by path and builds the engine from the same sources with
// the same flags. Build and run optimized; each folder's `run.sh` does that, building into
// Benchmarks/.build (raw records, where a script keeps them, go to a temporary folder). See README.md here.
//
//   bench-linalg      linalg/Swift     products and decompositions against OpenBLAS from C and numpy
//   bench-neuralnet   neuralnet/Swift  autograd overhead over the same gemm calls made directly
//   bench-plotting    plotting/Swift   SVG and PNG render times against matplotlib
import PackageDescription

/// As the engine itself is built (root Package.swift): for this machine's CPU, like `-march=native`.
let hostCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "weave-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "weave", path: "..")],
    targets: [
        .executableTarget(
            name: "bench-linalg", dependencies: [.product(name: "LinearAlgebra", package: "weave")],
            path: "linalg/Swift", swiftSettings: hostCPU),
        .executableTarget(
            name: "bench-neuralnet",
            dependencies: [.product(name: "LinearAlgebra", package: "weave"), .product(name: "NeuralNet", package: "weave")],
            path: "neuralnet/Swift", swiftSettings: hostCPU),
        .executableTarget(
            name: "bench-plotting", dependencies: [.product(name: "Plotting", package: "weave")],
            path: "plotting/Swift", swiftSettings: hostCPU),
    ],
    swiftLanguageModes: [.v6]
)
