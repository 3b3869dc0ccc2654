// Strassen's algorithm: V. Strassen, "Gaussian elimination is not optimal", Numerische Mathematik 13,
// 1969. Seven half-size products instead of eight, so O(n^log2(7)) ≈ O(n^2.807) multiplications, paid
// for with 18 half-size additions per level and extra memory.
//
// Any shape is handled by dynamic padding: at each level a dimension that is odd is split into halves of
// ⌈d/2⌉ and the missing row/column of the second half is read as zeros (operands are built zero-filled;
// the inputs are never modified). Below `cutoff` in any dimension the recursion calls the leaf product.
// Each operand sum is formed in one pass straight from the input and each product is added into C as
// soon as it is computed, so a level holds only two operands and one product at a time.

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
    /// Peak extra memory held by the algorithm at any moment, in bytes: at every level of the recursion
    /// that is live at once, the two operands of the current product (sums of quadrants, or padded quadrant
    /// copies) and the product itself, which is also the output of the level below. Excludes the inputs and
    /// the returned product.
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
///
/// Non-finite inputs: every element that the classical product makes NaN or ±∞ comes out NaN or ±∞ here
/// too, but Strassen adds and subtracts whole blocks, so one ∞ meets −∞ (or 0) in products that the classical
/// sum never forms: NaN then also spreads to elements whose classical value is finite.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func strassen<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, cutoff: Int = 128, leaf: StrassenLeaf = .gemm
) -> Matrix<Scalar> {
    strassenWithReport(a, b, cutoff: cutoff, leaf: leaf).product
}

/// A·B by Strassen's algorithm, with the workspace and recursion it used.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
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

/// Which h×w block of a matrix an operand reads: the block at (row, column), zero-filled past the edge.
@usableFromInline
struct BlockOrigin {
    @usableFromInline let row: Int, column: Int
    @inlinable init(_ row: Int, _ column: Int) { self.row = row; self.column = column }
}

/// The h×w matrix `m[first] + sign·m[second]` (or just `m[first]`), reading both blocks straight from `m`
/// with zero padding past its edges: one pass, no quadrant copies.
@inlinable
func blockOperand<Scalar>(
    _ m: Matrix<Scalar>, _ first: BlockOrigin, _ second: BlockOrigin? = nil, sign: Scalar = 1,
    height h: Int, width w: Int
) -> Matrix<Scalar> {
    var out = Matrix<Scalar>(rows: h, columns: w, repeating: 0)
    m.storage.withUnsafeBufferPointer { src in
        out.storage.withUnsafeMutableBufferPointer { dst in
            let rows1 = Swift.max(0, Swift.min(h, m.rows - first.row))
            let cols1 = Swift.max(0, Swift.min(w, m.columns - first.column))
            for i in 0..<rows1 {
                let s = (first.row + i) * m.columns + first.column, d = i * w
                for j in 0..<cols1 { dst[d + j] = src[s + j] }
            }
            guard let second else { return }
            let rows2 = Swift.max(0, Swift.min(h, m.rows - second.row))
            let cols2 = Swift.max(0, Swift.min(w, m.columns - second.column))
            for i in 0..<rows2 {
                let s = (second.row + i) * m.columns + second.column, d = i * w
                for j in 0..<cols2 { dst[d + j] += sign * src[s + j] }
            }
        }
    }
    return out
}

/// c[origin + (i, j)] += sign·p[i, j] for the part of the h×w block p that lies inside c.
@inlinable
func accumulate<Scalar>(_ p: Matrix<Scalar>, into c: inout Matrix<Scalar>, at origin: BlockOrigin, sign: Scalar) {
    let rows = Swift.max(0, Swift.min(p.rows, c.rows - origin.row))
    let cols = Swift.max(0, Swift.min(p.columns, c.columns - origin.column))
    let ldc = c.columns, ldp = p.columns
    p.storage.withUnsafeBufferPointer { src in
        c.storage.withUnsafeMutableBufferPointer { dst in
            for i in 0..<rows {
                let d = (origin.row + i) * ldc + origin.column, s = i * ldp
                if sign == 1 {
                    for j in 0..<cols { dst[d + j] += src[s + j] }
                } else {
                    for j in 0..<cols { dst[d + j] -= src[s + j] }
                }
            }
        }
    }
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
    let a11 = BlockOrigin(0, 0), a12 = BlockOrigin(0, k2), a21 = BlockOrigin(m2, 0), a22 = BlockOrigin(m2, k2)
    let b11 = BlockOrigin(0, 0), b12 = BlockOrigin(0, n2), b21 = BlockOrigin(k2, 0), b22 = BlockOrigin(k2, n2)
    let c11 = BlockOrigin(0, 0), c12 = BlockOrigin(0, n2), c21 = BlockOrigin(m2, 0), c22 = BlockOrigin(m2, n2)

    // C is written directly: each of the seven products is added into the quadrants that need it and
    // dropped, so only one product and its two operands are live at a time at each level.
    var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    func product(_ left: (BlockOrigin, BlockOrigin?, Scalar), _ right: (BlockOrigin, BlockOrigin?, Scalar),
                 ledger: inout StrassenLedger) -> Matrix<Scalar> {
        let temporaries = m2 * k2 + k2 * n2 + m2 * n2
        ledger.hold(temporaries)
        let x = blockOperand(a, left.0, left.1, sign: left.2, height: m2, width: k2)
        let y = blockOperand(b, right.0, right.1, sign: right.2, height: k2, width: n2)
        let p = strassenRecursive(x, y, cutoff: cutoff, leaf: leaf, level: level + 1, ledger: &ledger)
        ledger.release(temporaries)
        return p
    }
    let m1 = product((a11, a22, 1), (b11, b22, 1), ledger: &ledger)
    accumulate(m1, into: &c, at: c11, sign: 1); accumulate(m1, into: &c, at: c22, sign: 1)
    let m2p = product((a21, a22, 1), (b11, nil, 1), ledger: &ledger)
    accumulate(m2p, into: &c, at: c21, sign: 1); accumulate(m2p, into: &c, at: c22, sign: -1)
    let m3 = product((a11, nil, 1), (b12, b22, -1), ledger: &ledger)
    accumulate(m3, into: &c, at: c12, sign: 1); accumulate(m3, into: &c, at: c22, sign: 1)
    let m4 = product((a22, nil, 1), (b21, b11, -1), ledger: &ledger)
    accumulate(m4, into: &c, at: c11, sign: 1); accumulate(m4, into: &c, at: c21, sign: 1)
    let m5 = product((a11, a12, 1), (b22, nil, 1), ledger: &ledger)
    accumulate(m5, into: &c, at: c11, sign: -1); accumulate(m5, into: &c, at: c12, sign: 1)
    let m6 = product((a21, a11, -1), (b11, b12, 1), ledger: &ledger)
    accumulate(m6, into: &c, at: c22, sign: 1)
    let m7 = product((a12, a22, -1), (b21, b22, 1), ledger: &ledger)
    accumulate(m7, into: &c, at: c11, sign: 1)
    return c
}
