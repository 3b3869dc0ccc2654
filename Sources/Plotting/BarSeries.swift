// Bars: single, grouped and stacked bar charts, and histograms.

/// Vertical bars centred at `xs`, from `bottoms` to `bottoms + heights`.
final class BarSeries: PlotSeries {
    let xs: [Double]
    let heights: [Double]
    let bottoms: [Double]
    let width: Double
    let label: String?
    let color: Color
    let isHistogram: Bool

    init(xs: [Double], heights: [Double], bottoms: [Double], width: Double, label: String?, color: Color,
         isHistogram: Bool = false) {
        self.xs = xs; self.heights = heights; self.bottoms = bottoms; self.width = width
        self.label = label; self.color = color; self.isHistogram = isHistogram
    }

    var kindDescription: String { (isHistogram ? "hist" : "bar") + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: heights.count)
        try require(width > 0 && width.isFinite, context: context, "bar width must be positive")
    }

    private var count: Int { min(xs.count, heights.count, bottoms.count) }

    func xExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        for i in 0..<count where heights[i].isFinite {
            e.include(xs[i] - width / 2, scale); e.include(xs[i] + width / 2, scale)
        }
        return e
    }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        for i in 0..<count where xs[i].isFinite && heights[i].isFinite {
            e.include(bottoms[i], scale); e.include(bottoms[i] + heights[i], scale)
        }
        if scale == .linear && !e.isEmpty { e.sticky = Array(Set(bottoms.filter(\.isFinite))) }
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts {
        var c = SkipCounts()
        for i in 0..<count {
            if !xs[i].isFinite || !heights[i].isFinite { c.nonFinite += 1 }
            else if (x == .log && xs[i] - width / 2 <= 0) || (y == .log && bottoms[i] + heights[i] <= 0) {
                // An empty histogram bin is not a data value the reader is missing.
                if !(isHistogram && heights[i] == 0) { c.nonPositive += 1 }
            }
        }
        return c
    }

    /// Figure rectangles of the bars that can be shown.
    func rects(_ frame: Frame) -> [Rect] {
        var out: [Rect] = []
        for i in 0..<count where xs[i].isFinite && heights[i].isFinite && bottoms[i].isFinite {
            let top = bottoms[i] + heights[i]
            if frame.yScale == .log && top <= 0 { continue }
            if frame.xScale == .log && xs[i] - width / 2 <= 0 { continue }
            let x0 = frame.clampedX(xs[i] - width / 2), x1 = frame.clampedX(xs[i] + width / 2)
            let y0 = frame.clampedY(bottoms[i]), y1 = frame.clampedY(top)
            out.append(Rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0)))
        }
        return out
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        let rs = rects(frame)
        guard !rs.isEmpty else { return }
        var path = Path()
        for r in rs { path.addRect(r) }
        backend.fill(path, color: color)
        // A hairline of background between touching bars (histograms, stacks) keeps them apart.
        let minWidth = rs.map(\.width).min() ?? 0
        if minWidth > 3 {
            backend.stroke(path, style: StrokeStyle(color: .white, width: 0.6))
        }
    }

    var legendKey: LegendKey? { .patch(color) }
    var zOrder: Int { 1 }

    func occupancy(in frame: Frame) -> Occupancy { Occupancy(rects: rects(frame)) }
}
