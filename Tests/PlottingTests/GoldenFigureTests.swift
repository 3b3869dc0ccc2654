import Testing
@testable import Plotting
#if canImport(Glibc)
import Glibc
#endif

/// Golden figures: each figure's SVG (after id normalisation) must equal the stored file byte
/// for byte. Regenerate with `PLOTTING_UPDATE_GOLDENS=1 swift test --filter PlottingTests`,
/// then look at the new files before committing them.
@Suite struct GoldenFigureTests {
    static let goldenFolder: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Golden/"
    }()

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func check(_ name: String, _ fig: Figure) throws {
        let svg = try fig.svg()
        let path = Self.goldenFolder + name + ".svg"
        if getenv("PLOTTING_UPDATE_GOLDENS") != nil {
            try FileOutput.write(Array(svg.utf8), to: path)
            return
        }
        let golden = try #require(Self.readFile(path), "missing golden \(path); run with PLOTTING_UPDATE_GOLDENS=1")
        #expect(svg == golden, "\(name).svg differs from its golden file")
    }

    @Test func linesWithMarkersLegendAndGrid() throws { try check("lines", GoldenFigures.lines()) }
    @Test func logScaleGradientNorms() throws { try check("log-gradients", GoldenFigures.logGradients()) }
    @Test func groupedAndStackedBars() throws { try check("bars", GoldenFigures.bars()) }
    @Test func annotatedHeatmap() throws { try check("heatmap", GoldenFigures.heatmap()) }
    @Test func histogramStemAndEdgeCases() throws { try check("edge-cases", GoldenFigures.edgeCases()) }
    @Test func bandAndAnnotation() throws { try check("band", GoldenFigures.band()) }

    @Test func sameFigureGivesSameBytesInAnyOrder() throws {
        let a1 = try GoldenFigures.lines().svg()
        _ = try GoldenFigures.heatmap().svg()
        _ = try GoldenFigures.logGradients().png(scale: 1)
        let a2 = try GoldenFigures.lines().svg()
        #expect(a1 == a2)
        #expect(a1.contains("id=\"surface1\""))
    }

    @Test func pngIsAnImageWithInk() throws {
        let png = try GoldenFigures.bars().png(scale: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height at 2× (big-endian at bytes 16…23).
        let width = png[16...19].reduce(0) { $0 << 8 | Int($1) }, height = png[20...23].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280 && height == 720)
        #expect(png.count > 20_000) // a blank white image compresses to a few hundred bytes
        #expect(try GoldenFigures.bars().png(scale: 2) == png)
    }

    @Test func writesFiles() throws {
        let fig = GoldenFigures.lines()
        let dir = "/tmp/plotting-tests-\(getpid())"
        mkdir(dir, 0o755)
        try fig.writeSVG(to: dir + "/f.svg")
        try fig.writePNG(to: dir + "/f.png", scale: 1)
        #expect(Self.readFile(dir + "/f.svg") == (try fig.svg()))
        #expect(throws: PlotError.self) { try fig.writeSVG(to: dir + "/missing/f.svg") }
        unlink(dir + "/f.svg"); unlink(dir + "/f.png"); rmdir(dir)
    }
}

/// Deterministic figures used by the golden tests.
enum GoldenFigures {
    static func lines() -> Figure {
        let fig = Figure(width: 640, height: 400)
        let ax = fig.axes()
        let xs = stride(from: -4.0, through: 4.0, by: 0.25).map { $0 }
        ax.plot(xs, xs.map { exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }, label: "Gaussian σ=1")
        ax.plot(xs, xs.map { exp(-$0 * $0 / 8) / (8 * Double.pi).squareRoot() }, label: "Gaussian σ=2", lineStyle: .dashed)
        ax.plot(xs, xs.map { 1 / (Double.pi * (1 + $0 * $0)) }, label: "Cauchy", marker: .circle, markerSize: 4)
        ax.xlabel = "x"; ax.ylabel = "density"; ax.title = "Three densities"
        ax.grid = true
        ax.legend()
        return fig
    }

