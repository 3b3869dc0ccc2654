// LinearAlgebra — dense matrices on OpenBLAS and LAPACK.
//
// API overview (stable names; chapter code and NeuralNet build on them):
//
//   Matrix<Scalar: MatrixScalar>          Scalar is Float or Double; row-major [Scalar], value semantics
//     rows, columns, shape, count, isEmpty, isSquare, isFinite, elements, shapeDescription
//     init(rows:columns:repeating:)  init(rows:columns:_ elements:)  init(_ rows: [[Scalar]])
//     init(rows:columns:generator:)  init(columnVector:)  init(rowVector:)  .unsafeUninitialized(rows:columns:initializingWith:)
//     .zeros(rows:columns:) .ones(rows:columns:) .identity(_:) .diagonal(_:) .diagonal(rows:columns:_:) .hilbert(_:)
//     self[i, j]   self[rows: r, columns: c] (slice get/set)   row(_:)  column(_:)  diagonalElements
//     transposed()  map(_:)  zipMap(_:_:)  reshaped(rows:columns:)  withUnsafeBufferPointer  withUnsafeMutableBufferPointer
//     maxAbs()  converted(to:)  formatted(maxRows:maxColumns:significantDigits:)
//   Arithmetic (Matrix+Arithmetic.swift):
//     + − (elementwise), unary −, * / + − with a scalar, += −= *= /=, hadamard(_:)
//     addingScaled(_:by:)  addScaled(_:by:) (axpy, in place)  scaled(by:)  scale(by:) (in place)
//     sum()  rowSums()  columnSums()  adding(rowVector:)
//   Products through BLAS (Matrix+BLAS.swift):
//     A * B (BLAS gemm)    A * x (BLAS gemv, x: [Scalar])
//     gemm(_:_:transposeA:transposeB:alpha:)   gemv(_:_:transposed:)
//     gemm(_:_:into:transposeA:transposeB:alpha:beta:)   C ← α·op(A)·op(B) + β·C in place
//   Rows by index (Matrix+Rows.swift): gatheringRows(_:)  scatterAddRows(_:at:) (an embedding and its gradient)
//   Products (Matrix+Products.swift, Matrix+Blocked.swift, Matrix+Strassen.swift, MatrixBatch.swift):
//     matmulNaive(_:_:order:) with LoopOrder .ijk .ikj .jik .jki .kij .kji;  matmulTransposedB(_:_:);  matmulABt(_:_:)
//     matmulBlocked(_:_:blockSize:);  strassen(_:_:cutoff:leaf:), strassenWithReport → StrassenReport (workspaceBytes)
//     MatrixBatch(_:layout:) with BatchLayout .batchMajor .interleaved;  batchedMatmul(_:_:)
//   Decompositions (Matrix+Decompositions.swift), all `throws(LinearAlgebraError)`:
//     svd(vectors: .none/.thin/.full) → SVD;  singularValues();  symmetricEigen(vectors:tolerance:) → SymmetricEigen;
//     eigenvalues() → [Complex];  qr() → QR
//   Measures (Matrix+Norms.swift): frobeniusNorm()  spectralNorm()  conditionNumber()  trace()
//     powerIteration(tolerance:maxIterations:seed:) → PowerIterationResult;  effectiveRank()  energyRank(threshold:)
//   Random (SeededGenerator.swift, Matrix+Random.swift): SeededGenerator(seed:) next/nextUniform/nextGaussian;
//     .gaussian  .uniform  .xavier  .he  .orthogonal  .identityPlus
//   BLASBackend: configuration, coreName, threadCount, setThreadCount(_:)
//   Precision (Matrix+Precision.swift): accurateProduct(_:_:)  relativeError(_:reference:)
//     .withSingularValues(_:rows:columns:using:)  .withConditionNumber(_:size:using:)

