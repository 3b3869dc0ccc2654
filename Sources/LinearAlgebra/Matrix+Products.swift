// The product variants a chapter compares by name. All compute C = A·B for row-major A (m×k) and B (k×n),
// and all stop with "<name>: shapes m×k and k'×n do not conform" when k ≠ k'.
//
// They are compiled once, here, specialized for Float and Double (`@_specialize`: a call from another module
// enters the generic function, which jumps to the specialization for its type), not `@inlinable`: a
// chapter that calls them then compiles no copy of their loops. Specializing the blocked kernel and
// Strassen in every chapter cost 10–20 s of optimizer time per chapter, and the benchmark showed the
// module boundary costs the kernels nothing (`LibraryCompiled`, Benchmarks/linalg).

/// The order of the three loops of the naive product `C[i][j] += A[i][p] · B[p][j]`
/// (i over rows of C, j over columns of C, p — written k in the names — over the shared dimension).
///
/// The order decides the memory access pattern: in `ikj` and `kij` the innermost loop walks a row of B
/// and a row of C contiguously; in `jki` and `kji` it walks columns (stride n), the slowest for row-major data.
public enum LoopOrder: String, CaseIterable, Sendable {
    case ijk, ikj, jik, jki, kij, kji
}

@inlinable @inline(__always)
func checkConformance<Scalar>(_ name: StaticString, _ a: Matrix<Scalar>, _ b: Matrix<Scalar>) {
    precondition(a.columns == b.rows,
                 "\(name): shapes \(a.shapeDescription) and \(b.shapeDescription) do not conform")
}

/// The textbook triple loop in the given loop order, on raw pointers, no blocking.
///
/// Every order performs the same m·n·k multiply–adds; for `ijk` and `jik` each C element is a dot
/// product summed in p order, the others accumulate into C in p order too, so all six agree with each
/// other up to rounding order differences only in how partial sums are stored (they are not bitwise equal
/// to BLAS, which blocks and vectorizes the sum).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func matmulNaive<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, order: LoopOrder = .ijk) -> Matrix<Scalar> {
    checkConformance("matmulNaive", a, b)
    let m = a.rows, k = a.columns, n = b.columns
    var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    if m == 0 || n == 0 || k == 0 { return c }
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                switch order {
                case .ijk:
                    for i in 0..<m {
                        for j in 0..<n {
                            var s: Scalar = 0
                            for p in 0..<k { s += A[i &* k &+ p] * B[p &* n &+ j] }
                            C[i &* n &+ j] = s
                        }
                    }
                case .jik:
                    for j in 0..<n {
                        for i in 0..<m {
                            var s: Scalar = 0
                            for p in 0..<k { s += A[i &* k &+ p] * B[p &* n &+ j] }
                            C[i &* n &+ j] = s
                        }
                    }
                case .ikj:
                    for i in 0..<m {
                        for p in 0..<k {
                            let aip = A[i &* k &+ p]
                            for j in 0..<n { C[i &* n &+ j] += aip * B[p &* n &+ j] }
                        }
                    }
                case .kij:
                    for p in 0..<k {
                        for i in 0..<m {
                            let aip = A[i &* k &+ p]
                            for j in 0..<n { C[i &* n &+ j] += aip * B[p &* n &+ j] }
                        }
                    }
                case .jki:
                    for j in 0..<n {
                        for p in 0..<k {
                            let bpj = B[p &* n &+ j]
                            for i in 0..<m { C[i &* n &+ j] += A[i &* k &+ p] * bpj }
                        }
                    }
                case .kji:
                    for p in 0..<k {
                        for j in 0..<n {
                            let bpj = B[p &* n &+ j]
                            for i in 0..<m { C[i &* n &+ j] += A[i &* k &+ p] * bpj }
                        }
                    }
                }
            }
        }
    }
    return c
}

/// A·B computed as dot products of rows of A with rows of Bᵀ: B is transposed once (O(k·n)), then both
/// operands of every inner loop are contiguous. The transpose is included in the cost.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func matmulTransposedB<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
    checkConformance("matmulTransposedB", a, b)
    return matmulABt(a, b.transposed())
}

/// A·Bᵀ for row-major A (m×k) and `bt` (n×k): every element is a contiguous dot product.
/// Four independent partial sums let the compiler vectorize and hide addition latency.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func matmulABt<Scalar>(_ a: Matrix<Scalar>, _ bt: Matrix<Scalar>) -> Matrix<Scalar> {
    precondition(a.columns == bt.columns,
                 "matmulABt: shapes \(a.shapeDescription) and \(bt.shapeDescription)ᵀ do not conform")
    let m = a.rows, k = a.columns, n = bt.rows
    var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    if m == 0 || n == 0 || k == 0 { return c }
    a.storage.withUnsafeBufferPointer { pa in
        bt.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                let k4 = k & ~3
                for i in 0..<m {
                    let ai = A + i &* k
                    for j in 0..<n {
                        let bj = B + j &* k
                        var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
                        var p = 0
                        while p < k4 {
                            s0 += ai[p] * bj[p]
                            s1 += ai[p &+ 1] * bj[p &+ 1]
                            s2 += ai[p &+ 2] * bj[p &+ 2]
                            s3 += ai[p &+ 3] * bj[p &+ 3]
                            p &+= 4
                        }
                        while p < k { s0 += ai[p] * bj[p]; p &+= 1 }
                        C[i &* n &+ j] = (s0 + s1) + (s2 + s3)
                    }
                }
            }
        }
    }
    return c
}
