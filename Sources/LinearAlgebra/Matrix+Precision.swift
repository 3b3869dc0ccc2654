#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Tools for precision experiments: converting between Float and Double, a product accurate to about
// twice the working precision, matrices with prescribed singular values, and error measures.

extension Matrix {
    /// The same matrix in another precision (each element rounded to nearest).
    @inlinable
    public func converted<Other: MatrixScalar>(to: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, storage.map { Other($0) })
    }

    /// The n×n Hilbert matrix, Hᵢⱼ = 1/(i + j + 1) (zero-based): the classic ill-conditioned matrix,
    /// κ₂(Hₙ) grows like e^(3.5n) (Todd 1954; Beckermann 2000 gives the asymptotic (1+√2)^(4n)/√n).
    public static func hilbert(_ n: Int) -> Matrix {
        Matrix(rows: n, columns: n) { i, j in 1 / Scalar(i + j + 1) }
    }

    /// U·diag(σ)·Vᵀ with U (rows×r) and V (columns×r) Haar-distributed with orthonormal columns,
    /// r = `singularValues.count` ≤ min(rows, columns): a random matrix whose singular values are exactly
    /// (up to rounding) the given ones, e.g. to set a condition number.
    public static func withSingularValues(
        _ singularValues: [Scalar], rows: Int, columns: Int, using generator: inout SeededGenerator
    ) -> Matrix {
        precondition(singularValues.count <= Swift.min(rows, columns),
                     "withSingularValues: \(singularValues.count) values for shape \(rows)×\(columns)")
        precondition(singularValues.allSatisfy { $0 >= 0 && $0.isFinite },
                     "withSingularValues: singular values must be finite and non-negative")
        let r = singularValues.count
        if r == 0 { return zeros(rows: rows, columns: columns) }
        let u = orthogonal(rows: rows, columns: r, using: &generator)
        let v = orthogonal(rows: columns, columns: r, using: &generator)
        var us = u
        for i in 0..<rows { for j in 0..<r { us[i, j] *= singularValues[j] } }
        return gemm(us, v, transposeB: true)
    }

    /// κ-conditioned test matrix: n×n with singular values spaced geometrically from 1 down to 1/κ.
    public static func withConditionNumber(_ kappa: Scalar, size n: Int, using generator: inout SeededGenerator) -> Matrix {
        precondition(kappa >= 1 && n >= 1, "withConditionNumber: needs κ ≥ 1 and n ≥ 1, got \(kappa), \(n)")
        let s: [Scalar] = (0..<n).map { i in
            n == 1 ? 1 : Scalar(pow(1 / Double(kappa), Double(i) / Double(n - 1)))
        }
        return withSingularValues(s, rows: n, columns: n, using: &generator)
    }
}

/// A·B with every dot product accumulated by the compensated algorithm Dot2 of Ogita, Rump & Oishi
/// ("Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005): TwoProduct through a fused
/// multiply–add and TwoSum carry the rounding errors, so the result is as accurate as if computed in twice
/// the working precision and then rounded. Use it as the reference when measuring rounding error of gemm.
/// O(mnk), unblocked: slow, for experiments and tests.
public func accurateProduct<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
    precondition(a.columns == b.rows,
                 "accurateProduct: shapes \(a.shapeDescription) and \(b.shapeDescription) do not conform")
    let m = a.rows, k = a.columns, n = b.columns
    let bt = b.transposed()
    var c = Matrix<Scalar>.zeros(rows: m, columns: n)
    for i in 0..<m {
        for j in 0..<n {
            var s: Scalar = 0, compensation: Scalar = 0
            for p in 0..<k {
                let x = a.storage[i * k + p], y = bt.storage[j * k + p]
                let product = x * y
                let productError = (-product).addingProduct(x, y)      // exact: x·y − fl(x·y)
                let sum = s + product
                let z = sum - s
                let sumError = (s - (sum - z)) + (product - z)          // exact: s + product − fl(s + product)
                s = sum
                compensation += productError + sumError
            }
            c.storage[i * n + j] = s + compensation
        }
    }
    return c
}

/// ‖computed − reference‖_F / ‖reference‖_F, evaluated in Double (0 when both are zero).
public func relativeError<S: MatrixScalar, T: MatrixScalar>(_ computed: Matrix<S>, reference: Matrix<T>) -> Double {
    precondition(computed.rows == reference.rows && computed.columns == reference.columns,
                 "relativeError: shapes \(computed.shapeDescription) and \(reference.shapeDescription) do not conform")
    let c = computed.converted(to: Double.self), r = reference.converted(to: Double.self)
    let denominator = r.frobeniusNorm()
    let numerator = (c - r).frobeniusNorm()
    return denominator == 0 ? (numerator == 0 ? 0 : .infinity) : numerator / denominator
}