/// A dense matrix of `Float` or `Double`, stored row-major in one contiguous array.
///
/// `Matrix` has value semantics: copies share storage until one of them is mutated. Shape-checked
/// operations stop with a precondition message that names the operation and both shapes, for example
/// `matmul: shapes 3×4 and 5×2 do not conform`.
public struct Matrix<Scalar: MatrixScalar>: Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Row-major elements: element (i, j) is at `i * columns + j`.
    @usableFromInline internal var storage: [Scalar]

    /// Creates a matrix from row-major storage without checks (the caller guarantees the count).
    @inlinable @inline(__always)
    internal init(uncheckedRows rows: Int, columns: Int, storage: [Scalar]) {
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A `rows`×`columns` matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.init(uncheckedRows: rows, columns: columns,
                  storage: [Scalar](repeating: value, count: rows * columns))
    }

    /// A `rows`×`columns` matrix from its elements in row-major order.
    @inlinable
    public init(rows: Int, columns: Int, _ elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        precondition(elements.count == rows * columns,
                     "Matrix: shape \(rows)×\(columns) needs \(rows * columns) elements, got \(elements.count)")
        self.init(uncheckedRows: rows, columns: columns, storage: elements)
    }

    /// A matrix from an array of rows, e.g. `Matrix([[1, 2], [3, 4]])`. All rows must have equal length.
    /// `Matrix([])` is 0×0.
    @inlinable
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        var storage: [Scalar] = []
        storage.reserveCapacity(rowArrays.count * columns)
        for (i, row) in rowArrays.enumerated() {
            precondition(row.count == columns,
                         "Matrix: row \(i) has \(row.count) elements, row 0 has \(columns)")
            storage.append(contentsOf: row)
        }
        self.init(uncheckedRows: rowArrays.count, columns: columns, storage: storage)
    }

    /// A matrix whose element (i, j) is `generator(i, j)`, evaluated in row-major order.
    @inlinable
    public init(rows: Int, columns: Int, generator: (Int, Int) throws -> Scalar) rethrows {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        var storage: [Scalar] = []
        storage.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { storage.append(try generator(i, j)) }
        }
        self.init(uncheckedRows: rows, columns: columns, storage: storage)
    }

    /// An n×1 matrix holding `values`.
    @inlinable
    public init(columnVector values: [Scalar]) {
        self.init(uncheckedRows: values.count, columns: 1, storage: values)
    }

    /// A 1×n matrix holding `values`.
    @inlinable
    public init(rowVector values: [Scalar]) {
        self.init(uncheckedRows: 1, columns: values.count, storage: values)
    }

    /// A `rows`×`columns` matrix whose elements `initializer` writes into uninitialized memory, in one pass
    /// (no zero fill first), as `Array(unsafeUninitializedCapacity:initializingWith:)` does.
    ///
    /// `initializer` must write every one of the `rows * columns` elements; reading one before it is
    /// written is undefined behaviour. Kernels that compute each output element from their inputs use it.
    @inlinable
    public static func unsafeUninitialized(
        rows: Int, columns: Int, initializingWith initializer: (UnsafeMutableBufferPointer<Scalar>) throws -> Void
    ) rethrows -> Matrix {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        let count = rows * columns
        let storage = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            try initializer(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: storage)
    }

    /// All-zero matrix.
    @inlinable
    public static func zeros(rows: Int, columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, repeating: 0)
    }

    /// All-one matrix.
    @inlinable
    public static func ones(rows: Int, columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, repeating: 1)
    }

    /// The n×n identity matrix.
    @inlinable
    public static func identity(_ n: Int) -> Matrix {
        diagonal(rows: n, columns: n, Array(repeating: 1, count: n))
    }

    /// The square matrix with `values` on its diagonal.
    @inlinable
    public static func diagonal(_ values: [Scalar]) -> Matrix {
        diagonal(rows: values.count, columns: values.count, values)
    }

    /// A `rows`×`columns` matrix with `values` on its main diagonal (`values.count == min(rows, columns)`).
    @inlinable
    public static func diagonal(rows: Int, columns: Int, _ values: [Scalar]) -> Matrix {
        precondition(values.count == Swift.min(rows, columns),
                     "diagonal: \(values.count) values for shape \(rows)×\(columns) (needs \(Swift.min(rows, columns)))")
        var m = Matrix(rows: rows, columns: columns, repeating: 0)
        for i in 0..<values.count { m.storage[i * columns + i] = values[i] }
        return m
    }

    // MARK: Shape and element access

    /// `(rows, columns)`.
    @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }
    /// `rows * columns`.
    @inlinable public var count: Int { storage.count }
    /// True when the matrix has no elements (a zero dimension).
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    /// True when `rows == columns`.
    @inlinable public var isSquare: Bool { rows == columns }
    /// A text form of the shape, such as `3×4`, used in precondition messages.
    @inlinable public var shapeDescription: String { "\(rows)×\(columns)" }

    /// The elements in row-major order. Setting requires the same count.
    @inlinable
    public var elements: [Scalar] {
        get { storage }
        set {
            precondition(newValue.count == storage.count,
                         "elements: \(newValue.count) values for shape \(rows)×\(columns)")
            storage = newValue
        }
    }

    /// Element at row `i`, column `j` (zero-based), bounds-checked.
    @inlinable
    public subscript(i: Int, j: Int) -> Scalar {
        @inline(__always) get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns,
                         "subscript: index (\(i), \(j)) out of range for shape \(rows)×\(columns)")
            return storage.withUnsafeBufferPointer { $0[i &* columns &+ j] }
        }
        @inline(__always) set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns,
                         "subscript: index (\(i), \(j)) out of range for shape \(rows)×\(columns)")
            storage.withUnsafeMutableBufferPointer { $0[i &* columns &+ j] = newValue }
        }
    }

    /// The submatrix of the given row and column ranges (a copy). Setting writes a same-shaped matrix back.
    @inlinable
    public subscript(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Matrix {
        get {
            precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= rows
                         && columnRange.lowerBound >= 0 && columnRange.upperBound <= columns,
                         "slice: rows \(rowRange) columns \(columnRange) out of range for shape \(rows)×\(columns)")
            var out: [Scalar] = []
            out.reserveCapacity(rowRange.count * columnRange.count)
            for i in rowRange {
                out.append(contentsOf: storage[(i * columns + columnRange.lowerBound)..<(i * columns + columnRange.upperBound)])
            }
            return Matrix(uncheckedRows: rowRange.count, columns: columnRange.count, storage: out)
        }
        set {
            precondition(rowRange.lowerBound >= 0 && rowRange.upperBound <= rows
                         && columnRange.lowerBound >= 0 && columnRange.upperBound <= columns,
                         "slice: rows \(rowRange) columns \(columnRange) out of range for shape \(rows)×\(columns)")
            precondition(newValue.rows == rowRange.count && newValue.columns == columnRange.count,
                         "slice assignment: shapes \(rowRange.count)×\(columnRange.count) and \(newValue.shapeDescription) do not conform")
            for (r, i) in rowRange.enumerated() {
                for (c, j) in columnRange.enumerated() {
                    storage[i * columns + j] = newValue.storage[r * newValue.columns + c]
                }
            }
        }
    }

    /// Row `i` as an array.
    @inlinable
    public func row(_ i: Int) -> [Scalar] {
        precondition(i >= 0 && i < rows, "row: index \(i) out of range for shape \(rows)×\(columns)")
        return Array(storage[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array.
    @inlinable
    public func column(_ j: Int) -> [Scalar] {
        precondition(j >= 0 && j < columns, "column: index \(j) out of range for shape \(rows)×\(columns)")
        return (0..<rows).map { storage[$0 * columns + j] }
    }

    /// The main diagonal, `min(rows, columns)` elements.
    @inlinable
    public var diagonalElements: [Scalar] {
        (0..<Swift.min(rows, columns)).map { storage[$0 * columns + $0] }
    }

    /// The same elements read as a `rows`×`columns` matrix (row-major order is kept).
    @inlinable
    public func reshaped(rows newRows: Int, columns newColumns: Int) -> Matrix {
        precondition(newRows >= 0 && newColumns >= 0 && newRows * newColumns == count,
                     "reshaped: shapes \(rows)×\(columns) and \(newRows)×\(newColumns) do not conform")
        return Matrix(uncheckedRows: newRows, columns: newColumns, storage: storage)
    }

    /// Calls `body` with a pointer to the row-major elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the row-major elements.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    // MARK: Transformations

    /// The transpose, Aᵀ. Copies in 32×32 tiles so both source and destination stay in cache.
    @inlinable
    public func transposed() -> Matrix {
        let m = rows, n = columns
        if m <= 1 || n <= 1 { return Matrix(uncheckedRows: n, columns: m, storage: storage) }
        let out = [Scalar](unsafeUninitializedCapacity: m * n) { dst, initialized in
            storage.withUnsafeBufferPointer { src in
                let tile = 32
                var i0 = 0
                while i0 < m {
                    let i1 = Swift.min(i0 + tile, m)
                    var j0 = 0
                    while j0 < n {
                        let j1 = Swift.min(j0 + tile, n)
                        for i in i0..<i1 {
                            for j in j0..<j1 { dst[j &* m &+ i] = src[i &* n &+ j] }
                        }
                        j0 = j1
                    }
                    i0 = i1
                }
            }
            initialized = m * n
        }
        return Matrix(uncheckedRows: n, columns: m, storage: out)
    }

    /// Applies `transform` to each element.
    @inlinable
    public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Matrix {
        Matrix(uncheckedRows: rows, columns: columns, storage: try storage.map(transform))
    }

    /// Combines two same-shaped matrices element by element.
    @inlinable
    public func zipMap(_ other: Matrix, _ combine: (Scalar, Scalar) throws -> Scalar) rethrows -> Matrix {
        precondition(rows == other.rows && columns == other.columns,
                     "zipMap: shapes \(shapeDescription) and \(other.shapeDescription) do not conform")
        var out = storage
        try out.withUnsafeMutableBufferPointer { o in
            try other.storage.withUnsafeBufferPointer { b in
                for i in 0..<o.count { o[i] = try combine(o[i], b[i]) }
            }
        }
        return Matrix(uncheckedRows: rows, columns: columns, storage: out)
    }

    /// The largest absolute value of any element (0 for an empty matrix; NaN if any element is NaN).
    @inlinable
    public func maxAbs() -> Scalar {
        var m: Scalar = 0
        for x in storage {
            if x.isNaN { return .nan }
            m = Swift.max(m, Swift.abs(x))
        }
        return m
    }

    /// True when every element is finite (no NaN or infinity).
    @inlinable
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }
}

extension Matrix: Equatable {
    /// Exact equality of shape and every element.
    @inlinable
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.storage == rhs.storage
    }
}
