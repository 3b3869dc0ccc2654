// The Cairo implementation of DrawingBackend, with text laid out by Pango (font fallback:
// DejaVu Sans for Latin and Greek, Noto CJK for Chinese and Japanese via fontconfig).

import CCairo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws on a Cairo context (an SVG or image surface). Text goes through Pango with hinting
/// off, so SVG and PNG output share one layout.
public final class CairoBackend: DrawingBackend {
    /// The font family asked of fontconfig; missing glyphs fall back to other installed fonts.
    public static let fontFamily = "DejaVu Sans"

    private let cr: OpaquePointer
    private let pango: OpaquePointer
    private let vector: Bool
    private var layouts: [LayoutKey: OpaquePointer] = [:]
    private var closed = false

    private struct LayoutKey: Hashable {
        var source: String
        var size: Double
        var bold: Bool
        var italic: Bool
    }

    /// Wraps a Cairo context. `vector` is true for SVG surfaces: images are then enlarged by
    /// pixel replication, because SVG viewers smooth scaled images and Cairo 1.16 cannot ask
    /// them not to.
    init(context: OpaquePointer, vector: Bool) {
        cr = context
        self.vector = vector
        pango = pango_cairo_create_context(context)
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            pango_cairo_context_set_font_options(pango, options)
            cairo_font_options_destroy(options)
        }
        pango_context_set_round_glyph_positions(pango, 0)
    }

    /// Releases the Pango objects (also done on deinit).
    func close() {
        guard !closed else { return }
        closed = true
        for layout in layouts.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        layouts.removeAll()
        g_object_unref(UnsafeMutableRawPointer(pango))
    }

    deinit { close() }

    static func check(_ status: cairo_status_t) throws {
        if status != CAIRO_STATUS_SUCCESS {
            throw PlotError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }

    // MARK: DrawingBackend

    /// Saves the graphics state.
    public func save() { cairo_save(cr) }
    /// Restores the graphics state.
    public func restore() { cairo_restore(cr) }

    /// Intersects the clip with `rect`.
    public func clip(to rect: Rect) {
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    /// Strokes `path`.
    public func stroke(_ path: Path, style: StrokeStyle) {
        guard style.width > 0, !path.isEmpty else { return }
        var width = style.width
        if !style.round, let snapped = snapToPixels(path, lineWidth: &width) {
            emit(snapped)
        } else {
            emit(path)
        }
        setColor(style.color)
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, style.round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(cr, style.round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
        if style.dash.isEmpty {
            cairo_set_dash(cr, nil, 0, 0)
        } else {
            style.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        }
        cairo_stroke(cr)
    }

    /// Fills `path`.
    public func fill(_ path: Path, color: Color) {
        guard !path.isEmpty else { return }
        var none = 0.0
        emit(snapToPixels(path, lineWidth: &none) ?? path)
        setColor(color)
        cairo_fill(cr)
    }

    /// Axis-aligned paths (spines, ticks, grid lines, bars) moved onto the device pixel grid, as
    /// matplotlib snaps them, so that a 1-pixel line covers one pixel row instead of blurring over
    /// two. A stroke's width is rounded to whole device pixels (at least one); coordinates go to
    /// pixel centres for odd widths and pixel edges for even widths and fills. Returns nil for
    /// paths with curves or slanted segments.
    private func snapToPixels(_ path: Path, lineWidth: inout Double) -> Path? {
        var current = Point(0, 0), start = Point(0, 0)
        for e in path.elements {
            switch e {
            case let .move(p): current = p; start = p
            case let .line(p):
                if p.x != current.x && p.y != current.y { return nil }
                current = p
            case .close:
                if start.x != current.x && start.y != current.y { return nil }
                current = start
            case .circle: return nil
            }
        }
        var odd = false
        if lineWidth > 0 {
            var dw = lineWidth, zero = 0.0
            cairo_user_to_device_distance(cr, &dw, &zero)
            let pixels = max(1, dw.rounded())
            odd = Int(pixels) % 2 == 1
            var uw = pixels, uz = 0.0
            cairo_device_to_user_distance(cr, &uw, &uz)
            lineWidth = uw
        }
        func snap(_ p: Point) -> Point {
            var x = p.x, y = p.y
            cairo_user_to_device(cr, &x, &y)
            x = odd ? x.rounded(.down) + 0.5 : x.rounded()
            y = odd ? y.rounded(.down) + 0.5 : y.rounded()
            cairo_device_to_user(cr, &x, &y)
            return Point(x, y)
        }
        var out = Path()
        out.reserve(path.elements.count)
        for e in path.elements {
            switch e {
            case let .move(p): out.move(to: snap(p))
            case let .line(p): out.line(to: snap(p))
            case .close: out.close()
            case .circle: return nil
            }
        }
        return out
    }

    private func emit(_ path: Path) {
        cairo_new_path(cr)
        for e in path.elements {
            switch e {
            case let .move(p): cairo_move_to(cr, p.x, p.y)
            case let .line(p): cairo_line_to(cr, p.x, p.y)
            case let .circle(c, r):
                cairo_new_sub_path(cr)
                cairo_arc(cr, c.x, c.y, r, 0, 2 * .pi)
                cairo_close_path(cr)
            case .close: cairo_close_path(cr)
            }
        }
    }

    private func setColor(_ c: Color) {
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
    }

    private func describe(_ layout: OpaquePointer, _ style: TextStyle) {
        guard let desc = pango_font_description_new() else { return }
        pango_font_description_set_family(desc, CairoBackend.fontFamily)
        pango_font_description_set_absolute_size(desc, style.size * 1024)
        pango_font_description_set_weight(desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(desc, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
    }

    private func setMarkup(_ layout: OpaquePointer, _ text: Markup) {
        // Invalid markup would make Pango print a warning and show nothing: show the source instead.
        if pango_parse_markup(text.source, -1, 0, nil, nil, nil, nil) != 0 {
            pango_layout_set_markup(layout, text.source, -1)
        } else {
            pango_layout_set_text(layout, text.source, -1)
        }
    }

    private func layout(_ text: Markup, _ style: TextStyle) -> OpaquePointer? {
        let key = LayoutKey(source: text.source, size: style.size, bold: style.bold, italic: style.italic)
        if let cached = layouts[key] { return cached }
        guard let layout = pango_layout_new(pango) else { return nil }
        describe(layout, style)
        setMarkup(layout, text)
        layouts[key] = layout
        return layout
    }

    /// The logical size of `text` in figure units.
    public func measure(_ text: Markup, style: TextStyle) -> Size {
        guard let layout = layout(text, style) else { return Size(0, 0) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Size(Double(logical.width) / 1024, Double(logical.height) / 1024)
    }

    /// Draws `text` with Pango.
    public func text(_ text: Markup, at point: Point, style: TextStyle, anchor: TextAnchor, angle: Double) {
        guard !text.source.isEmpty, let cached = layout(text, style) else { return }
        var logical = PangoRectangle()
        pango_layout_get_extents(cached, nil, &logical)
        let w = Double(logical.width) / 1024, h = Double(logical.height) / 1024
        let baseline = Double(pango_layout_get_baseline(cached)) / 1024
        let dx: Double
        switch anchor.horizontal {
        case .left: dx = 0
        case .center: dx = -w / 2
        case .right: dx = -w
        }
        let dy: Double
        switch anchor.vertical {
        case .top: dy = 0
        case .center: dy = -h / 2
        case .baseline: dy = -baseline
        case .bottom: dy = -h
        }
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        setColor(style.color)
        if angle != 0 {
            cairo_rotate(cr, -angle * .pi / 180)
            // Lay out afresh under the rotated matrix rather than disturb the cached layouts.
            guard let rotated = pango_cairo_create_layout(cr) else { cairo_restore(cr); return }
            if let options = cairo_font_options_create() {
                cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
                cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
                pango_cairo_context_set_font_options(pango_layout_get_context(rotated), options)
                cairo_font_options_destroy(options)
            }
            pango_context_set_round_glyph_positions(pango_layout_get_context(rotated), 0)
            pango_layout_context_changed(rotated)
            describe(rotated, style)
            setMarkup(rotated, text)
            cairo_move_to(cr, dx - Double(logical.x) / 1024, dy - Double(logical.y) / 1024)
            pango_cairo_show_layout(cr, rotated)
            g_object_unref(UnsafeMutableRawPointer(rotated))
        } else {
            cairo_move_to(cr, dx - Double(logical.x) / 1024, dy - Double(logical.y) / 1024)
            pango_cairo_show_layout(cr, cached)
        }
        cairo_restore(cr)
    }

    /// Draws `image` into `rect` with nearest-neighbour sampling.
    public func image(_ image: RasterImage, in rect: Rect) {
        guard image.width > 0, image.height > 0, rect.width > 0, rect.height > 0 else { return }
        // For SVG, replicate pixels so that one source pixel covers at most ~half a unit on screen.
        var kx = 1, ky = 1
        if vector {
            kx = clampedInt((rect.width * 2 / Double(image.width)).rounded(.up), 1, max(1, 2048 / image.width))
            ky = clampedInt((rect.height * 2 / Double(image.height)).rounded(.up), 1, max(1, 2048 / image.height))
        }
        let w = image.width * kx, h = image.height * ky
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        // CAIRO_FORMAT_ARGB32: native-endian 32-bit words, premultiplied alpha.
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * h) { words in
            let wordsPerRow = stride / 4
            for y in 0..<image.height {
                var row = [UInt32](repeating: 0, count: w)
                for x in 0..<image.width {
                    let c = image.pixels[y * image.width + x]
                    let a = min(1, max(0, c.alpha))
                    func channel(_ v: Double) -> UInt32 { UInt32((min(1, max(0, v)) * a * 255).rounded()) }
                    let word = UInt32((a * 255).rounded()) << 24 | channel(c.red) << 16 | channel(c.green) << 8 | channel(c.blue)
                    for k in 0..<kx { row[x * kx + k] = word }
                }
                for k in 0..<ky {
                    let base = (y * ky + k) * wordsPerRow
                    for x in 0..<w { words[base + x] = row[x] }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(w), rect.height / Double(h))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_new_path(cr)
        cairo_rectangle(cr, 0, 0, Double(w), Double(h))
        cairo_fill(cr)
        cairo_restore(cr)
    }
}
