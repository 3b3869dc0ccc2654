import LinearAlgebra

// The forward half of every differentiable operation: compute the value, check shapes with a message
// that names the operation and both shapes, and record the operation and parents for `backward`.

extension Tensor {
    /// `op(self)·op(other)` by BLAS gemm; the flags transpose without copying.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        let k1 = transposeSelf ? rows : columns, k2 = transposeOther ? other.columns : other.rows
        precondition(k1 == k2,
                     "matmul: inner dimensions differ: \(describeShape(transposeSelf)) · \(other.describeShape(transposeOther))")
        let product = gemm(value, other.value, transposeA: transposeSelf, transposeB: transposeOther)
        return Tensor(product, operation: .matrixProduct(transposeLeft: transposeSelf, transposeRight: transposeOther),
                      parents: [self, other])
    }

    private func describeShape(_ transposed: Bool) -> String {
        let label = name.isEmpty ? "" : "\(name) "
        return transposed ? "\(label)(\(shapeDescription))ᵀ" : "\(label)\(shapeDescription)"
    }

    /// The matrix product `lhs·rhs` (gemm), as for `Matrix`.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.matmul(rhs) }

    /// Elementwise sum of two tensors of the same shape.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        checkSameShape("add", lhs, rhs)
        return Tensor(lhs.value + rhs.value, operation: .add, parents: [lhs, rhs])
    }

    /// Elementwise difference of two tensors of the same shape.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        checkSameShape("subtract", lhs, rhs)
        return Tensor(lhs.value - rhs.value, operation: .subtract, parents: [lhs, rhs])
    }

    /// `s·x`.
    public static func * (s: Scalar, x: Tensor) -> Tensor {
        Tensor(x.value.scaled(by: s), operation: .scale(s), parents: [x])
    }

    /// Adds the 1×n row `bias` to every row of this m×n tensor.
    public func addingRowVector(_ bias: Tensor) -> Tensor {
        precondition(bias.rows == 1 && bias.columns == columns,
                     "addingRowVector: \(shapeDescription) + row \(bias.shapeDescription) (needs 1×\(columns))")
        return Tensor(value.adding(rowVector: bias.value), operation: .addRowVector, parents: [self, bias])
    }

    /// The elementwise (Hadamard) product.
    public func hadamard(_ other: Tensor) -> Tensor {
        Tensor.checkSameShape("hadamard", self, other)
        return Tensor(value.hadamard(other.value), operation: .hadamard, parents: [self, other])
    }

    /// The transpose (a copy; prefer `matmul`'s flags inside products).
    public func transposed() -> Tensor {
        Tensor(value.transposed(), operation: .transpose, parents: [self])
    }

    /// `max(0, x)` elementwise.
    public func relu() -> Tensor { Tensor(applyUnary(.relu, value), operation: .relu, parents: [self]) }
    /// `tanh(x)` elementwise.
    public func tanh() -> Tensor { Tensor(applyUnary(.tanh, value), operation: .tanh, parents: [self]) }
    /// The logistic sigmoid `1/(1+e⁻ˣ)` elementwise.
    public func sigmoid() -> Tensor { Tensor(applyUnary(.sigmoid, value), operation: .sigmoid, parents: [self]) }

    /// Softmax of each row (each row becomes a probability vector).
    public func softmaxRows() -> Tensor {
        Tensor(softmaxOfRows(value), operation: .softmaxRows, parents: [self])
    }

    /// The sum of all entries, as a 1×1 tensor.
    public func sum() -> Tensor {
        Tensor(Matrix(rows: 1, columns: 1, repeating: value.sum()), operation: .sum, parents: [self])
    }

    /// The mean of all entries, as a 1×1 tensor.
    public func mean() -> Tensor {
        let count = Scalar(Swift.max(1, rows * columns))
        return Tensor(Matrix(rows: 1, columns: 1, repeating: value.sum() / count),
                      operation: .mean, parents: [self])
    }

    /// Rows `indices` of this tensor, in order: an embedding lookup. Its gradient is added only into
    /// the rows that were used (see ``touchedRows``).
    public func gatherRows(_ indices: [Int]) -> Tensor {
        for index in indices {
            precondition(index >= 0 && index < rows,
                         "gatherRows: index \(index) is outside the \(rows) rows of \(self)")
        }
        return Tensor(value.gatheringRows(indices), operation: .gatherRows(indices: indices), parents: [self])
    }

    /// The same entries, in row-major order, as a `rows × columns` tensor.
    public func reshaped(rows newRows: Int, columns newColumns: Int) -> Tensor {
        precondition(newRows * newColumns == rows * columns,
                     "reshaped: cannot view \(shapeDescription) as \(newRows)×\(newColumns)")
        return Tensor(reshapedMatrix(value, rows: newRows, columns: newColumns), operation: .reshape, parents: [self])
    }

    /// The value as a scalar (for a 1×1 tensor such as a loss).
    public var scalarValue: Scalar {
        precondition(rows == 1 && columns == 1, "scalarValue: \(self) is not 1×1")
        return value[0, 0]
    }

    static func checkSameShape(_ operation: String, _ a: Tensor, _ b: Tensor) {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "\(operation): shapes differ: \(a.describeShape(false)) and \(b.describeShape(false))")
    }
}
