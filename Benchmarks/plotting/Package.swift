// swift-tools-version:6.0
// Plotting benchmark: times a 10,000-point line plot and a 256×256 heatmap to SVG and PNG, side by
// side with matplotlib doing the same figures (reference_matplotlib.py), and prints the ratios.
//
//   cd Benchmarks/plotting && swift run -c release PlottingBenchmark
//
// Sources/CCairo and Sources/Plotting are symbolic links to the engine's own sources, so this
// package builds exactly the code the book links, without the rest of weave.
import PackageDescription

let package = Package(
    name: "PlottingBenchmark",
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .target(name: "Plotting", dependencies: ["CCairo"]),
        .executableTarget(name: "PlottingBenchmark", dependencies: ["Plotting"]),
    ],
    swiftLanguageModes: [.v6]
)
