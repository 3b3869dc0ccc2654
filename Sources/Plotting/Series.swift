// The series an Axes holds. Each kind knows its data extent, how to draw itself into a frame,
// what its legend key looks like and where its ink lies (for legend placement).

/// Marker shapes for line and scatter plots.
public enum Marker: Sendable, Equatable {
    /// No marker.
    case none
    /// Filled circle.
    case circle
    /// Filled square.
    case square
    /// Filled upward triangle.
    case triangle
    /// Filled diamond.
    case diamond
    /// Diagonal cross (stroked).
    case cross
    /// Upright plus (stroked).
    case plus
}

/// Dash patterns for lines.
public enum LineStyle: Sendable, Equatable {
    /// Continuous line.
    case solid
    /// Long dashes.
    case dashed
    /// Dots.
    case dotted
    /// Alternating dashes and dots.
    case dashDot

    /// The dash pattern for a line of width `w`.
    func dash(width w: Double) -> [Double] {
        let u = max(1, w)
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * u, 1.6 * u]
        case .dotted: return [1 * u, 1.65 * u]
        case .dashDot: return [6.4 * u, 1.6 * u, 1 * u, 1.6 * u]
        }
    }
}

/// Where an axes' legend goes.
public enum LegendLocation: Sendable, Equatable {
    /// The inside corner or edge position that covers the least data (tried in matplotlib's order).
    case best
    /// Inside, top right.
    case upperRight
    /// Inside, top left.
    case upperLeft
    /// Inside, bottom left.
    case lowerLeft
    /// Inside, bottom right.
    case lowerRight
}

/// The mapping between data and figure coordinates of one axes while it is drawn.
struct Frame {
    var plot: Rect
    var x: AxisMapping
    var y: AxisMapping
    var xScale: Scale { x.scale }
    var yScale: Scale { y.scale }

    @inline(__always)
    func point(_ dx: Double, _ dy: Double) -> Point { Point(x.position(dx), y.position(dy)) }

    /// Figure x of a data x, with values the scale cannot show pushed just outside the plot
    /// (bars on a log axis start at its bottom).
    func clampedX(_ v: Double) -> Double { clamp(x.position(v), plot.x, plot.maxX) }
    func clampedY(_ v: Double) -> Double { clamp(y.position(v), plot.y, plot.maxY) }

    private func clamp(_ p: Double, _ a: Double, _ b: Double) -> Double {
        let pad = 2.0
        if p.isNaN { return b + pad }
        return min(b + pad, max(a - pad, p))
    }
}

/// What a legend entry shows next to its label.
enum LegendKey: Equatable {
    case line(StrokeStyle, Marker, markerSize: Double, color: Color)
    case patch(Color)
}

/// Where a series puts ink, for choosing a legend position.
struct Occupancy {
    var points: [Point] = []
    var segments: [(Point, Point)] = []
    var rects: [Rect] = []
}

/// Data extent of a series on one axis: min and max of the values the scale can show, plus
/// values the axis should not pad beyond (bar baselines, heatmap edges).
struct Extent {
    var lower: Double = .infinity
    var upper: Double = -.infinity
    var sticky: [Double] = []
    var isEmpty: Bool { lower > upper }

    mutating func include(_ v: Double, _ scale: Scale) {
        guard scale.accepts(v) else { return }
        if v < lower { lower = v }
        if v > upper { upper = v }
    }
    mutating func include<S: Sequence>(_ vs: S, _ scale: Scale) where S.Element == Double {
        for v in vs { include(v, scale) }
    }
    mutating func merge(_ o: Extent) {
        lower = min(lower, o.lower); upper = max(upper, o.upper); sticky += o.sticky
    }
}

extension Extent {
    /// The extent under `scale` of `values[i]` over the points whose coordinate on the other axis,
    /// `partner[i]`, the `other` scale can show (a point the plot drops does not stretch the axis), and
    /// for which `keep(i)` holds. Every x/y series computes its extents with this.
    init(of values: [Double], pairedWith partner: [Double], _ scale: Scale, other: Scale,
         keep: (Int) -> Bool = { _ in true }) {
        self.init()
        for i in 0..<min(values.count, partner.count) where other.accepts(partner[i]) && keep(i) {
            include(values[i], scale)
        }
    }
}

/// Counts of values a series could not show.
struct SkipCounts {
    var nonFinite = 0
    var nonPositive = 0
    static func + (a: SkipCounts, b: SkipCounts) -> SkipCounts {
        SkipCounts(nonFinite: a.nonFinite + b.nonFinite, nonPositive: a.nonPositive + b.nonPositive)
    }
}

/// A series whose colours encode values, shown with a colour bar.
protocol ColorMappedSeries: PlotSeries {
    var colormap: Colormap { get }
    /// Values at the colormap's ends.
    var valueRange: (lower: Double, upper: Double) { get }
}

/// The colour range of `values`: `requested` if given, else min…max of the finite values
/// (widened when they are all equal; 0…1 when there are none).
func colorRange(of values: [Double], requested: ClosedRange<Double>?) -> (lower: Double, upper: Double) {
    if let r = requested {
        return r.lowerBound < r.upperBound ? (r.lowerBound, r.upperBound) : (r.lowerBound - 0.5, r.upperBound + 0.5)
    }
    var finite = Extent()
    finite.include(values, .linear)   // the linear scale accepts exactly the finite values
    if finite.isEmpty { return (0, 1) }
    let lo = finite.lower, hi = finite.upper
    if lo == hi { return lo == 0 ? (-1, 1) : (lo - abs(lo) * 0.5, hi + abs(hi) * 0.5) }
    if !(hi - lo).isFinite { return (lo / 2, hi / 2) }
    return (lo, hi)
}

