// A device-independent path: the geometry every backend draws.

/// A sequence of drawing elements (moves, lines, arcs, closes) in figure units.
public struct Path: Equatable, Sendable {
    /// One element of a path.
    public enum Element: Equatable, Sendable {
        /// Starts a new sub-path at a point.
        case move(Point)
        /// A straight segment from the current point.
        case line(Point)
        /// A full circle (its own closed sub-path).
        case circle(center: Point, radius: Double)
        /// Closes the current sub-path.
        case close
    }

    /// The elements in drawing order.
    public private(set) var elements: [Element] = []

    /// An empty path.
    public init() {}

    /// Whether the path has no elements.
    public var isEmpty: Bool { elements.isEmpty }

    /// Starts a new sub-path at `p`.
    public mutating func move(to p: Point) { elements.append(.move(p)) }
    /// Adds a straight segment to `p`.
    public mutating func line(to p: Point) { elements.append(.line(p)) }
    /// Closes the current sub-path.
    public mutating func close() { elements.append(.close) }
    /// Adds a closed rectangle.
    public mutating func addRect(_ r: Rect) {
        move(to: Point(r.x, r.y)); line(to: Point(r.maxX, r.y))
        line(to: Point(r.maxX, r.maxY)); line(to: Point(r.x, r.maxY)); close()
    }
    /// Adds a full circle.
    public mutating func addCircle(center: Point, radius: Double) {
        elements.append(.circle(center: center, radius: radius))
    }
    /// Adds a closed polygon through `points`.
    public mutating func addPolygon(_ points: [Point]) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
        close()
    }
    /// Adds an open polyline through `points`.
    public mutating func addPolyline(_ points: [Point]) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
    }
    /// Reserves room for `n` more elements.
    mutating func reserve(_ n: Int) { elements.reserveCapacity(elements.count + n) }

    /// A rectangle path.
    public static func rect(_ r: Rect) -> Path { var p = Path(); p.addRect(r); return p }
    /// A segment path from `a` to `b`.
    public static func segment(_ a: Point, _ b: Point) -> Path { var p = Path(); p.move(to: a); p.line(to: b); return p }
}
