// Strassen's algorithm: V. Strassen, "Gaussian elimination is not optimal", Numerische Mathematik 13,
// 1969. Seven half-size products instead of eight, so O(n^log2(7)) ≈ O(n^2.807) multiplications, paid
// for with 18 half-size additions per level and extra memory.
//
// Any shape is handled by dynamic padding: at each level a dimension that is odd is split into halves of
// ⌈d/2⌉ and the missing row/column of the second half is read as zeros (the quadrant copies are filled
// with zeros, never the inputs). Below `cutoff` in any dimension the recursion calls BLAS gemm.

/// The product used at the leaves of Strassen's recursion.
public enum StrassenLeaf: Sendable, Equatable {
    /// BLAS gemm (the default: the fastest leaf).
    case gemm
    /// The naive triple loop in the given order (to find Strassen's crossover against the naive kernel).
    case naive(LoopOrder)
    /// The cache-blocked pure-Swift kernel.
    case blocked
}

/// The result of `strassenWithReport`: the product and what it cost in memory and recursion.
public struct StrassenReport<Scalar: MatrixScalar>: Sendable {
    /// A·B.
    public let product: Matrix<Scalar>
    /// Peak extra memory held by the algorithm at any moment, in bytes: quadrant copies, operand sums,
    /// the seven products and the quadrants of C at every level of the recursion that is live at once.
    /// Excludes the inputs and the returned product.
    public let workspaceBytes: Int
    /// Depth of the recursion (0 when the product went straight to gemm).
    public let depth: Int
    /// Number of leaf products (gemm or the chosen leaf kernel; 7^depth for a uniform recursion).
    public let gemmCalls: Int

    @inlinable
    init(product: Matrix<Scalar>, workspaceBytes: Int, depth: Int, gemmCalls: Int) {
        self.product = product; self.workspaceBytes = workspaceBytes; self.depth = depth; self.gemmCalls = gemmCalls
    }
}

/// A·B by Strassen's algorithm, recursing until a dimension is at most `cutoff`, then calling the `leaf`
/// product (gemm by default).
@inlinable
public func strassen<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, cutoff: Int = 128, leaf: StrassenLeaf = .gemm
) -> Matrix<Scalar> {
    strassenWithReport(a, b, cutoff: cutoff, leaf: leaf).product
}

/// A·B by Strassen's algorithm, with the workspace and recursion it used.
@inlinable
public func strassenWithReport<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, cutoff: Int = 128, leaf: StrassenLeaf = .gemm
) -> StrassenReport<Scalar> {
    precondition(a.columns == b.rows,
                 "strassen: shapes \(a.shapeDescription) and \(b.shapeDescription) do not conform")
    precondition(cutoff >= 1, "strassen: cutoff must be at least 1, got \(cutoff)")
    var ledger = StrassenLedger()
    let c = strassenRecursive(a, b, cutoff: cutoff, leaf: leaf, level: 0, ledger: &ledger)
    return StrassenReport(product: c, workspaceBytes: ledger.peak * MemoryLayout<Scalar>.stride,
                          depth: ledger.depth, gemmCalls: ledger.gemmCalls)
}

/// Bookkeeping of live workspace elements during the recursion.
@usableFromInline
struct StrassenLedger {
    @usableFromInline var live = 0
    @usableFromInline var peak = 0
    @usableFromInline var depth = 0
    @usableFromInline var gemmCalls = 0
    @inlinable init() {}
    @inlinable mutating func hold(_ elements: Int) { live += elements; peak = Swift.max(peak, live) }
    @inlinable mutating func release(_ elements: Int) { live -= elements }
}

/// The h×w block of `m` starting at (row, column), zero-filled where it runs past the edge.
@inlinable
func paddedBlock<Scalar>(_ m: Matrix<Scalar>, row: Int, column: Int, height h: Int, width w: Int) -> Matrix<Scalar> {
    var out = Matrix<Scalar>(rows: h, columns: w, repeating: 0)
    let rowEnd = Swift.min(row + h, m.rows), columnEnd = Swift.min(column + w, m.columns)
    if row >= rowEnd || column >= columnEnd { return out }
    m.storage.withUnsafeBufferPointer { src in
        out.storage.withUnsafeMutableBufferPointer { dst in
            for i in row..<rowEnd {
                for j in column..<columnEnd { dst[(i - row) * w + (j - column)] = src[i * m.columns + j] }
            }
        }
    }
    return out
}

