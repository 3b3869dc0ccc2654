// Figure: the page that holds a grid of Axes, and its SVG and PNG output.

import CCairo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A figure: a white page of `width × height` figure units (pixels at 1×) holding one axes or
/// a grid of them, saved as SVG or PNG.
///
/// ```swift
/// let fig = Figure(width: 640, height: 400)
/// let ax = fig.axes()
/// ax.plot(xs, ys, label: "loss")
/// ax.legend()
/// try fig.writeSVG(to: "loss.svg")
/// ```
public final class Figure {
    /// Width in figure units (pixels at 1×; SVG user units).
    public let width: Double
    /// Height in figure units.
    public let height: Double
    /// A title above all axes (matplotlib's `suptitle`).
    public var title: String?
    /// All axes, row by row.
    public private(set) var allAxes: [Axes] = []
    /// Rows of the axes grid.
    public private(set) var rows = 0
    /// Columns of the axes grid.
    public private(set) var columns = 0
    private var setupError: PlotError?

    /// Creates an empty figure of `width × height` figure units (default 640 × 400).
    public init(width: Double = 640, height: Double = 400) {
        self.width = width
        self.height = height
        if !(width >= 16 && height >= 16 && width <= 20_000 && height <= 20_000) {
            setupError = .invalidArgument(context: "figure", detail: "size \(width)×\(height) must be between 16 and 20000 units")
        }
    }

    /// The figure's single axes, created on first use (the first axes of a grid, if
    /// ``subplots(rows:columns:)`` was called before).
    public func axes() -> Axes {
        if allAxes.isEmpty { _ = subplots(rows: 1, columns: 1) }
        return allAxes[0]
    }

    /// Replaces the figure's axes with a `rows × columns` grid and returns them row by row
    /// (`axs[r * columns + c]`).
    public func subplots(rows: Int, columns: Int) -> [Axes] {
        if rows < 1 || columns < 1 {
            setupError = .invalidArgument(context: "figure", detail: "subplots(rows: \(rows), columns: \(columns)) needs at least one row and one column")
        }
        self.rows = max(1, rows)
        self.columns = max(1, columns)
        allAxes = (0..<self.rows * self.columns).map { Axes(row: $0 / self.columns, column: $0 % self.columns) }
        return allAxes
    }

