// Rows picked by index: a gather (an embedding lookup is one) and its adjoint, a scatter-add that writes
// only into the rows named (the gradient of the lookup, without touching the rest of the table).

extension Matrix {
    /// Rows `indices` of this matrix, in that order (repeats allowed): an `indices.count`×`columns` matrix.
    ///
    /// - Precondition: every index is in `0..<rows`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        checkRowIndices(indices, "gatheringRows(_:)")
        let n = columns
        return storage.withUnsafeBufferPointer { source in
            Matrix.unsafeUninitialized(rows: indices.count, columns: n) { out in
                guard n > 0 else { return }
                for (r, index) in indices.enumerated() {
                    (out.baseAddress! + r * n).initialize(from: source.baseAddress! + index * n, count: n)
                }
            }
        }
    }

    /// `self[indices[r], :] += source[r, :]` for every r, in order: adds each row of `source` into the row
    /// it names (a row named twice receives both). The other rows are not touched.
    ///
    /// - Precondition: `source` is `indices.count`×`columns` and every index is in `0..<rows`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func scatterAddRows(_ source: Matrix, at indices: [Int]) {
        precondition(source.rows == indices.count && source.columns == columns,
                     "scatterAddRows(_:at:): \(source.shapeDescription) rows for \(indices.count) indices "
                     + "into \(shapeDescription) (needs \(indices.count)×\(columns))")
        checkRowIndices(indices, "scatterAddRows(_:at:)")
        let n = columns
        source.storage.withUnsafeBufferPointer { ps in
            storage.withUnsafeMutableBufferPointer { p in
                for (r, index) in indices.enumerated() {
                    let destination = index * n, from = r * n
                    for j in 0..<n { p[destination + j] += ps[from + j] }
                }
            }
        }
    }

    private func checkRowIndices(_ indices: [Int], _ operation: String) {
        for index in indices {
            precondition(index >= 0 && index < rows,
                         "\(operation): row index \(index) out of range for shape \(shapeDescription)")
        }
    }
}
