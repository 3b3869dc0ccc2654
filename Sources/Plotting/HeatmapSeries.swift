// Heatmaps: a grid of values drawn as coloured cells (row 0 at the top, like matplotlib's imshow).

/// A rows × columns grid of values mapped through a colormap. Cell (r, c) covers
/// x ∈ c ± 0.5 and y ∈ r ± 0.5; the axes shows row 0 at the top.
final class HeatmapSeries: ColorMappedSeries {
    let values: [Double]        // row-major
    let rows: Int
    let columns: Int
    let colormap: Colormap
    let requestedRange: ClosedRange<Double>?
    let annotate: Bool
    let label: String?
    let gridError: String?
    /// The value range mapped onto the colormap: the requested one, else min…max of the finite
    /// values (widened when all values are equal).
    let valueRange: (lower: Double, upper: Double)

    init(values: [Double], rows: Int, columns: Int, colormap: Colormap, range: ClosedRange<Double>?,
         annotate: Bool, gridError: String?) {
        self.values = values; self.rows = rows; self.columns = columns; self.colormap = colormap
        self.requestedRange = range; self.annotate = annotate; self.label = nil; self.gridError = gridError
        valueRange = colorRange(of: values, requested: range)
    }

    var kindDescription: String { "heatmap" }

    func validate(context: String) throws {
        if let gridError { throw PlotError.malformedGrid(context: "\(context): heatmap", detail: gridError) }
        if let r = requestedRange, !(r.lowerBound.isFinite && r.upperBound.isFinite) {
            throw PlotError.invalidArgument(context: "\(context): heatmap", detail: "colour range must be finite")
        }
    }

    /// Position of `v` on the colormap, 0…1.
    @inline(__always)
    func normalized(_ v: Double) -> Double {
        let (lo, hi) = valueRange
        return (v - lo) / (hi - lo)
    }

    func xExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        guard columns > 0, rows > 0 else { return e }
        e.include(-0.5, scale); e.include(Double(columns) - 0.5, scale)
        e.sticky = [-0.5, Double(columns) - 0.5]
        return e
    }
    func yExtent(_ scale: Scale, other: Scale) -> Extent {
        var e = Extent()
        guard columns > 0, rows > 0 else { return e }
        e.include(-0.5, scale); e.include(Double(rows) - 0.5, scale)
        e.sticky = [-0.5, Double(rows) - 0.5]
        return e
    }
    func skipped(x: Scale, y: Scale) -> SkipCounts { countSkipped(values, .linear) }

    /// The figure rectangle covered by the grid.
    func rect(_ frame: Frame) -> Rect {
        let a = frame.point(-0.5, -0.5), b = frame.point(Double(columns) - 0.5, Double(rows) - 0.5)
        return Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
    }

    func draw(in frame: Frame, on backend: any DrawingBackend) {
        guard rows > 0, columns > 0, values.count == rows * columns else { return }
        let pixels = values.map { colormap.color(at: normalized($0)) }
        let r = rect(frame)
        // Missing (NaN) cells show a light grey behind the transparent pixels.
        if values.contains(where: { !$0.isFinite }) { backend.fill(.rect(r), color: Color(hex: 0xEEEEEE)) }
        backend.image(RasterImage(width: columns, height: rows, pixels: pixels), in: r)
        if annotate { drawAnnotations(frame, r, backend) }
    }

    private func drawAnnotations(_ frame: Frame, _ r: Rect, _ backend: any DrawingBackend) {
        let cellW = r.width / Double(columns), cellH = r.height / Double(rows)
        let size = min(11, cellH * 0.45)
        guard size >= 5 else { return }
        let labels = values.map { NumberFormat.compact($0, significant: 2) }
        let widest = labels.map { backend.measure($0, style: TextStyle(size: size)).width }.max() ?? 0
        guard widest < cellW - 2 else { return }
        for row in 0..<rows {
            for col in 0..<columns {
                let v = values[row * columns + col]
                guard v.isFinite else { continue }
                let bg = colormap.color(at: normalized(v))
                let ink: Color = bg.luminance > 0.4 ? .black : .white
                backend.text(labels[row * columns + col], at: frame.point(Double(col), Double(row)),
                             style: TextStyle(size: size, color: ink), anchor: .center, angle: 0)
            }
        }
    }

    var legendKey: LegendKey? { nil }
    var zOrder: Int { 0 }

    func occupancy(in frame: Frame) -> Occupancy { Occupancy(rects: [rect(frame)]) }
}
