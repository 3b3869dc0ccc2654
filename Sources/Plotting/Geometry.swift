// Small geometry value types shared by the figure model and the drawing backends.
// Coordinates are in figure units (pixels at 1×), origin at the top left, y pointing down.

/// A point in figure units (pixels at 1×), origin at the top left, y pointing down.
public struct Point: Equatable, Sendable {
    /// Horizontal coordinate.
    public var x: Double
    /// Vertical coordinate (downwards).
    public var y: Double
    /// Creates a point.
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A width and a height in figure units.
public struct Size: Equatable, Sendable {
    /// Horizontal extent.
    public var width: Double
    /// Vertical extent.
    public var height: Double
    /// Creates a size.
    public init(_ width: Double, _ height: Double) { self.width = width; self.height = height }
}

/// An axis-aligned rectangle in figure units.
public struct Rect: Equatable, Sendable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Horizontal extent.
    public var width: Double
    /// Vertical extent.
    public var height: Double

    /// Creates a rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Horizontal centre.
    public var midX: Double { x + width / 2 }
    /// Vertical centre.
    public var midY: Double { y + height / 2 }

    /// Whether `p` lies inside the rectangle (edges included).
    public func contains(_ p: Point) -> Bool {
        p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY
    }

    /// The rectangle shrunk by `left`, `top`, `right` and `bottom` on each side.
    func inset(left: Double, top: Double, right: Double, bottom: Double) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }

    /// Whether this rectangle and `other` overlap.
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether the segment from `a` to `b` crosses or touches the rectangle
    /// (Liang–Barsky parametric clipping, Liang & Barsky 1984).
    func intersectsSegment(_ a: Point, _ b: Point) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        let checks: [(Double, Double)] = [(-dx, a.x - x), (dx, maxX - a.x), (-dy, a.y - y), (dy, maxY - a.y)]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } }
                else { if r < t0 { return false }; if r < t1 { t1 = r } }
            }
        }
        return true
    }
}

/// `Int(x)` clamped to `lower…upper`; NaN gives `lower` (never traps on NaN or ±∞).
@inline(__always)
func clampedInt(_ x: Double, _ lower: Int, _ upper: Int) -> Int {
    guard !x.isNaN else { return lower }
    if x <= Double(lower) { return lower }
    if x >= Double(upper) { return upper }
    return Int(x)
}
