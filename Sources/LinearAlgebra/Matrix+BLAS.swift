// Products through BLAS: `gemm` (a new product, or accumulated into an existing matrix) and `gemv`,
// and the `*` operators built on them. Transposes are gemm flags, never copies.

/// `α·op(A)·op(B)` through BLAS ?GEMM, where `op` transposes when asked. The default product `A * B`.
///
/// Shapes must conform (`op(A).columns == op(B).rows`); empty shapes give an empty or zero result.
/// Every size goes to BLAS: OpenBLAS's small-matrix kernels (on cores it recognises) beat an inlined loop
/// even at 4×4 (about 25 ns against 90 ns here); the only other cost is allocating the result.
@inlinable
public func gemm<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>,
    transposeA: Bool = false, transposeB: Bool = false, alpha: Scalar = 1
) -> Matrix<Scalar> {
    let (m, n, k, kb) = productShape(a, transposeA, b, transposeB)
    precondition(k == kb, "matmul: shapes \(a.shapeDescription)\(transposeA ? "ᵀ" : "") and \(b.shapeDescription)\(transposeB ? "ᵀ" : "") do not conform")
    if m == 0 || n == 0 || k == 0 { return Matrix(rows: m, columns: n, repeating: 0) }
    // gemm with β = 0 writes every element of C, so the result is not cleared first.
    return Matrix.unsafeUninitialized(rows: m, columns: n) { c in
        blasProduct(a, transposeA, b, transposeB, m: m, n: n, k: k, alpha: alpha, beta: 0, into: c.baseAddress!)
    }
}

/// `C ← α·op(A)·op(B) + β·C` in place through BLAS ?GEMM: the product added into an existing matrix
/// (β = 1, the default, as when gradients accumulate) or written over it (β = 0) without allocating.
///
/// `c` must be `op(A).rows`×`op(B).columns` and `op(A).columns == op(B).rows`. With β = 0 the old
/// contents of `c` are never read (NaN in it does not propagate), as BLAS specifies. An inner dimension of
/// 0 leaves `β·C`.
@inlinable
public func gemm<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, into c: inout Matrix<Scalar>,
    transposeA: Bool = false, transposeB: Bool = false, alpha: Scalar = 1, beta: Scalar = 1
) {
    let (m, n, k, kb) = productShape(a, transposeA, b, transposeB)
    precondition(k == kb && c.rows == m && c.columns == n,
                 "gemm(_:_:into:): cannot add \(a.shapeDescription)\(transposeA ? "ᵀ" : "") times "
                 + "\(b.shapeDescription)\(transposeB ? "ᵀ" : "") into \(c.shapeDescription)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if beta == 0 { c.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        else if beta != 1 { c.scale(by: beta) }
        return
    }
    c.storage.withUnsafeMutableBufferPointer { pc in
        blasProduct(a, transposeA, b, transposeB, m: m, n: n, k: k, alpha: alpha, beta: beta, into: pc.baseAddress!)
    }
}

/// `(m, n, k, k′)` of `op(A)·op(B)`: `op(A)` is m×k and `op(B)` is k′×n.
@inlinable @inline(__always)
func productShape<Scalar>(
    _ a: Matrix<Scalar>, _ transposeA: Bool, _ b: Matrix<Scalar>, _ transposeB: Bool
) -> (m: Int, n: Int, k: Int, kb: Int) {
    (transposeA ? a.columns : a.rows, transposeB ? b.rows : b.columns,
     transposeA ? a.rows : a.columns, transposeB ? b.columns : b.rows)
}

/// The one BLAS ?GEMM call both `gemm`s make, on a row-major C with leading dimension n (m, n, k > 0).
@inlinable @inline(__always)
func blasProduct<Scalar>(
    _ a: Matrix<Scalar>, _ transposeA: Bool, _ b: Matrix<Scalar>, _ transposeB: Bool,
    m: Int, n: Int, k: Int, alpha: Scalar, beta: Scalar, into c: UnsafeMutablePointer<Scalar>
) {
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            Scalar.blasGemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                alpha: alpha, a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                beta: beta, c: c, ldc: n)
        }
    }
}

/// Matrix–vector product `op(A)·x` through BLAS ?GEMV.
@inlinable
public func gemv<Scalar>(_ a: Matrix<Scalar>, _ x: [Scalar], transposed: Bool = false) -> [Scalar] {
    let m = transposed ? a.columns : a.rows
    let n = transposed ? a.rows : a.columns
    precondition(x.count == n,
                 "matvec: shapes \(a.shapeDescription)\(transposed ? "ᵀ" : "") and \(x.count)×1 do not conform")
    if m == 0 { return [] }
    if n == 0 { return [Scalar](repeating: 0, count: m) }
    var y = [Scalar](repeating: 0, count: m)
    a.storage.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                Scalar.blasGemv(transpose: transposed, m: a.rows, n: a.columns, alpha: 1,
                                a: pa.baseAddress!, lda: Swift.max(1, a.columns),
                                x: px.baseAddress!, incx: 1, beta: 0, y: py.baseAddress!, incy: 1)
            }
        }
    }
    return y
}

extension Matrix {
    /// Matrix product A·B through BLAS gemm (see `gemm(_:_:transposeA:transposeB:alpha:)`).
    @inlinable
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { gemm(lhs, rhs) }

    /// Matrix–vector product A·x through BLAS gemv.
    @inlinable
    public static func * (lhs: Matrix, rhs: [Scalar]) -> [Scalar] { gemv(lhs, rhs) }
}
