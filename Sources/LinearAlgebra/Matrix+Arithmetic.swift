// Elementwise arithmetic on `Matrix`: sums and broadcasting, scaled sums and scaling (also in place),
// the Hadamard product, and the operators with a matrix or a scalar on either side.

extension Matrix {
    /// Sum of all elements, added in row-major order.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func sum() -> Scalar {
        storage.withUnsafeBufferPointer { p in
            var s: Scalar = 0
            for x in p { s += x }
            return s
        }
    }

    /// The sum of each row, as a `rows`×1 matrix.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func rowSums() -> Matrix {
        var out = [Scalar](repeating: 0, count: rows)
        storage.withUnsafeBufferPointer { p in
            for i in 0..<rows {
                var s: Scalar = 0
                for j in 0..<columns { s += p[i &* columns &+ j] }
                out[i] = s
            }
        }
        return Matrix(uncheckedRows: rows, columns: 1, storage: out)
    }

    /// The sum of each column, as a 1×`columns` matrix (the gradient of a broadcast row vector).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func columnSums() -> Matrix {
        var out = [Scalar](repeating: 0, count: columns)
        out.withUnsafeMutableBufferPointer { o in
            storage.withUnsafeBufferPointer { p in
                for i in 0..<rows {
                    for j in 0..<columns { o[j] += p[i &* columns &+ j] }
                }
            }
        }
        return Matrix(uncheckedRows: 1, columns: columns, storage: out)
    }

    /// Adds a 1×`columns` row vector to every row (broadcasting, as for a layer's bias).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func adding(rowVector v: Matrix) -> Matrix {
        precondition(v.rows == 1 && v.columns == columns,
                     "adding(rowVector:): shapes \(shapeDescription) and \(v.shapeDescription) do not conform")
        return storage.withUnsafeBufferPointer { a in
            v.storage.withUnsafeBufferPointer { b in
                Matrix.unsafeUninitialized(rows: rows, columns: columns) { o in
                    for i in 0..<rows {
                        for j in 0..<columns { o[i &* columns &+ j] = a[i &* columns &+ j] + b[j] }
                    }
                }
            }
        }
    }
}

// MARK: In-place and scaled arithmetic (the kernels NeuralNet's backward pass is written in)

extension Matrix {
    /// `self + α·other`, elementwise, in one pass; shapes must match.
    @inlinable
    public func addingScaled(_ other: Matrix, by alpha: Scalar) -> Matrix {
        checkSameShape(other, "addingScaled(_:by:)")
        return addingScaledKernel(self, other, alpha)
    }

    /// `self ← self + α·other`, elementwise (BLAS ?AXPY's operation, as a loop); shapes must match.
    @inlinable
    public mutating func addScaled(_ other: Matrix, by alpha: Scalar) {
        checkSameShape(other, "addScaled(_:by:)")
        addScaledKernel(&self, other, alpha)
    }

    /// `s·self`, elementwise.
    @inlinable
    public func scaled(by s: Scalar) -> Matrix { scaledKernel(self, s) }

    /// `self ← s·self`, elementwise.
    @inlinable
    public mutating func scale(by s: Scalar) { scaleKernel(&self, s) }

    /// Elementwise (Hadamard) product A ⊙ B; shapes must match.
    @inlinable
    public func hadamard(_ other: Matrix) -> Matrix {
        checkSameShape(other, "hadamard")
        return hadamardKernel(self, other)
    }

    /// Stops with `operation: shapes A and B do not conform` unless `other` has this matrix's shape.
    @inlinable @inline(__always)
    internal func checkSameShape(_ other: Matrix, _ operation: @autoclosure () -> String) {
        precondition(rows == other.rows && columns == other.columns,
                     "\(operation()): shapes \(shapeDescription) and \(other.shapeDescription) do not conform")
    }
}

// MARK: Operators

