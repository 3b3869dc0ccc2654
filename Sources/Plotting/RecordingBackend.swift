// A DrawingBackend that records calls instead of drawing, for tests.

/// Records every drawing call, with simple deterministic text metrics (0.6 em per character,
/// 1.2 em line height), so tests can check what a figure draws without pixels.
public final class RecordingBackend: DrawingBackend {
    /// One recorded call.
    public enum Command: Equatable {
        /// ``DrawingBackend/save()``.
        case save
        /// ``DrawingBackend/restore()``.
        case restore
        /// ``DrawingBackend/clip(to:)``.
        case clip(Rect)
        /// ``DrawingBackend/stroke(_:style:)``.
        case stroke(Path, StrokeStyle)
        /// ``DrawingBackend/fill(_:color:)``.
        case fill(Path, Color)
        /// ``DrawingBackend/text(_:at:style:anchor:angle:)``.
        case text(Markup, Point, TextStyle, TextAnchor, angle: Double)
        /// ``DrawingBackend/image(_:in:)``.
        case image(RasterImage, Rect)
    }

    /// The calls so far, in order.
    public private(set) var commands: [Command] = []

    /// Creates an empty recorder.
    public init() {}

    /// Records a save.
    public func save() { commands.append(.save) }
    /// Records a restore.
    public func restore() { commands.append(.restore) }
    /// Records a clip.
    public func clip(to rect: Rect) { commands.append(.clip(rect)) }
    /// Records a stroke.
    public func stroke(_ path: Path, style: StrokeStyle) { commands.append(.stroke(path, style)) }
    /// Records a fill.
    public func fill(_ path: Path, color: Color) { commands.append(.fill(path, color)) }
    /// Records a text.
    public func text(_ text: Markup, at point: Point, style: TextStyle, anchor: TextAnchor, angle: Double) {
        commands.append(.text(text, point, style, anchor, angle: angle))
    }
    /// Approximate metrics: 0.6 em per character of the text without markup, 1.2 em high.
    public func measure(_ text: Markup, style: TextStyle) -> Size {
        Size(Double(text.plainText.count) * 0.6 * style.size, 1.2 * style.size)
    }
    /// Records an image.
    public func image(_ image: RasterImage, in rect: Rect) { commands.append(.image(image, rect)) }

    /// The plain text of every recorded text call, in order.
    public var texts: [String] {
        commands.compactMap { if case let .text(m, _, _, _, _) = $0 { return m.plainText } else { return nil } }
    }
}
