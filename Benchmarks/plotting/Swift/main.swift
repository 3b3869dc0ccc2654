// Times a 10,000-point line plot and a 256×256 heatmap rendered to SVG and to PNG (2×), and the
// same figures drawn by matplotlib (reference_matplotlib.py) in the same run, side by side.
// Build with -c release. Each time is the median of several runs, figure construction included.

import Foundation
import Plotting

let repeats = 7
let n = 10_000
let xs = (0..<n).map { Double($0) / Double(n - 1) * 20 }
let ys = xs.map { sin($0) * exp(-$0 / 10) + 0.1 * sin(37 * $0) }
let grid: [Double] = (0..<256).flatMap { i in (0..<256).map { j in sin(Double(i) / 20) * cos(Double(j) / 30) } }

func lineFigure() -> Figure {
    let fig = Figure(width: 640, height: 400)
    let ax = fig.axes()
    ax.plot(xs, ys, label: "damped sine")
    ax.xlabel = "t"; ax.ylabel = "signal"; ax.title = "10,000-point line"
    ax.legend()
    return fig
}

func heatmapFigure() -> Figure {
    let fig = Figure(width: 480, height: 400)
    let ax = fig.axes()
    ax.heatmap(grid, rows: 256, columns: 256)
    ax.title = "256×256 heatmap"
    return fig
}

/// Median wall time of `repeats` runs of `body`, in seconds; also returns the output size.
func time(_ body: () throws -> Int) rethrows -> (seconds: Double, bytes: Int) {
    var samples: [Double] = []
    var bytes = 0
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        bytes = try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return (samples.sorted()[samples.count / 2], bytes)
}

/// matplotlib's timings for the same figures, or nil when python3/matplotlib is missing.
func referenceTimings() -> [String: Double]? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("reference_matplotlib.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, String(repeats)]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else { return nil }
    return object
}

do {
    _ = try lineFigure().png(scale: 1) // warm-up: fontconfig and Pango caches
    let cases: [(key: String, name: String, run: () throws -> Int)] = [
        ("line_svg", "10,000-point line → SVG", { try lineFigure().svg().utf8.count }),
        ("line_png", "10,000-point line → PNG 2×", { try lineFigure().png(scale: 2).count }),
        ("heatmap_svg", "256×256 heatmap → SVG", { try heatmapFigure().svg().utf8.count }),
        ("heatmap_png", "256×256 heatmap → PNG 2×", { try heatmapFigure().png(scale: 2).count }),
    ]
    var results: [(String, String, Double, Int)] = []
    for c in cases {
        let (s, b) = try time(c.run)
        results.append((c.key, c.name, s, b))
    }
    let reference = referenceTimings()
    print("Plotting benchmark (median of \(repeats) runs, figure construction included)")
    print("case                           weave ms   output KiB   matplotlib ms   weave/matplotlib")
    for (key, name, s, b) in results {
        let ref = reference?[key]
        let refText = ref.map { String(format: "%13.1f", $0 * 1000) } ?? "          n/a"
        let ratio = ref.map { String(format: "%18.2f", s / $0) } ?? "               n/a"
        print(String(format: "%@ %10.1f %12.1f", name.padding(toLength: 30, withPad: " ", startingAt: 0), s * 1000, Double(b) / 1024)
              + "   " + refText + "   " + ratio)
    }
    if reference == nil { print("(matplotlib reference not run: python3 with matplotlib not found)") }
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
