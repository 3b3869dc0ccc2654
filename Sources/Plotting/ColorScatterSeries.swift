// Scatter plots whose marker colours encode a third value (matplotlib's `scatter(x, y, c=values)`).

/// Markers at (x[i], y[i]) coloured by `values[i]` through a colormap, with a colour bar.
final class ColorScatterSeries: ColorMappedSeries {
    let xs: [Double]
    let ys: [Double]
    let values: [Double]
    let label: String?
    let colormap: Colormap
    let valueRange: (lower: Double, upper: Double)
    let marker: Marker
    let size: Double

    init(xs: [Double], ys: [Double], values: [Double], label: String?, colormap: Colormap,
         range: ClosedRange<Double>?, marker: Marker, size: Double) {
        self.xs = xs; self.ys = ys; self.values = values; self.label = label; self.colormap = colormap
        self.valueRange = colorRange(of: values, requested: range)
        self.marker = marker; self.size = size
    }

    var kindDescription: String { "scatter" + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: ys.count)
        try require(values.count == xs.count, context: context, "\(xs.count) points but \(values.count) colour values")
    }

    private var count: Int { min(xs.count, ys.count, values.count) }

    // (Extents run after `validate`, so the three arrays have one length.)
    func xExtent(_ scale: Scale, other: Scale) -> Extent {
        Extent(of: xs, pairedWith: ys, scale, other: other) { values[$0].isFinite }
    }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        Extent(of: ys, pairedWith: xs, scale, other: other) { values[$0].isFinite }
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts {
        var c = SkipCounts()
        for i in 0..<count {
            if !xs[i].isFinite || !ys[i].isFinite || !values[i].isFinite { c.nonFinite += 1 }
            else if (x == .log && xs[i] <= 0) || (y == .log && ys[i] <= 0) { c.nonPositive += 1 }
        }
        return c
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        // 256 colour levels, one fill per level: fast for large clouds, indistinguishable by eye.
        var groups: [Int: [Point]] = [:]
        let (lo, hi) = valueRange
        for i in 0..<count where values[i].isFinite && frame.xScale.accepts(xs[i]) && frame.yScale.accepts(ys[i]) {
            let level = clampedInt((values[i] - lo) / (hi - lo) * 255 + 0.5, 0, 255)
            groups[level, default: []].append(frame.point(xs[i], ys[i]))
        }
        for level in groups.keys.sorted() {
            drawMarkers(marker, at: groups[level]!, size: size, color: colormap.color(at: Double(level) / 255), on: backend)
        }
    }

    var legendKey: LegendKey? {
        .line(StrokeStyle(color: .black, width: 0), marker, markerSize: size, color: colormap.color(at: 0.5))
    }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        for i in 0..<count where frame.xScale.accepts(xs[i]) && frame.yScale.accepts(ys[i]) {
            o.points.append(frame.point(xs[i], ys[i]))
        }
        return o
    }
}
