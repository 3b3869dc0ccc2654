// Text placed at a data position, optionally with an arrow to another data point.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A piece of text anchored at a data point, with an optional arrow from the text to a target point.
final class TextAnnotation: PlotSeries {
    let x: Double
    let y: Double
    let markup: Markup
    let style: TextStyle
    let anchor: TextAnchor
    let arrowTarget: (x: Double, y: Double)?
    var label: String? { nil }

    init(x: Double, y: Double, markup: Markup, style: TextStyle, anchor: TextAnchor,
         arrowTarget: (x: Double, y: Double)? = nil) {
        self.x = x; self.y = y; self.markup = markup; self.style = style; self.anchor = anchor
        self.arrowTarget = arrowTarget
    }

    var kindDescription: String { "text \"\(markup.plainText)\"" }

    func validate(context: String) throws {}
    // Text does not widen the axes (as in matplotlib): place it inside the data.
    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func yExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func skipped(x: Scale, y: Scale) -> SkipCounts { SkipCounts() }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        guard frame.xScale.accepts(x), frame.yScale.accepts(y) else { return }
        let at = frame.point(x, y)
        backend.text(markup, at: at, style: style, anchor: anchor, angle: 0)
        guard let target = arrowTarget, frame.xScale.accepts(target.x), frame.yScale.accepts(target.y) else { return }
        // The arrow leaves the text's box (plus a small gap) on the line towards the target.
        let size = backend.measure(markup, style: style)
        var box = Rect(x: at.x, y: at.y, width: size.width, height: size.height)
        switch anchor.horizontal {
        case .left: break
        case .center: box.x -= size.width / 2
        case .right: box.x -= size.width
        }
        switch anchor.vertical {
        case .top: break
        case .center, .baseline: box.y -= size.height / 2
        case .bottom: box.y -= size.height
        }
        let from = Point(box.midX, box.midY), to = frame.point(target.x, target.y)
        let dx = to.x - from.x, dy = to.y - from.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 1 else { return }
        let ux = dx / length, uy = dy / length
        // Distance from the centre to the box edge along (ux, uy), plus 3 units of air.
        let tx = ux == 0 ? Double.infinity : (box.width / 2) / abs(ux)
        let ty = uy == 0 ? Double.infinity : (box.height / 2) / abs(uy)
        let startDistance = min(tx, ty) + 3
        let endDistance = length - 2
        guard endDistance > startDistance + 4 else { return }
        let start = Point(from.x + ux * startDistance, from.y + uy * startDistance)
        let tip = Point(from.x + ux * endDistance, from.y + uy * endDistance)
        let headLength = 8.0, headHalfWidth = 3.5
        let base = Point(tip.x - ux * headLength, tip.y - uy * headLength)
        backend.stroke(.segment(start, base), style: StrokeStyle(color: style.color, width: 1.1, round: true))
        var head = Path()
        head.addPolygon([tip, Point(base.x - uy * headHalfWidth, base.y + ux * headHalfWidth),
                         Point(base.x + uy * headHalfWidth, base.y - ux * headHalfWidth)])
        backend.fill(head, color: style.color)
    }

    var legendKey: LegendKey? { nil }

    func occupancy(in frame: Frame) -> Occupancy { Occupancy() }
}
