// Horizontal and vertical reference lines across the whole plot (axhline / axvline).

/// A line across the plot at a fixed y (horizontal) or x (vertical).
final class ReferenceLine: PlotSeries {
    enum Orientation { case horizontal, vertical }
    let value: Double
    let orientation: Orientation
    let label: String?
    let color: Color
    let lineWidth: Double
    let lineStyle: LineStyle

    init(value: Double, orientation: Orientation, label: String?, color: Color, lineWidth: Double, lineStyle: LineStyle) {
        self.value = value; self.orientation = orientation; self.label = label; self.color = color
        self.lineWidth = lineWidth; self.lineStyle = lineStyle
    }

    var kindDescription: String { (orientation == .horizontal ? "axhline" : "axvline") + (label.map { " \"\($0)\"" } ?? "") }

    func validate(context: String) throws {}

    func xExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        if orientation == .vertical { e.include(value, scale) }
        return e
    }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        if orientation == .horizontal { e.include(value, scale) }
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts {
        countSkipped([value], orientation == .horizontal ? y : x)
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        let style = StrokeStyle(color: color, width: lineWidth, dash: lineStyle.dash(width: lineWidth))
        switch orientation {
        case .horizontal:
            guard frame.yScale.accepts(value) else { return }
            let y = frame.y.position(value)
            backend.stroke(.segment(Point(frame.plot.x, y), Point(frame.plot.maxX, y)), style: style)
        case .vertical:
            guard frame.xScale.accepts(value) else { return }
            let x = frame.x.position(value)
            backend.stroke(.segment(Point(x, frame.plot.y), Point(x, frame.plot.maxY)), style: style)
        }
    }

    var legendKey: LegendKey? {
        .line(StrokeStyle(color: color, width: lineWidth, dash: lineStyle.dash(width: lineWidth)), .none, markerSize: 0, color: color)
    }

    func occupancy(in frame: Frame) -> Occupancy {
        var o = Occupancy()
        switch orientation {
        case .horizontal where frame.yScale.accepts(value):
            let y = frame.y.position(value)
            o.segments.append((Point(frame.plot.x, y), Point(frame.plot.maxX, y)))
        case .vertical where frame.xScale.accepts(value):
            let x = frame.x.position(value)
            o.segments.append((Point(x, frame.plot.y), Point(x, frame.plot.maxY)))
        default: break
        }
        return o
    }
}
