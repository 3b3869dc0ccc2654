// Stem plots: a vertical line from a baseline to each value, topped by a marker.

/// Stems from `baseline` to each (x, y), with a marker on top and a baseline across the data.
final class StemSeries: PlotSeries {
    let xs: [Double]
    let ys: [Double]
    let baseline: Double
    let label: String?
    let color: Color
    let marker: Marker

    init(xs: [Double], ys: [Double], baseline: Double, label: String?, color: Color, marker: Marker) {
        self.xs = xs; self.ys = ys; self.baseline = baseline; self.label = label; self.color = color; self.marker = marker
    }

    var kindDescription: String { "stem" + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: ys.count)
        try require(baseline.isFinite, context: context, "baseline must be finite")
    }

    private var count: Int { min(xs.count, ys.count) }

    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent(of: xs, pairedWith: ys, scale, other: other) }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent(of: ys, pairedWith: xs, scale, other: other)
        if !e.isEmpty { e.include(baseline, scale) }
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts { countSkippedPairs(xs, ys, x, y) }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        var stems = Path()
        var tops: [Point] = []
        var xMin = Double.infinity, xMax = -Double.infinity
        let base = frame.clampedY(baseline)
        for i in 0..<count where frame.xScale.accepts(xs[i]) && frame.yScale.accepts(ys[i]) {
            let p = frame.point(xs[i], ys[i])
            stems.move(to: Point(p.x, base)); stems.line(to: p)
            tops.append(p)
            xMin = min(xMin, p.x); xMax = max(xMax, p.x)
        }
        guard !tops.isEmpty else { return }
        if frame.yScale.accepts(baseline) {
            backend.stroke(.segment(Point(xMin, base), Point(xMax, base)), style: StrokeStyle(color: .darkGray, width: 1))
        }
        backend.stroke(stems, style: StrokeStyle(color: color, width: 1.5))
        drawMarkers(marker, at: tops, size: 6, color: color, on: backend)
    }

    var legendKey: LegendKey? { .line(StrokeStyle(color: color, width: 1.5), marker, markerSize: 6, color: color) }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        let base = frame.clampedY(baseline)
        for i in 0..<count where frame.xScale.accepts(xs[i]) && frame.yScale.accepts(ys[i]) {
            let p = frame.point(xs[i], ys[i])
            o.points.append(p)
            o.segments.append((Point(p.x, base), p))
        }
        return o
    }
}
