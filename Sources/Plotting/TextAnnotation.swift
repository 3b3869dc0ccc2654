// Text placed at a data position.

/// A piece of text anchored at a data point.
final class TextAnnotation: PlotSeries {
    let x: Double
    let y: Double
    let markup: Markup
    let style: TextStyle
    let anchor: TextAnchor
    var label: String? { nil }

    init(x: Double, y: Double, markup: Markup, style: TextStyle, anchor: TextAnchor) {
        self.x = x; self.y = y; self.markup = markup; self.style = style; self.anchor = anchor
    }

    var kindDescription: String { "text \"\(markup.plainText)\"" }

    func validate(context: String) throws {}
    // Text does not widen the axes (as in matplotlib): place it inside the data.
    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func yExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func skipped(x: Scale, y: Scale) -> SkipCounts { SkipCounts() }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        guard frame.xScale.accepts(x), frame.yScale.accepts(y) else { return }
        backend.text(markup, at: frame.point(x, y), style: style, anchor: anchor, angle: 0)
    }

    var legendKey: LegendKey? { nil }

    func occupancy(in frame: Frame) -> Occupancy { Occupancy() }
}