extension Matrix {
    /// Elementwise sum; shapes must match.
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.checkSameShape(rhs, "add")
        return addingScaledKernel(lhs, rhs, 1)
    }

    /// Elementwise difference; shapes must match.
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        lhs.checkSameShape(rhs, "subtract")
        return addingScaledKernel(lhs, rhs, -1)
    }

    /// Negation.
    @inlinable
    public static prefix func - (m: Matrix) -> Matrix { m.map { -$0 } }

    /// Every element times `s`.
    @inlinable
    public static func * (m: Matrix, s: Scalar) -> Matrix { scaledKernel(m, s) }

    /// Every element times `s`.
    @inlinable
    public static func * (s: Scalar, m: Matrix) -> Matrix { scaledKernel(m, s) }

    /// Every element divided by `s`.
    @inlinable
    public static func / (m: Matrix, s: Scalar) -> Matrix { m.map { $0 / s } }

    /// Every element plus `s`.
    @inlinable
    public static func + (m: Matrix, s: Scalar) -> Matrix { m.map { $0 + s } }

    /// Every element minus `s`.
    @inlinable
    public static func - (m: Matrix, s: Scalar) -> Matrix { m.map { $0 - s } }

    /// In-place elementwise sum.
    @inlinable
    public static func += (lhs: inout Matrix, rhs: Matrix) {
        lhs.checkSameShape(rhs, "add")
        addScaledKernel(&lhs, rhs, 1)
    }

    /// In-place elementwise difference.
    @inlinable
    public static func -= (lhs: inout Matrix, rhs: Matrix) {
        lhs.checkSameShape(rhs, "subtract")
        addScaledKernel(&lhs, rhs, -1)
    }

    /// In-place scaling.
    @inlinable
    public static func *= (lhs: inout Matrix, s: Scalar) { scaleKernel(&lhs, s) }

    /// In-place division by a scalar.
    @inlinable
    public static func /= (lhs: inout Matrix, s: Scalar) {
        lhs.storage.withUnsafeMutableBufferPointer { o in
            for i in 0..<o.count { o[i] /= s }
        }
    }
}

// MARK: Kernels
// Unchecked loops over raw buffers, compiled once for Float and once for Double (`@_specialize`) and not
// inlined: callers in generic code (NeuralNet's `Tensor<Scalar>`) reach the specialised bodies through
// the generic entry point, which dispatches on the type; an inlined generic loop would run unspecialised.
// The ±1 cases are only fast paths: `a + 1·b` and `a + (−1)·b` round exactly as `a + b` and `a − b`.

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func addingScaledKernel<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, _ s: Scalar) -> Matrix<Scalar> {
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            Matrix.unsafeUninitialized(rows: a.rows, columns: a.columns) { p in
                if s == 1 { for i in p.indices { p[i] = pa[i] + pb[i] } }
                else if s == -1 { for i in p.indices { p[i] = pa[i] - pb[i] } }
                else { for i in p.indices { p[i] = pa[i] + s * pb[i] } }
            }
        }
    }
}

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func addScaledKernel<Scalar>(_ a: inout Matrix<Scalar>, _ b: Matrix<Scalar>, _ s: Scalar) {
    b.storage.withUnsafeBufferPointer { pb in
        a.storage.withUnsafeMutableBufferPointer { pa in
            if s == 1 { for i in pa.indices { pa[i] += pb[i] } }
            else if s == -1 { for i in pa.indices { pa[i] -= pb[i] } }
            else { for i in pa.indices { pa[i] += s * pb[i] } }
        }
    }
}

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func scaledKernel<Scalar>(_ a: Matrix<Scalar>, _ s: Scalar) -> Matrix<Scalar> {
    a.storage.withUnsafeBufferPointer { pa in
        Matrix.unsafeUninitialized(rows: a.rows, columns: a.columns) { p in
            for i in p.indices { p[i] = s * pa[i] }
        }
    }
}

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func scaleKernel<Scalar>(_ a: inout Matrix<Scalar>, _ s: Scalar) {
    a.storage.withUnsafeMutableBufferPointer { p in
        for i in p.indices { p[i] *= s }
    }
}

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func hadamardKernel<Scalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            Matrix.unsafeUninitialized(rows: a.rows, columns: a.columns) { p in
                for i in p.indices { p[i] = pa[i] * pb[i] }
            }
        }
    }
}
