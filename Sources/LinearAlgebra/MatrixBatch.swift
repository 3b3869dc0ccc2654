/// How a batch of equally shaped matrices is laid out in one array.
public enum BatchLayout: String, Sendable, CaseIterable {
    /// Matrix after matrix: element (b, i, j) at `b·rows·columns + i·columns + j`
    /// (PyTorch's `[batch, rows, columns]`). Each matrix is contiguous, so each product can call gemm.
    case batchMajor
    /// Batch index fastest: element (b, i, j) at `(i·columns + j)·count + b`. The same element of every
    /// matrix is contiguous, so a loop over the batch vectorizes even when the matrices are tiny.
    case interleaved
}

/// A batch of `count` matrices, each `rows`×`columns`, stored in one array in a chosen `BatchLayout`.
public struct MatrixBatch<Scalar: MatrixScalar>: Sendable, Equatable {
    /// Number of matrices.
    public let count: Int
    /// Rows of each matrix.
    public let rows: Int
    /// Columns of each matrix.
    public let columns: Int
    /// The memory layout of `elements`.
    public let layout: BatchLayout
    /// All elements in `layout` order.
    public var elements: [Scalar]

    /// A batch from its elements, already in `layout` order.
    @inlinable
    public init(count: Int, rows: Int, columns: Int, layout: BatchLayout, elements: [Scalar]) {
        precondition(count >= 0 && rows >= 0 && columns >= 0,
                     "MatrixBatch: negative shape \(count)×\(rows)×\(columns)")
        precondition(elements.count == count * rows * columns,
                     "MatrixBatch: shape \(count)×\(rows)×\(columns) needs \(count * rows * columns) elements, got \(elements.count)")
        self.count = count; self.rows = rows; self.columns = columns; self.layout = layout
        self.elements = elements
    }

    /// A batch holding `matrices` (all of one shape) in `layout`.
    @inlinable
    public init(_ matrices: [Matrix<Scalar>], layout: BatchLayout) {
        let rows = matrices.first?.rows ?? 0, columns = matrices.first?.columns ?? 0
        for (b, m) in matrices.enumerated() {
            precondition(m.rows == rows && m.columns == columns,
                         "MatrixBatch: matrix \(b) has shape \(m.shapeDescription), matrix 0 has \(rows)×\(columns)")
        }
        let count = matrices.count, size = rows * columns
        var elements = [Scalar](repeating: 0, count: count * size)
        for (b, m) in matrices.enumerated() {
            for e in 0..<size {
                elements[layout == .batchMajor ? b * size + e : e * count + b] = m.storage[e]
            }
        }
        self.init(count: count, rows: rows, columns: columns, layout: layout, elements: elements)
    }

    /// Matrix number `index` of the batch (a copy).
    @inlinable
    public subscript(index: Int) -> Matrix<Scalar> {
        precondition(index >= 0 && index < count, "MatrixBatch: index \(index) out of range 0..<\(count)")
        let size = rows * columns
        switch layout {
        case .batchMajor:
            return Matrix(rows: rows, columns: columns, Array(elements[(index * size)..<((index + 1) * size)]))
        case .interleaved:
            return Matrix(rows: rows, columns: columns, (0..<size).map { elements[$0 * count + index] })
        }
    }

    /// The matrices of the batch, in order.
    @inlinable
    public var matrices: [Matrix<Scalar>] { (0..<count).map { self[$0] } }

    /// The same batch in another layout.
    @inlinable
    public func converted(to newLayout: BatchLayout) -> MatrixBatch {
        newLayout == layout ? self : MatrixBatch(matrices, layout: newLayout)
    }

    /// A text form of the shape, such as `8×3×4`.
    @inlinable public var shapeDescription: String { "\(count)×\(rows)×\(columns)" }
}

/// The product of each pair of matrices, C[b] = A[b]·B[b]. Both batches must have the same count and
/// layout; the result has that layout.
///
/// Batch-major batches call BLAS gemm once per matrix (on pointers into the batch, no copies).
/// Interleaved batches run an i–p–j triple loop whose innermost loop runs over the batch, contiguous in
/// memory: this is how small matrices (say 4×4) are multiplied in bulk efficiently.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func batchedMatmul<Scalar>(_ a: MatrixBatch<Scalar>, _ b: MatrixBatch<Scalar>) -> MatrixBatch<Scalar> {
    precondition(a.count == b.count && a.columns == b.rows && a.layout == b.layout,
                 "batchedMatmul: shapes \(a.shapeDescription) (\(a.layout)) and \(b.shapeDescription) (\(b.layout)) do not conform")
    let count = a.count, m = a.rows, k = a.columns, n = b.columns
    var out = [Scalar](repeating: 0, count: count * m * n)
    if count == 0 || m == 0 || n == 0 || k == 0 {
        return MatrixBatch(count: count, rows: m, columns: n, layout: a.layout, elements: out)
    }
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                switch a.layout {
                case .batchMajor:
                    for batch in 0..<count {
                        Scalar.blasGemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1,
                                        a: A + batch * m * k, lda: k, b: B + batch * k * n, ldb: n,
                                        beta: 0, c: C + batch * m * n, ldc: n)
                    }
                case .interleaved:
                    for i in 0..<m {
                        for p in 0..<k {
                            let aRow = A + (i * k + p) * count
                            for j in 0..<n {
                                let bRow = B + (p * n + j) * count
                                let cRow = C + (i * n + j) * count
                                for batch in 0..<count { cRow[batch] += aRow[batch] * bRow[batch] }
                            }
                        }
                    }
                }
            }
        }
    }
    return MatrixBatch(count: count, rows: m, columns: n, layout: a.layout, elements: out)
}