/// A drawable series.
protocol PlotSeries: AnyObject {
    /// Legend label, if the series has one.
    var label: String? { get }
    /// A short description for error messages, e.g. `plot "loss"`.
    var kindDescription: String { get }
    /// Throws when the series' inputs are inconsistent.
    func validate(context: String) throws
    /// Extent along x under `scale` (`other` is the y scale: points it cannot show don't count).
    func xExtent(_ scale: Scale, other: Scale) -> Extent
    /// Extent along y under `scale` (`other` is the x scale).
    func yExtent(_ scale: Scale, other: Scale) -> Extent
    /// Values that cannot be shown under the given scales.
    func skipped(x: Scale, y: Scale) -> SkipCounts
    /// Draws the series (the caller clips to the plot rectangle).
    func draw(in frame: Frame, on backend: any DrawingBackend)
    /// The legend key, or nil when the series has none.
    var legendKey: LegendKey? { get }
    /// Where the series puts ink.
    func occupancy(in frame: Frame) -> Occupancy
    /// Drawing layer, as matplotlib's zorder: images 0, areas and bars 1, lines and markers 2.
    var zOrder: Int { get }
}

extension PlotSeries {
    var zOrder: Int { 2 }
    var kindDescription: String { "series" + (label.map { " \"\($0)\"" } ?? "") }

    /// Throws ``PlotError/lengthMismatch(context:xCount:yCount:)`` naming this series (and `part`, such as
    /// "lower", when it has several value arrays) unless `yCount` values come with as many x values.
    func checkLengths(context: String, xCount: Int, yCount: Int, part: String? = nil) throws {
        guard xCount != yCount else { return }
        throw PlotError.lengthMismatch(context: "\(context): \(kindDescription)" + (part.map { " (\($0))" } ?? ""),
                                       xCount: xCount, yCount: yCount)
    }

    /// Throws ``PlotError/invalidArgument(context:detail:)`` naming this series unless `condition` holds.
    func require(_ condition: Bool, context: String, _ detail: @autoclosure () -> String) throws {
        guard !condition else { return }
        throw PlotError.invalidArgument(context: "\(context): \(kindDescription)", detail: detail())
    }
}

/// Counts non-finite values and, on a log scale, non-positive ones.
func countSkipped(_ values: [Double], _ scale: Scale) -> SkipCounts {
    var c = SkipCounts()
    for v in values {
        if !v.isFinite { c.nonFinite += 1 } else if scale == .log && v <= 0 { c.nonPositive += 1 }
    }
    return c
}

/// Counts points skipped because x or y cannot be shown (each point counted once).
func countSkippedPairs(_ xs: [Double], _ ys: [Double], _ sx: Scale, _ sy: Scale) -> SkipCounts {
    var c = SkipCounts()
    for i in 0..<min(xs.count, ys.count) {
        let x = xs[i], y = ys[i]
        if !x.isFinite || !y.isFinite { c.nonFinite += 1 }
        else if (sx == .log && x <= 0) || (sy == .log && y <= 0) { c.nonPositive += 1 }
    }
    return c
}

/// Adds the outline of `marker` centred at `p` to the fill path (solid shapes) or stroke path
/// (crosses), with `size` the marker's diameter.
func addMarker(_ marker: Marker, at p: Point, size: Double, fill: inout Path, stroke: inout Path) {
    let r = size / 2
    switch marker {
    case .none: break
    case .circle: fill.addCircle(center: p, radius: r)
    case .square:
        let s = r * 0.886 // same area as the circle
        fill.addRect(Rect(x: p.x - s, y: p.y - s, width: 2 * s, height: 2 * s))
    case .triangle:
        let s = r * 1.4
        fill.addPolygon([Point(p.x, p.y - s), Point(p.x + s * 0.866, p.y + s * 0.5), Point(p.x - s * 0.866, p.y + s * 0.5)])
    case .diamond:
        let s = r * 1.35
        fill.addPolygon([Point(p.x, p.y - s), Point(p.x + s * 0.75, p.y), Point(p.x, p.y + s), Point(p.x - s * 0.75, p.y)])
    case .cross:
        let s = r * 0.8
        stroke.move(to: Point(p.x - s, p.y - s)); stroke.line(to: Point(p.x + s, p.y + s))
        stroke.move(to: Point(p.x - s, p.y + s)); stroke.line(to: Point(p.x + s, p.y - s))
    case .plus:
        stroke.move(to: Point(p.x - r, p.y)); stroke.line(to: Point(p.x + r, p.y))
        stroke.move(to: Point(p.x, p.y - r)); stroke.line(to: Point(p.x, p.y + r))
    }
}

/// Draws markers at `points`. Opaque markers go in one fill (and one stroke) call; translucent
/// ones are filled one by one so that overlaps darken, as in matplotlib.
func drawMarkers(_ marker: Marker, at points: [Point], size: Double, color: Color, on backend: any DrawingBackend) {
    guard marker != .none, !points.isEmpty else { return }
    let strokeStyle = StrokeStyle(color: color, width: max(1, size / 5), round: true)
    if color.alpha < 1 {
        for p in points {
            var fill = Path(), stroke = Path()
            addMarker(marker, at: p, size: size, fill: &fill, stroke: &stroke)
            if !fill.isEmpty { backend.fill(fill, color: color) }
            if !stroke.isEmpty { backend.stroke(stroke, style: strokeStyle) }
        }
        return
    }
    var fill = Path(), stroke = Path()
    fill.reserve(points.count * 5)
    for p in points { addMarker(marker, at: p, size: size, fill: &fill, stroke: &stroke) }
    if !fill.isEmpty { backend.fill(fill, color: color) }
    if !stroke.isEmpty { backend.stroke(stroke, style: strokeStyle) }
}
