#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// A scalar the network library can differentiate through: a `MatrixScalar` (so it has BLAS bindings)
/// plus the elementary functions the activations and losses need.
///
/// `Float` and `Double` conform. Gradient checks are most precise in `Double` (the tests run them in both
/// precisions); `Float` is there for speed experiments.
public protocol NeuralScalar: MatrixScalar {
    /// eˣ.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm.
    static func logarithm(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func hyperbolicTangent(_ x: Self) -> Self
}

extension Double: NeuralScalar {
    /// libm `exp`.
    @inlinable public static func exponential(_ x: Double) -> Double { exp(x) }
    /// libm `log`.
    @inlinable public static func logarithm(_ x: Double) -> Double { log(x) }
    /// libm `tanh`.
    @inlinable public static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
}

extension Float: NeuralScalar {
    /// libm `expf`.
    @inlinable public static func exponential(_ x: Float) -> Float { expf(x) }
    /// libm `logf`.
    @inlinable public static func logarithm(_ x: Float) -> Float { logf(x) }
    /// libm `tanhf`.
    @inlinable public static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
}
