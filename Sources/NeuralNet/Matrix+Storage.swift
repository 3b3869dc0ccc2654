import LinearAlgebra

// The only place NeuralNet touches `Matrix` storage directly: the kernels go through these two names,
// so a change in LinearAlgebra's buffer API is a change here.

extension Matrix {
    /// Read access to the row-major elements.
    @inline(__always)
    func withUnsafeElements<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer(body)
    }

    /// Write access to the row-major elements.
    @inline(__always)
    mutating func withUnsafeMutableElements<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { buffer in try body(buffer) }
    }
}

/// The same row-major elements under a new shape.
func reshapedMatrix<Scalar: NeuralScalar>(_ m: Matrix<Scalar>, rows: Int, columns: Int) -> Matrix<Scalar> {
    m.reshaped(rows: rows, columns: columns)
}
