// Axes: one plot area with its scales, ticks, labels, legend and series.

/// One plot area of a ``Figure``: series drawn against an x and a y axis, with title, axis
/// labels, legend and optional grid. Get one from ``Figure/axes()`` or ``Figure/subplots(rows:columns:)``.
///
/// ```swift
/// let ax = fig.axes()
/// ax.plot(xs, ys, label: "Gaussian σ=1", marker: .circle)
/// ax.yScale = .log
/// ax.xlabel = "layer"; ax.ylabel = "‖∂L/∂h‖"
/// ax.legend()
/// ```
public final class Axes {
    /// Title above the plot area.
    public var title: String?
    /// Label under the x axis.
    public var xlabel: String?
    /// Label left of the y axis (drawn rotated).
    public var ylabel: String?
    /// Scale of the x axis (linear or log).
    public var xScale: Scale = .linear
    /// Scale of the y axis (linear or log).
    public var yScale: Scale = .linear
    /// Fixed x limits; nil fits the data with a 5 % margin.
    public var xlim: ClosedRange<Double>?
    /// Fixed y limits; nil fits the data with a 5 % margin.
    public var ylim: ClosedRange<Double>?
    /// Draws light grid lines at the major ticks.
    public var grid: Bool = false
    /// Reads the title, axis labels, colour-bar label and legend labels of this axes as Pango
    /// markup, e.g. `"‖∂L/∂h<sub>l</sub>‖"` or `"10<sup>3</sup> tokens"`. Off by default, so that
    /// `<` and `&` in plain labels show as written; with it on, write them as `&lt;` and `&amp;`
    /// (malformed markup is shown as its source text).
    public var usesMarkup: Bool = false

    /// Row of this axes in its figure's grid (0-based).
    public let row: Int
    /// Column of this axes in its figure's grid (0-based).
    public let column: Int

    var series: [any PlotSeries] = []
    var legendLocation: LegendLocation?
    var nextColorIndex = 0
    var xCustomTicks: [(Double, String)]?
    var yCustomTicks: [(Double, String)]?
    var yInverted = false
    /// When true, one data unit has the same length on both axes, so a circle looks round (linear scales
    /// only; the plot area shrinks to fit and is centred). Heatmaps turn it on for square cells.
    public var equalAspect = false
    var colorbarLabel: String?
    var showsColorbar = false
    var argumentErrors: [PlotError] = []

    init(row: Int, column: Int) { self.row = row; self.column = column }

    /// "axes (row, column)" as used in error messages (1-based, like the reader counts).
    var context: String { "axes (\(row + 1), \(column + 1))" }

    /// The next colour of the categorical palette.
    func takeColor(_ explicit: Color?) -> Color {
        if let explicit { return explicit }
        defer { nextColorIndex += 1 }
        return Color.palette[nextColorIndex % Color.palette.count]
    }

    // MARK: Lines and markers

    /// Draws a line through the points (x[i], y[i]), optionally with markers. Points with a NaN or
    /// infinite coordinate (or a non-positive one on a log axis) are skipped and break the line.
    ///
    /// - Parameters:
    ///   - x: Horizontal positions.
    ///   - y: Values; must have as many elements as `x`.
    ///   - label: Legend label.
    ///   - color: Line colour; nil takes the next palette colour.
    ///   - lineWidth: Line width in figure units (default 1.75).
    ///   - lineStyle: Dash pattern.
    ///   - marker: Marker drawn at each point.
    ///   - markerSize: Marker diameter in figure units.
    public func plot<X: Sequence, Y: Sequence>(
        _ x: X, _ y: Y, label: String? = nil, color: Color? = nil, lineWidth: Double = 1.75,
        lineStyle: LineStyle = .solid, marker: Marker = .none, markerSize: Double = 6
    ) where X.Element: PlottableValue, Y.Element: PlottableValue {
        series.append(LineSeries(xs: x.doubles, ys: y.doubles, label: label, color: takeColor(color),
                                 lineWidth: lineWidth, lineStyle: lineStyle, marker: marker,
                                 markerSize: markerSize, isScatter: false))
    }