    static func logGradients() -> Figure {
        let fig = Figure(width: 640, height: 400)
        let ax = fig.axes()
        let layers = Array(0..<50)
        ax.plot(layers, layers.map { pow(10.0, -0.6 * Double($0)) }, label: "vanishing", marker: .circle, markerSize: 4)
        ax.plot(layers, layers.map { pow(10.0, 0.6 * Double($0)) }, label: "exploding", marker: .square, markerSize: 4)
        ax.axhline(1, label: "‖g‖ = 1")
        ax.yScale = .log
        ax.xlabel = "layer"; ax.ylabel = "‖∂L/∂h‖"; ax.title = "Gradient norm by layer"
        ax.text("10³⁰ apart", x: 30, y: 1e-5)
        ax.legend()
        return fig
    }

    static func bars() -> Figure {
        let fig = Figure(width: 640, height: 360)
        let axs = fig.subplots(rows: 1, columns: 2)
        let kernels = ["naive", "blocked", "SIMD", "OpenBLAS"]
        axs[0].bar(kernels, groups: ["n=256": [1.2, 4.5, 14, 48], "n=1024": [0.9, 4.1, 13, 51]])
        axs[0].ylabel = "GFLOP/s"; axs[0].title = "Grouped"; axs[0].legend()
        axs[1].bar(kernels, groups: ["compute": [3, 2, 1, 0.5], "memory": [5, 2, 1.2, 0.4]], stacked: true)
        axs[1].ylabel = "seconds"; axs[1].title = "Stacked"; axs[1].legend()
        fig.title = "Matrix multiplication kernels"
        return fig
    }

    static func heatmap() -> Figure {
        let fig = Figure(width: 480, height: 400)
        let tokens = ["The", "cat", "sat", "on", "the", "mat"]
        var weights: [[Double]] = []
        for i in 0..<6 {
            let row = (0..<6).map { j in j <= i ? exp(-Double(i - j) * 0.7) : 0 }
            let sum = row.reduce(0, +)
            weights.append(row.map { $0 / sum })
        }
        let ax = fig.axes()
        ax.heatmap(weights, colorbarLabel: "attention weight", xTickLabels: tokens, yTickLabels: tokens, annotate: true)
        ax.title = "Causal attention 注意力"
        return fig
    }

    static func band() -> Figure {
        let fig = Figure(width: 640, height: 400)
        let ax = fig.axes()
        let xs = (0..<100).map { Double($0) / 5 }
        let mean = xs.map { exp(-$0 / 6) }
        let sd = xs.map { 0.05 + 0.1 * exp(-$0 / 6) }
        ax.plot(xs, mean, label: "training loss")
        ax.fillBetween(xs, zip(mean, sd).map { $0 - $1 }, zip(mean, sd).map { $0 + $1 }, label: "± 1 s.d.")
        ax.plot(xs, xs.map { 0.8 * exp(-$0 / 4) + 0.1 }, label: "validation loss", lineStyle: .dashed)
        ax.annotate("plateau", x: 15, y: exp(-2.5), textX: 12, textY: 0.7)
        ax.xlabel = "epoch"; ax.ylabel = "loss"; ax.title = "Loss with a band and an annotation"
        ax.legend()
        return fig
    }

    static func edgeCases() -> Figure {
        let fig = Figure(width: 720, height: 520)
        let axs = fig.subplots(rows: 2, columns: 2)
        axs[0].title = "empty"
        let samples = (0..<400).map { i -> Double in
            // A deterministic bell-shaped sample: inverse logistic of evenly spaced quantiles.
            let u = (Double(i) + 0.5) / 400
            return log(u / (1 - u))
        } + [.nan]
        axs[1].hist(samples, label: "logistic")
        axs[1].title = "histogram"; axs[1].legend()
        axs[2].stem([0, 1, 2, 3, 4, 5], [1, -0.5, 0.25, -0.125, 0.0625, -0.03125], label: "h[k]")
        axs[2].title = "stem"; axs[2].xlabel = "k"
        axs[3].plot([1, 2, 3, 4, 5], [-1, 0, 10, .nan, 1000], marker: .diamond)
        axs[3].yScale = .log
        axs[3].title = "log axis with ≤ 0 and NaN"
        return fig
    }
}
