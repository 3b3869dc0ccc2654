// Shaded areas between two curves (matplotlib's fill_between), e.g. a mean ± one standard deviation.

/// The region between `lower[i]` and `upper[i]` over `xs[i]`, filled with a translucent colour.
/// Points that cannot be shown split the area into separate pieces.
final class AreaSeries: PlotSeries {
    let xs: [Double]
    let lower: [Double]
    let upper: [Double]
    let label: String?
    let color: Color

    init(xs: [Double], lower: [Double], upper: [Double], label: String?, color: Color) {
        self.xs = xs; self.lower = lower; self.upper = upper; self.label = label; self.color = color
    }

    var kindDescription: String { "fillBetween" + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: lower.count, part: "lower")
        try checkLengths(context: context, xCount: xs.count, yCount: upper.count, part: "upper")
    }

    private var count: Int { min(xs.count, lower.count, upper.count) }

    private func shown(_ i: Int, _ sx: Scale, _ sy: Scale) -> Bool {
        sx.accepts(xs[i]) && sy.accepts(lower[i]) && sy.accepts(upper[i])
    }

    // (Extents run after `validate`, so the three arrays have one length.)
    func xExtent(_ scale: Scale, other: Scale) -> Extent {
        Extent(of: xs, pairedWith: lower, scale, other: other) { other.accepts(upper[$0]) }
    }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent(of: lower, pairedWith: xs, scale, other: other)
        e.merge(Extent(of: upper, pairedWith: xs, scale, other: other))
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts {
        var c = SkipCounts()
        for i in 0..<count {
            if !xs[i].isFinite || !lower[i].isFinite || !upper[i].isFinite { c.nonFinite += 1 }
            else if !shown(i, x, y) { c.nonPositive += 1 }
        }
        return c
    }

    /// Closed polygons, one per run of showable points.
    func polygons(_ frame: Frame) -> [[Point]] {
        var out: [[Point]] = []
        var run: [Int] = []
        func flush() {
            if run.count >= 2 {
                let top = run.map { frame.point(xs[$0], upper[$0]) }
                let bottom = run.reversed().map { frame.point(xs[$0], lower[$0]) }
                out.append(top + bottom)
            }
            run.removeAll()
        }
        for i in 0..<count {
            if shown(i, frame.xScale, frame.yScale) { run.append(i) } else { flush() }
        }
        flush()
        return out
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        var path = Path()
        for polygon in polygons(frame) { path.addPolygon(polygon) }
        if !path.isEmpty { backend.fill(path, color: color) }
    }

    var legendKey: LegendKey? { .patch(color) }
    var zOrder: Int { 1 }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        let stride = max(1, count / 2000)
        for polygon in polygons(frame) {
            var i = 0
            while i < polygon.count { o.points.append(polygon[i]); i += stride }
        }
        return o
    }
}