    /// Draws `y` against its indices 0, 1, 2, …
    public func plot<Y: Sequence>(
        _ y: Y, label: String? = nil, color: Color? = nil, lineWidth: Double = 1.75,
        lineStyle: LineStyle = .solid, marker: Marker = .none, markerSize: Double = 6
    ) where Y.Element: PlottableValue {
        let ys = y.doubles
        plot(Array(0..<ys.count), ys, label: label, color: color, lineWidth: lineWidth,
             lineStyle: lineStyle, marker: marker, markerSize: markerSize)
    }

    /// Draws a marker at each point (x[i], y[i]) without connecting lines.
    ///
    /// - Parameters:
    ///   - size: Marker diameter in figure units.
    ///   - color: Marker colour (use `Color.withAlpha(_:)` for dense clouds); nil takes the next palette colour.
    public func scatter<X: Sequence, Y: Sequence>(
        _ x: X, _ y: Y, label: String? = nil, color: Color? = nil, marker: Marker = .circle, size: Double = 7
    ) where X.Element: PlottableValue, Y.Element: PlottableValue {
        series.append(LineSeries(xs: x.doubles, ys: y.doubles, label: label, color: takeColor(color),
                                 lineWidth: 0, lineStyle: nil, marker: marker == .none ? .circle : marker,
                                 markerSize: size, isScatter: true))
    }

    /// Draws a marker at each point (x[i], y[i]) coloured by `values[i]` through `colormap`, with a
    /// colour bar (matplotlib's `scatter(x, y, c=values)`).
    ///
    /// - Parameters:
    ///   - values: One number per point, mapped onto the colormap.
    ///   - range: Values at the colormap's ends; nil uses min…max.
    ///   - colorbarLabel: Label along the colour bar.
    public func scatter<X: Sequence, Y: Sequence, V: Sequence>(
        _ x: X, _ y: Y, colorBy values: V, colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
        colorbarLabel: String? = nil, label: String? = nil, marker: Marker = .circle, size: Double = 7
    ) where X.Element: PlottableValue, Y.Element: PlottableValue, V.Element: PlottableValue {
        series.append(ColorScatterSeries(xs: x.doubles, ys: y.doubles, values: values.doubles, label: label,
                                         colormap: colormap, range: range, marker: marker == .none ? .circle : marker,
                                         size: size))
        showsColorbar = true
        self.colorbarLabel = colorbarLabel
    }

    /// Draws points with vertical error bars from y[i] − yerr[i] to y[i] + yerr[i] (matplotlib's
    /// `errorbar`), joined by a line unless `connect` is false.
    ///
    /// ```swift
    /// ax.errorbar(sizes, meanMilliseconds, yerr: spreadMilliseconds, label: "gemm")
    /// ```
    public func errorbar<X: Sequence, Y: Sequence, E: Sequence>(
        _ x: X, _ y: Y, yerr: E, label: String? = nil, color: Color? = nil, marker: Marker = .circle,
        connect: Bool = true, capWidth: Double = 6
    ) where X.Element: PlottableValue, Y.Element: PlottableValue, E.Element: PlottableValue {
        series.append(ErrorBarSeries(xs: x.doubles, ys: y.doubles, errors: yerr.doubles, label: label,
                                     color: takeColor(color), marker: marker, connect: connect, capWidth: capWidth))
    }

    /// Draws a stem (a vertical line from `baseline`) with a marker at each point (x[i], y[i]).
    public func stem<X: Sequence, Y: Sequence>(
        _ x: X, _ y: Y, label: String? = nil, color: Color? = nil, baseline: Double = 0, marker: Marker = .circle
    ) where X.Element: PlottableValue, Y.Element: PlottableValue {
        series.append(StemSeries(xs: x.doubles, ys: y.doubles, baseline: baseline, label: label,
                                 color: takeColor(color), marker: marker))
    }

