import LinearAlgebra

/// A table of vectors, one row per token: `table` is vocabulary × dimension.
///
/// The forward pass is a gather (``callAsFunction(_:)``): row `i` of the output is row `indices[i]` of
/// the table. Its gradient is added only into the rows that were used, and an optimizer that can
/// (plain ``SGD``) updates only those rows. ``oneHotProduct(_:)`` computes the same thing the way the
/// mathematics writes it, as `onehot(indices) · table`, for comparison: a batch × vocabulary matrix of
/// zeros and ones times the table, whose backward pass is a full vocabulary × dimension gemm.
public final class Embedding<Scalar: NeuralScalar> {
    /// The layer's label, used in error messages.
    public let name: String
    /// The vocabulary × dimension table.
    public let table: Tensor<Scalar>

    /// An embedding with the given vocabulary × dimension table.
    public init(table: Matrix<Scalar>, name: String = "embedding") {
        self.name = name
        self.table = .parameter(table, name: "\(name).table")
    }

    /// Rows of the table.
    public var vocabularySize: Int { table.rows }
    /// Columns of the table: the length of each vector.
    public var dimension: Int { table.columns }
    /// The table.
    public var parameters: [Tensor<Scalar>] { [table] }

    /// The rows of the table for `indices` (indices.count × dimension), by a gather.
    public func callAsFunction(_ indices: [Int]) -> Tensor<Scalar> {
        checkIndices(indices)
        return table.gatherRows(indices)
    }

    /// The same rows, computed as the product `onehot(indices) · table`.
    public func oneHotProduct(_ indices: [Int]) -> Tensor<Scalar> {
        checkIndices(indices)
        return Tensor(Embedding.oneHotMatrix(indices, vocabularySize: vocabularySize)).matmul(table)
    }

    /// The indices.count × vocabularySize matrix with a single 1 per row, at column `indices[row]`.
    public static func oneHotMatrix(_ indices: [Int], vocabularySize: Int) -> Matrix<Scalar> {
        var m = Matrix<Scalar>(rows: indices.count, columns: vocabularySize, repeating: 0)
        for (row, index) in indices.enumerated() { m[row, index] = 1 }
        return m
    }

    private func checkIndices(_ indices: [Int]) {
        for index in indices {
            precondition(index >= 0 && index < vocabularySize,
                         "Embedding '\(name)': index \(index) is outside the vocabulary 0..<\(vocabularySize) (table \(table.shapeDescription))")
        }
    }
}
