// Numeric element types the series functions accept.

/// A number that can be plotted: `Double`, `Float` and the integer types conform, so
/// `ax.plot([1, 2, 3], [Float(0.5), 0.25, 0.125])` works without conversions.
public protocol PlottableValue {
    /// The value as a `Double`.
    var plotValue: Double { get }
}

extension Double: PlottableValue {
    /// The value itself.
    @inlinable public var plotValue: Double { self }
}
extension Float: PlottableValue {
    /// The value widened to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension Int: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension Int32: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension Int64: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension UInt8: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension UInt32: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension UInt64: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}
extension UInt: PlottableValue {
    /// The value converted to `Double`.
    @inlinable public var plotValue: Double { Double(self) }
}

extension Sequence where Element: PlottableValue {
    /// The elements as `Double`s.
    var doubles: [Double] {
        if let d = self as? [Double] { return d }
        return map(\.plotValue)
    }
}