    /// Shades the region between `lower` and `upper` over `x` (matplotlib's `fill_between`), e.g.
    /// a mean ± one standard deviation band under its line.
    ///
    /// - Parameters:
    ///   - color: Fill colour; nil takes the colour of the line drawn just before (else the next
    ///     palette colour) at 25 % opacity.
    public func fillBetween<X: Sequence, L: Sequence, U: Sequence>(
        _ x: X, _ lower: L, _ upper: U, label: String? = nil, color: Color? = nil
    ) where X.Element: PlottableValue, L.Element: PlottableValue, U.Element: PlottableValue {
        let fill = color ?? ((series.last as? LineSeries)?.color ?? takeColor(nil)).withAlpha(0.25)
        series.append(AreaSeries(xs: x.doubles, lower: lower.doubles, upper: upper.doubles, label: label, color: fill))
    }

    // MARK: Bars

    /// Draws one bar per category, labelled under the x axis.
    public func bar<Y: Sequence>(
        _ categories: [String], _ heights: Y, label: String? = nil, color: Color? = nil, width: Double = 0.8
    ) where Y.Element: PlottableValue {
        let hs = heights.doubles
        setCategories(categories)
        series.append(BarSeries(xs: categories.indices.map(Double.init), heights: hs,
                                bottoms: Array(repeating: 0, count: hs.count), width: width,
                                label: label, color: takeColor(color)))
    }

    /// Draws several bar series over the same categories, side by side (`stacked: false`) or on
    /// top of each other (`stacked: true`; positive and negative values stack separately).
    ///
    /// ```swift
    /// ax.bar(["fp32", "fp16", "int8"], groups: ["train": [3.1, 1.8, 1.2], "infer": [1.0, 0.6, 0.3]])
    /// ```
    public func bar(_ categories: [String], groups: KeyValuePairs<String, [Double]>, stacked: Bool = false,
                    width: Double = 0.8) {
        setCategories(categories)
        let n = groups.count
        var positive = Array(repeating: 0.0, count: categories.count)
        var negative = Array(repeating: 0.0, count: categories.count)
        for (j, (name, values)) in groups.enumerated() {
            if values.count != categories.count {
                argumentErrors.append(.lengthMismatch(context: "\(context): bar group \"\(name)\"",
                                                      xCount: categories.count, yCount: values.count))
                continue
            }
            let color = takeColor(nil)
            if stacked {
                var bottoms: [Double] = []
                for (i, v) in values.enumerated() {
                    if v >= 0 { bottoms.append(positive[i]); positive[i] += v }
                    else { bottoms.append(negative[i]); negative[i] += v.isFinite ? v : 0 }
                }
                series.append(BarSeries(xs: categories.indices.map(Double.init), heights: values, bottoms: bottoms,
                                        width: width, label: name, color: color))
            } else {
                let w = width / Double(max(1, n))
                let offset = (Double(j) - Double(n - 1) / 2) * w
                series.append(BarSeries(xs: categories.indices.map { Double($0) + offset }, heights: values,
                                        bottoms: Array(repeating: 0, count: values.count), width: w,
                                        label: name, color: color))
            }
        }
    }

    /// Draws bars centred at numeric positions `x` with the given `width` in data units.
    public func bar<X: Sequence, Y: Sequence>(
        x: X, heights: Y, width: Double = 0.8, label: String? = nil, color: Color? = nil
    ) where X.Element: PlottableValue, Y.Element: PlottableValue {
        let hs = heights.doubles
        series.append(BarSeries(xs: x.doubles, heights: hs, bottoms: Array(repeating: 0, count: hs.count),
                                width: width, label: label, color: takeColor(color)))
    }

    /// Draws a histogram of `values` (non-finite values are skipped and reported).
    ///
    /// - Parameters:
    ///   - bins: Number of equal-width bins; nil picks one (numpy's "auto": the larger of the
    ///     Sturges and Freedman–Diaconis estimates).
    ///   - range: Interval covered by the bins; nil uses min…max of the data.
    ///   - density: Scales the bars so that their total area is 1.
    public func hist<V: Sequence>(
        _ values: V, bins: Int? = nil, range: ClosedRange<Double>? = nil, density: Bool = false,
        label: String? = nil, color: Color? = nil
    ) where V.Element: PlottableValue {
        let data = values.doubles
        let color = takeColor(color)
        if let bins, bins < 1 {
            argumentErrors.append(.invalidArgument(context: "\(context): hist", detail: "bins must be at least 1, got \(bins)"))
            return
        }
        let h = Histogram(data, bins: bins, range: range, density: density)
        if let problem = h.problem {
            argumentErrors.append(.invalidArgument(context: "\(context): hist", detail: problem))
            return
        }
        let series = BarSeries(xs: h.centers, heights: h.heights, bottoms: Array(repeating: 0, count: h.heights.count),
                               width: h.binWidth, label: label, color: color, isHistogram: true)
        self.series.append(series)
        if h.skipped > 0 { self.series.append(SkipMarker(count: h.skipped)) }
    }

