// The drawing-backend protocol: the few primitives a figure needs, so that the layout code never
// calls Cairo directly and tests can record drawing calls without pixels (the shape of plotters'
// DrawingBackend trait).

/// How a path's outline is drawn.
public struct StrokeStyle: Equatable, Sendable {
    /// Line colour.
    public var color: Color
    /// Line width in figure units.
    public var width: Double
    /// Dash pattern (on, off, …) in figure units; empty for a solid line.
    public var dash: [Double]
    /// Whether line ends and joins are round (markers, data lines) or square (spines, ticks, bars).
    public var round: Bool

    /// Creates a stroke style.
    public init(color: Color, width: Double = 1, dash: [Double] = [], round: Bool = false) {
        self.color = color; self.width = width; self.dash = dash; self.round = round
    }
}

/// Font and colour of a piece of text.
public struct TextStyle: Equatable, Sendable {
    /// Font size in figure units (pixels at 1×).
    public var size: Double
    /// Text colour.
    public var color: Color
    /// Bold weight.
    public var bold: Bool
    /// Italic style.
    public var italic: Bool

    /// Creates a text style.
    public init(size: Double, color: Color = .darkGray, bold: Bool = false, italic: Bool = false) {
        self.size = size; self.color = color; self.bold = bold; self.italic = italic
    }
}

/// Where the anchor point sits on a text's box.
public struct TextAnchor: Equatable, Sendable {
    /// Horizontal placement of the anchor.
    public enum Horizontal: Sendable { case left, center, right }
    /// Vertical placement of the anchor.
    public enum Vertical: Sendable { case top, center, baseline, bottom }
    /// Horizontal placement.
    public var horizontal: Horizontal
    /// Vertical placement.
    public var vertical: Vertical
    /// Creates an anchor.
    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal; self.vertical = vertical
    }
    /// Anchor at the centre of the box.
    public static let center = TextAnchor(.center, .center)
}

/// A piece of text in Pango markup (`<sup>`, `<i>`, `<b>`…); plain strings are escaped with
/// ``Markup/escape(_:)`` before they get here.
public struct Markup: Equatable, Sendable {
    /// The markup source.
    public var source: String
    /// Wraps markup source.
    public init(_ source: String) { self.source = source }
    /// Markup showing `plain` literally (escapes `&`, `<`, `>`, quotes).
    public init(plain: String) { self.source = Markup.escape(plain) }

    /// Escapes the characters that are special in Pango markup.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The text without tags and with entities decoded (for measuring in tests).
    var plainText: String {
        var out = ""
        var inTag = false
        for c in source {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"")
            .replacingAll("&apos;", "'").replacingAll("&amp;", "&")
    }
}

/// An RGBA raster (8 bits per channel, straight alpha, rows top to bottom), drawn scaled into a
/// rectangle without smoothing. Heatmaps use it.
public struct RasterImage: Equatable, Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// `width * height` colours, row-major from the top row.
    public var pixels: [Color]
    /// Creates a raster; `pixels.count` must be `width * height`.
    public init(width: Int, height: Int, pixels: [Color]) {
        precondition(pixels.count == width * height, "RasterImage: pixel count does not match size")
        self.width = width; self.height = height; self.pixels = pixels
    }
}

/// The drawing primitives a ``Figure`` uses. Coordinates are figure units (pixels at 1×),
/// origin top left, y down. Implementations: ``CairoBackend`` (SVG and PNG) and
/// ``RecordingBackend`` (tests).
public protocol DrawingBackend: AnyObject {
    /// Saves the clip region (paired with ``restore()``).
    func save()
    /// Restores the clip region saved by the matching ``save()``.
    func restore()
    /// Intersects the clip region with `rect`.
    func clip(to rect: Rect)
    /// Strokes the outline of `path`.
    func stroke(_ path: Path, style: StrokeStyle)
    /// Fills the inside of `path` (non-zero winding).
    func fill(_ path: Path, color: Color)
    /// Draws `text` so that `anchor` on its (unrotated) box lands on `point`, then rotates the
    /// text by `angle` degrees counter-clockwise around `point`.
    func text(_ text: Markup, at point: Point, style: TextStyle, anchor: TextAnchor, angle: Double)
    /// The size of `text`'s ink-and-logical box when drawn unrotated with `style`.
    func measure(_ text: Markup, style: TextStyle) -> Size
    /// Draws `image` stretched into `rect` with nearest-neighbour sampling.
    func image(_ image: RasterImage, in rect: Rect)
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, self.contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
