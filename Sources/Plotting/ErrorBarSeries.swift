// Points with vertical error bars (matplotlib's errorbar), e.g. a mean timing ± its spread.

/// Markers at (x[i], y[i]) with bars from y[i] − err[i] to y[i] + err[i], optionally joined by a line.
final class ErrorBarSeries: PlotSeries {
    let xs: [Double]
    let ys: [Double]
    let errors: [Double]
    let label: String?
    let color: Color
    let marker: Marker
    let connect: Bool
    let capWidth: Double

    init(xs: [Double], ys: [Double], errors: [Double], label: String?, color: Color, marker: Marker,
         connect: Bool, capWidth: Double) {
        self.xs = xs; self.ys = ys; self.errors = errors; self.label = label; self.color = color
        self.marker = marker; self.connect = connect; self.capWidth = capWidth
    }

    var kindDescription: String { "errorbar" + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {
        try checkLengths(context: context, xCount: xs.count, yCount: ys.count)
        try require(errors.count == ys.count, context: context, "\(ys.count) values but \(errors.count) errors")
        try require(!errors.contains(where: { $0 < 0 }), context: context, "errors must be ≥ 0")
    }

    private var count: Int { min(xs.count, ys.count, errors.count) }
    private func error(_ i: Int) -> Double { errors[i].isFinite ? errors[i] : 0 }

    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent(of: xs, pairedWith: ys, scale, other: other) }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        for i in 0..<count where other.accepts(xs[i]) && ys[i].isFinite {
            e.include(ys[i], scale); e.include(ys[i] + error(i), scale); e.include(ys[i] - error(i), scale)
        }
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts { countSkippedPairs(xs, ys, x, y) }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        var bars = Path()
        var points: [Point?] = []
        let half = capWidth / 2
        for i in 0..<count {
            guard frame.xScale.accepts(xs[i]), frame.yScale.accepts(ys[i]) else { points.append(nil); continue }
            let p = frame.point(xs[i], ys[i])
            points.append(p)
            let top = frame.clampedY(ys[i] + error(i)), bottom = frame.clampedY(ys[i] - error(i))
            guard abs(bottom - top) > 0.5 else { continue }
            bars.move(to: Point(p.x, top)); bars.line(to: Point(p.x, bottom))
            if half > 0 {
                bars.move(to: Point(p.x - half, top)); bars.line(to: Point(p.x + half, top))
                bars.move(to: Point(p.x - half, bottom)); bars.line(to: Point(p.x + half, bottom))
            }
        }
        if connect {
            let line = polylinePath(points, bounds: frame.plot)
            if !line.isEmpty { backend.stroke(line, style: StrokeStyle(color: color, width: 1.5, round: true)) }
        }
        if !bars.isEmpty { backend.stroke(bars, style: StrokeStyle(color: color, width: 1.2)) }
        drawMarkers(marker, at: points.compactMap { $0 }, size: 6, color: color, on: backend)
    }

    var legendKey: LegendKey? {
        .line(StrokeStyle(color: color, width: connect ? 1.5 : 0, round: true), marker, markerSize: 6, color: color)
    }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        for i in 0..<count where frame.xScale.accepts(xs[i]) && frame.yScale.accepts(ys[i]) {
            let p = frame.point(xs[i], ys[i])
            o.points.append(p)
            o.segments.append((Point(p.x, frame.clampedY(ys[i] + error(i))), Point(p.x, frame.clampedY(ys[i] - error(i)))))
        }
        return o
    }
}