    // MARK: Heatmaps

    /// Draws a grid of values as coloured cells (row 0 at the top) with a colour bar.
    ///
    /// - Parameters:
    ///   - rows: The grid, one array per row (all of equal length).
    ///   - colormap: Colours for low…high values (viridis by default).
    ///   - range: Values mapped to the colormap's ends; nil uses min…max.
    ///   - colorbar: Shows a colour bar at the right.
    ///   - colorbarLabel: Label along the colour bar.
    ///   - xTickLabels: Labels for the columns (nil: numeric ticks).
    ///   - yTickLabels: Labels for the rows (nil: numeric ticks).
    ///   - annotate: Writes each value in its cell when the cells are large enough.
    public func heatmap<T: PlottableValue>(
        _ rows: [[T]], colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
        colorbar: Bool = true, colorbarLabel: String? = nil, xTickLabels: [String]? = nil,
        yTickLabels: [String]? = nil, annotate: Bool = false
    ) {
        let columns = rows.first?.count ?? 0
        var error: String? = nil
        if let bad = rows.firstIndex(where: { $0.count != columns }) {
            error = "row \(bad) has \(rows[bad].count) values but row 0 has \(columns)"
        }
        addHeatmap(values: error == nil ? rows.flatMap { $0.doubles } : [], rows: error == nil ? rows.count : 0,
                   columns: error == nil ? columns : 0, colormap: colormap, range: range, colorbar: colorbar,
                   colorbarLabel: colorbarLabel, xTickLabels: xTickLabels, yTickLabels: yTickLabels,
                   annotate: annotate, error: error)
    }

    /// Draws a row-major buffer of `rows × columns` values as a heatmap (see ``heatmap(_:colormap:range:colorbar:colorbarLabel:xTickLabels:yTickLabels:annotate:)``).
    public func heatmap<V: Sequence>(
        _ values: V, rows: Int, columns: Int, colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
        colorbar: Bool = true, colorbarLabel: String? = nil, xTickLabels: [String]? = nil,
        yTickLabels: [String]? = nil, annotate: Bool = false
    ) where V.Element: PlottableValue {
        let flat = values.doubles
        var error: String? = nil
        if rows < 0 || columns < 0 || flat.count != rows * columns {
            error = "\(flat.count) values do not fill \(rows) rows × \(columns) columns"
        }
        addHeatmap(values: error == nil ? flat : [], rows: error == nil ? rows : 0, columns: error == nil ? columns : 0,
                   colormap: colormap, range: range, colorbar: colorbar, colorbarLabel: colorbarLabel,
                   xTickLabels: xTickLabels, yTickLabels: yTickLabels, annotate: annotate, error: error)
    }

    private func addHeatmap(values: [Double], rows: Int, columns: Int, colormap: Colormap,
                            range: ClosedRange<Double>?, colorbar: Bool, colorbarLabel: String?,
                            xTickLabels: [String]?, yTickLabels: [String]?, annotate: Bool, error: String?) {
        series.append(HeatmapSeries(values: values, rows: rows, columns: columns, colormap: colormap,
                                    range: range, annotate: annotate, gridError: error))
        yInverted = true
        equalAspect = true
        showsColorbar = colorbar
        self.colorbarLabel = colorbarLabel
        if let xTickLabels {
            xCustomTicks = xTickLabels.enumerated().map { (Double($0.offset), $0.element) }
        }
        if let yTickLabels {
            yCustomTicks = yTickLabels.enumerated().map { (Double($0.offset), $0.element) }
        }
    }

    // MARK: Reference lines and text