    /// The axes at `row`, `column` of the grid.
    public func axes(row: Int, column: Int) -> Axes {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "axes(row:column:) outside the \(rows)×\(columns) grid")
        return allAxes[row * columns + column]
    }

    /// Draws the whole figure on `backend`. Throws ``PlotError`` for inconsistent data or a
    /// figure too small for its axes.
    public func draw(on backend: any DrawingBackend) throws {
        if let setupError { throw setupError }
        if allAxes.isEmpty { _ = axes() }
        backend.fill(.rect(Rect(x: 0, y: 0, width: width, height: height)), color: .white)
        var area = Rect(x: 0, y: 0, width: width, height: height)
        if let title {
            let markup = fitted(title, Theme.figureTitleText, width - 2 * Theme.outerPad, backend)
            let h = backend.measure(markup, style: Theme.figureTitleText).height
            backend.text(markup, at: Point(width / 2, Theme.outerPad + 2), style: Theme.figureTitleText,
                         anchor: TextAnchor(.center, .top), angle: 0)
            area = area.inset(left: 0, top: h + Theme.outerPad + 4, right: 0, bottom: 0)
        }
        let plans = try allAxes.map { try $0.plan() }
        let cellW = area.width / Double(columns), cellH = area.height / Double(rows)
        func cell(_ a: Axes) -> Rect {
            Rect(x: area.x + Double(a.column) * cellW, y: area.y + Double(a.row) * cellH, width: cellW, height: cellH)
        }
        // Two passes: margins for a guessed plot rectangle, then for the one those margins give.
        var margins: [Margins] = []
        for (a, plan) in zip(allAxes, plans) {
            let c = cell(a)
            let guess = c.inset(left: 60, top: 30, right: 20, bottom: 50)
            let first = a.margins(plan, plot: a.fittedPlot(plan, in: guess), backend: backend)
            let second = a.margins(plan, plot: a.fittedPlot(plan, in: c.inset(left: first.left, top: first.top,
                                                                               right: first.right, bottom: first.bottom)),
                                   backend: backend)
            margins.append(Margins(left: max(first.left, second.left), top: max(first.top, second.top),
                                   right: max(first.right, second.right), bottom: max(first.bottom, second.bottom)))
        }
        // Align plot areas: one left/right margin per column, one top/bottom per row.
        var left = Array(repeating: 0.0, count: columns), right = left
        var top = Array(repeating: 0.0, count: rows), bottom = top
        for (a, m) in zip(allAxes, margins) {
            left[a.column] = max(left[a.column], m.left); right[a.column] = max(right[a.column], m.right)
            top[a.row] = max(top[a.row], m.top); bottom[a.row] = max(bottom[a.row], m.bottom)
        }
        for (a, plan) in zip(allAxes, plans) {
            let plot = cell(a).inset(left: left[a.column], top: top[a.row], right: right[a.column], bottom: bottom[a.row])
            guard plot.width >= 20, plot.height >= 20 else {
                throw PlotError.invalidArgument(
                    context: a.context,
                    detail: "a \(Int(width))×\(Int(height)) figure leaves no room for the plot area of a \(rows)×\(columns) grid; make the figure larger")
            }
            a.draw(plan, available: plot, backend: backend)
        }
    }

    // MARK: Output

    /// The figure as an SVG document. The same figure gives the same bytes in any process and
    /// in any order of calls (Cairo's per-process ids are renumbered).
    public func svg() throws -> String {
        let sink = ByteSink()
        let bytes: [UInt8] = try withExtendedLifetime(sink) {
            let closure = Unmanaged.passUnretained(sink).toOpaque()
            guard let surface = cairo_svg_surface_create_for_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, closure, width, height) else { throw PlotError.cairo("could not create an SVG surface") }
            defer { cairo_surface_destroy(surface) }
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
            try render(surface: surface, scale: 1, vector: true)
            cairo_surface_finish(surface)
            try CairoBackend.check(cairo_surface_status(surface))
            return sink.bytes
        }
        return SVGNormalizer.normalize(String(decoding: bytes, as: UTF8.self))
    }

    /// Writes ``svg()`` to `path` (the folder must exist).
    public func writeSVG(to path: String) throws {
        try FileOutput.write(Array(try svg().utf8), to: path)
    }

    /// The figure as PNG bytes, `scale` device pixels per figure unit (2 for high-density screens).
    public func png(scale: Double = 2) throws -> [UInt8] {
        guard scale > 0, scale <= 16, scale.isFinite else {
            throw PlotError.invalidArgument(context: "figure", detail: "PNG scale \(scale) must be in (0, 16]")
        }
        let w = Int32((width * scale).rounded()), h = Int32((height * scale).rounded())
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h) else {
            throw PlotError.cairo("could not create a \(w)×\(h) image")
        }
        defer { cairo_surface_destroy(surface) }
        try CairoBackend.check(cairo_surface_status(surface))
        try render(surface: surface, scale: scale, vector: false)
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        try CairoBackend.check(status)
        return sink.bytes
    }

    /// Writes ``png(scale:)`` to `path` (the folder must exist).
    public func writePNG(to path: String, scale: Double = 2) throws {
        try FileOutput.write(try png(scale: scale), to: path)
    }

    private func render(surface: OpaquePointer, scale: Double, vector: Bool) throws {
        guard let cr = cairo_create(surface) else { throw PlotError.cairo("could not create a context") }
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        let backend = CairoBackend(context: cr, vector: vector)
        defer { backend.close() }
        try draw(on: backend)
        try CairoBackend.check(cairo_status(cr))
    }
}

/// Collects bytes written by Cairo's stream callbacks.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// Writing whole files with the C library (Plotting does not depend on Foundation).
enum FileOutput {
    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else {
            throw PlotError.io(path: path, detail: String(cString: strerror(errno)))
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        if written != bytes.count || closed != 0 {
            throw PlotError.io(path: path, detail: "short write: " + String(cString: strerror(errno)))
        }
    }
}
