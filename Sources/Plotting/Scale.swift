// Axis scales and the mapping from data values to figure coordinates.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How data values are spaced along an axis.
public enum Scale: Equatable, Sendable {
    /// Equal differences take equal lengths.
    case linear
    /// Equal ratios take equal lengths (base 10). Non-positive values are not shown.
    case log

    /// The value in the space where the scale is linear (`log10` for ``log``).
    @inline(__always)
    func transform(_ v: Double) -> Double {
        switch self {
        case .linear: return v
        case .log: return v > 0 ? log10(v) : -.infinity
        }
    }

    /// Inverse of ``transform(_:)``.
    @inline(__always)
    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log: return pow(10, t)
        }
    }

    /// Whether `v` can be shown on this scale (finite, and positive for ``log``).
    @inline(__always)
    func accepts(_ v: Double) -> Bool {
        switch self {
        case .linear: return v.isFinite
        case .log: return v.isFinite && v > 0
        }
    }
}

/// Maps data values on one axis to figure coordinates: the data interval `lower…upper`
/// goes linearly (in the scale's transformed space) onto `start…end` in figure units.
struct AxisMapping: Equatable, Sendable {
    /// The axis scale.
    var scale: Scale
    /// Data value at `start`.
    var lower: Double
    /// Data value at `end`.
    var upper: Double
    /// Figure coordinate of `lower`.
    var start: Double
    /// Figure coordinate of `upper`.
    var end: Double

    private var t0: Double { scale.transform(lower) }
    private var t1: Double { scale.transform(upper) }

    /// Figure coordinate of the data value `v` (±∞ for values the scale cannot show).
    @inline(__always)
    func position(_ v: Double) -> Double {
        // Halved operands: limits of ±1e308 would overflow b − a.
        let a = t0 * 0.5, b = t1 * 0.5
        return start + (scale.transform(v) * 0.5 - a) / (b - a) * (end - start)
    }

    /// Data value at figure coordinate `p`.
    func value(at p: Double) -> Double {
        let a = t0, b = t1
        return scale.inverse(a + (p - start) / (end - start) * (b * 0.5 - a * 0.5) * 2)
    }

    /// Whether `v` lies inside the data interval (with a small tolerance for rounding).
    func contains(_ v: Double) -> Bool {
        guard scale.accepts(v) else { return false }
        let a = min(t0, t1), b = max(t0, t1), t = scale.transform(v)
        let eps = (b - a) * 1e-9
        return t >= a - eps && t <= b + eps
    }
}