    /// Draws a horizontal line across the plot at `y` (dashed grey by default).
    public func axhline(_ y: Double, label: String? = nil, color: Color = .gray, lineWidth: Double = 1.25,
                        lineStyle: LineStyle = .dashed) {
        series.append(ReferenceLine(value: y, orientation: .horizontal, label: label, color: color,
                                    lineWidth: lineWidth, lineStyle: lineStyle))
    }

    /// Draws a vertical line across the plot at `x` (dashed grey by default).
    public func axvline(_ x: Double, label: String? = nil, color: Color = .gray, lineWidth: Double = 1.25,
                        lineStyle: LineStyle = .dashed) {
        series.append(ReferenceLine(value: x, orientation: .vertical, label: label, color: color,
                                    lineWidth: lineWidth, lineStyle: lineStyle))
    }

    /// Writes `text` at the data position (x, y); `anchor` says which point of the text's box
    /// lands there (default: left end of the baseline). Set `markup: true` to use Pango markup
    /// such as `x<sup>2</sup>`.
    public func text(_ text: String, x: Double, y: Double, color: Color = .darkGray, size: Double = 11,
                     anchor: TextAnchor = TextAnchor(.left, .baseline), markup: Bool = false) {
        series.append(TextAnnotation(x: x, y: y, markup: markup ? Markup(text) : Markup(plain: text),
                                     style: TextStyle(size: size, color: color), anchor: anchor))
    }

    /// Writes `text` centred at the data position (textX, textY) with an arrow pointing at the
    /// data point (x, y), like matplotlib's `annotate` with an arrow.
    ///
    /// ```swift
    /// ax.annotate("gradients vanish", x: 30, y: 1e-18, textX: 12, textY: 1e-25)
    /// ```
    public func annotate(_ text: String, x: Double, y: Double, textX: Double, textY: Double,
                         color: Color = .darkGray, size: Double = 11, markup: Bool = false) {
        series.append(TextAnnotation(x: textX, y: textY, markup: markup ? Markup(text) : Markup(plain: text),
                                     style: TextStyle(size: size, color: color), anchor: .center,
                                     arrowTarget: (x, y)))
    }

    // MARK: Ticks and legend

    /// Puts x ticks at `positions`, labelled with `labels` (or formatted numbers when nil).
    public func xticks(_ positions: [Double], labels: [String]? = nil) {
        xCustomTicks = customTicks(positions, labels, axis: "xticks")
    }

    /// Puts y ticks at `positions`, labelled with `labels` (or formatted numbers when nil).
    public func yticks(_ positions: [Double], labels: [String]? = nil) {
        yCustomTicks = customTicks(positions, labels, axis: "yticks")
    }

    private func customTicks(_ positions: [Double], _ labels: [String]?, axis: String) -> [(Double, String)] {
        if let labels, labels.count != positions.count {
            argumentErrors.append(.lengthMismatch(context: "\(context): \(axis)", xCount: positions.count, yCount: labels.count))
        }
        return positions.enumerated().map { i, p in
            (p, labels.map { i < $0.count ? $0[i] : "" } ?? NumberFormat.compact(p).plainText)
        }
    }

    /// Shows a legend of the labelled series at `location` (by default the inside position that
    /// covers the least data).
    public func legend(_ location: LegendLocation = .best) {
        legendLocation = location
    }

    private func setCategories(_ categories: [String]) {
        if xCustomTicks == nil || xCustomTicks?.count != categories.count {
            xCustomTicks = categories.enumerated().map { (Double($0.offset), $0.element) }
        }
    }
}

/// Invisible series that only reports values skipped before a series was built (histograms).
final class SkipMarker: PlotSeries {
    let count: Int
    init(count: Int) { self.count = count }
    var label: String? { nil }
    func validate(context: String) throws {}
    func xExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func yExtent(_ scale: Scale, other: Scale) -> Extent { Extent() }
    func skipped(x: Scale, y: Scale) -> SkipCounts { SkipCounts(nonFinite: count, nonPositive: 0) }
    func draw(in frame: Frame, on backend: any DrawingBackend) {}
    var legendKey: LegendKey? { nil }
    func occupancy(in frame: Frame) -> Occupancy { Occupancy() }
}
