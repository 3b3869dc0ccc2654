// Lines with optional markers (`plot`) and markers alone (`scatter`).

/// A polyline through (x, y) pairs, with optional markers; `scatter` is a line series without the line.
final class LineSeries: PlotSeries {
    let xs: [Double]
    let ys: [Double]
    let label: String?
    let color: Color
    let lineWidth: Double
    let lineStyle: LineStyle?   // nil: no line (scatter)
    let marker: Marker
    let markerSize: Double
    let isScatter: Bool

    init(xs: [Double], ys: [Double], label: String?, color: Color, lineWidth: Double, lineStyle: LineStyle?,
         marker: Marker, markerSize: Double, isScatter: Bool) {
        self.xs = xs; self.ys = ys; self.label = label; self.color = color; self.lineWidth = lineWidth
        self.lineStyle = lineStyle; self.marker = marker; self.markerSize = markerSize; self.isScatter = isScatter
    }

    var kindDescription: String { (isScatter ? "scatter" : "plot") + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: ys.count)
        try require(lineWidth >= 0 && lineWidth.isFinite && markerSize >= 0 && markerSize.isFinite, context: context,
                    "line width and marker size must be finite and ≥ 0")
    }

    /// Indices of points both scales can show.
    private func shown(_ sx: Scale, _ sy: Scale) -> [Int] {
        (0..<min(xs.count, ys.count)).filter { sx.accepts(xs[$0]) && sy.accepts(ys[$0]) }
    }

    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent(of: xs, pairedWith: ys, scale, other: other) }
    func yExtent(_ scale: Scale, other: Scale) -> Extent { Extent(of: ys, pairedWith: xs, scale, other: other) }
    func skipped(x: Scale, y: Scale) -> SkipCounts { countSkippedPairs(xs, ys, x, y) }

    /// Figure points, nil where the data cannot be shown (the line breaks there, as in matplotlib).
    func figurePoints(_ frame: Frame) -> [Point?] {
        var out: [Point?] = []
        out.reserveCapacity(xs.count)
        for i in 0..<min(xs.count, ys.count) {
            let x = xs[i], y = ys[i]
            out.append(frame.xScale.accepts(x) && frame.yScale.accepts(y) ? frame.point(x, y) : nil)
        }
        return out
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        let pts = figurePoints(frame)
        if let style = lineStyle, lineWidth > 0 {
            let path = polylinePath(pts, bounds: frame.plot)
            if !path.isEmpty {
                backend.stroke(path, style: StrokeStyle(color: color, width: lineWidth,
                                                        dash: style.dash(width: lineWidth), round: true))
            }
        }
        if marker != .none {
            let visible = pts.compactMap { $0 }.filter {
                $0.x > frame.plot.x - markerSize && $0.x < frame.plot.maxX + markerSize
                    && $0.y > frame.plot.y - markerSize && $0.y < frame.plot.maxY + markerSize
            }
            drawMarkers(marker, at: visible, size: markerSize, color: color, on: backend)
        }
    }

    var legendKey: LegendKey? {
        LegendKey.line(StrokeStyle(color: color, width: lineStyle == nil ? 0 : lineWidth,
                                   dash: (lineStyle ?? .solid).dash(width: lineWidth), round: true),
                       marker, markerSize: markerSize, color: color)
    }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        let pts = figurePoints(frame)
        // At most ~4000 samples: enough to find empty corners, cheap for 10⁶ points.
        let stride = max(1, pts.count / 4000)
        var last: Point? = nil
        var i = 0
        while i < pts.count {
            if let p = pts[i] {
                o.points.append(p)
                if lineStyle != nil, let l = last { o.segments.append((l, p)) }
            }
            last = pts[i]
            i += stride
        }
        return o
    }
}

/// A stroked path through `points`, broken at nils and with segments clipped to a rectangle far
/// around `bounds` (Cairo's fixed-point coordinates overflow near ±8·10⁶).
func polylinePath(_ points: [Point?], bounds: Rect) -> Path {
    let far = Rect(x: bounds.x - 2000, y: bounds.y - 2000, width: bounds.width + 4000, height: bounds.height + 4000)
    var path = Path()
    path.reserve(points.count)
    var previous: Point? = nil
    var penAt: Point? = nil
    for p in points {
        guard let p else { previous = nil; penAt = nil; continue }
        defer { previous = p }
        guard let a = previous else { continue }
        if far.contains(a) && far.contains(p) {
            if penAt != a { path.move(to: a) }
            path.line(to: p)
            penAt = p
        } else if let (c0, c1) = clipSegment(a, p, to: far) {
            if penAt != c0 { path.move(to: c0) }
            path.line(to: c1)
            penAt = c1
        } else {
            penAt = nil
        }
    }
    // A single visible point gets no line; its marker (if any) shows it.
    return path
}

/// The part of segment a–b inside `r` (Liang–Barsky clipping), or nil.
func clipSegment(_ a: Point, _ b: Point, to r: Rect) -> (Point, Point)? {
    var t0 = 0.0, t1 = 1.0
    let dx = b.x - a.x, dy = b.y - a.y
    for (p, q) in [(-dx, a.x - r.x), (dx, r.maxX - a.x), (-dy, a.y - r.y), (dy, r.maxY - a.y)] {
        if p == 0 {
            if q < 0 { return nil }
        } else {
            let t = q / p
            if p < 0 { if t > t1 { return nil }; if t > t0 { t0 = t } }
            else { if t < t0 { return nil }; if t < t1 { t1 = t } }
        }
    }
    return (Point(a.x + t0 * dx, a.y + t0 * dy), Point(a.x + t1 * dx, a.y + t1 * dy))
}