@inlinable
func strassenRecursive<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, cutoff: Int, leaf: StrassenLeaf, level: Int,
    ledger: inout StrassenLedger
) -> Matrix<Scalar> {
    let m = a.rows, k = a.columns, n = b.columns
    if m <= cutoff || k <= cutoff || n <= cutoff {
        ledger.gemmCalls += 1
        switch leaf {
        case .gemm: return gemm(a, b)
        case .naive(let order): return matmulNaive(a, b, order: order)
        case .blocked: return matmulBlocked(a, b)
        }
    }
    ledger.depth = Swift.max(ledger.depth, level + 1)
    let m2 = (m + 1) / 2, k2 = (k + 1) / 2, n2 = (n + 1) / 2
    let quadrantElements = 4 * m2 * k2 + 4 * k2 * n2
    ledger.hold(quadrantElements)
    let a11 = paddedBlock(a, row: 0, column: 0, height: m2, width: k2)
    let a12 = paddedBlock(a, row: 0, column: k2, height: m2, width: k2)
    let a21 = paddedBlock(a, row: m2, column: 0, height: m2, width: k2)
    let a22 = paddedBlock(a, row: m2, column: k2, height: m2, width: k2)
    let b11 = paddedBlock(b, row: 0, column: 0, height: k2, width: n2)
    let b12 = paddedBlock(b, row: 0, column: n2, height: k2, width: n2)
    let b21 = paddedBlock(b, row: k2, column: 0, height: k2, width: n2)
    let b22 = paddedBlock(b, row: k2, column: n2, height: k2, width: n2)

    ledger.hold(4 * m2 * n2)   // the quadrants of C
    var c11 = Matrix<Scalar>.zeros(rows: m2, columns: n2), c12 = c11, c21 = c11, c22 = c11

    // One of the seven products: its operand sums and the product are live only while it is added in.
    func product(_ left: Matrix<Scalar>, _ right: Matrix<Scalar>, leftIsSum: Bool, rightIsSum: Bool,
                 ledger: inout StrassenLedger) -> Matrix<Scalar> {
        let temporaries = (leftIsSum ? m2 * k2 : 0) + (rightIsSum ? k2 * n2 : 0) + m2 * n2
        ledger.hold(temporaries)
        let p = strassenRecursive(left, right, cutoff: cutoff, leaf: leaf, level: level + 1, ledger: &ledger)
        ledger.release(temporaries)
        return p
    }
    let m1 = product(a11 + a22, b11 + b22, leftIsSum: true, rightIsSum: true, ledger: &ledger)
    c11 += m1; c22 += m1
    let m2p = product(a21 + a22, b11, leftIsSum: true, rightIsSum: false, ledger: &ledger)
    c21 += m2p; c22 -= m2p
    let m3 = product(a11, b12 - b22, leftIsSum: false, rightIsSum: true, ledger: &ledger)
    c12 += m3; c22 += m3
    let m4 = product(a22, b21 - b11, leftIsSum: false, rightIsSum: true, ledger: &ledger)
    c11 += m4; c21 += m4
    let m5 = product(a11 + a12, b22, leftIsSum: true, rightIsSum: false, ledger: &ledger)
    c11 -= m5; c12 += m5
    let m6 = product(a21 - a11, b11 + b12, leftIsSum: true, rightIsSum: true, ledger: &ledger)
    c22 += m6
    let m7 = product(a12 - a22, b21 + b22, leftIsSum: true, rightIsSum: true, ledger: &ledger)
    c11 += m7

    // Assemble C, dropping the padding.
    var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    c.storage.withUnsafeMutableBufferPointer { dst in
        for (q, block) in [(0, c11), (1, c12), (2, c21), (3, c22)] {
            let r0 = q >= 2 ? m2 : 0, c0 = q % 2 == 1 ? n2 : 0
            block.storage.withUnsafeBufferPointer { src in
                for i in 0..<Swift.min(m2, m - r0) {
                    for j in 0..<Swift.min(n2, n - c0) { dst[(r0 + i) * n + c0 + j] = src[i * n2 + j] }
                }
            }
        }
    }
    ledger.release(quadrantElements + 4 * m2 * n2)
    return c
}
