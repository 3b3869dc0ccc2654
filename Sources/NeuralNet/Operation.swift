import LinearAlgebra

/// What a ``Tensor`` was computed by. Each case carries what its backward rule needs beyond the
/// parents' values and the tensor's own value; the rules themselves are in `Tensor+Backward.swift`.
public enum Operation<Scalar: NeuralScalar> {
    /// An input or a parameter: nothing to propagate to.
    case leaf
    /// `op(A)·op(B)` by BLAS gemm, where `op` transposes when the flag is set. Parents: A, B.
    case matrixProduct(transposeLeft: Bool, transposeRight: Bool)
    /// `A + B`, same shapes.
    case add
    /// `A − B`, same shapes.
    case subtract
    /// `A + 1·b`: a 1×n row `b` added to every row of the m×n matrix `A` (a bias). Parents: A, b.
    case addRowVector
    /// Elementwise product `A ∘ B`.
    case hadamard
    /// `s·A`.
    case scale(Scalar)
    /// `Aᵀ`.
    case transpose
    /// `max(0, x)` elementwise.
    case relu
    /// `tanh(x)` elementwise.
    case tanh
    /// `1 / (1 + e⁻ˣ)` elementwise.
    case sigmoid
    /// Softmax of each row.
    case softmaxRows
    /// The sum of all entries, as 1×1.
    case sum
    /// The mean of all entries, as 1×1.
    case mean
    /// Rows `indices` of the parent (an embedding lookup). The backward rule adds into those rows only.
    case gatherRows(indices: [Int])
    /// The same entries in row-major order under another shape.
    case reshape
    /// The im2col unfolding of a batch of images for a convolution with this geometry.
    case im2col(ConvolutionGeometry)
    /// Mean squared error against a constant target, as 1×1.
    case meanSquaredError(target: Matrix<Scalar>)
    /// Mean softmax cross-entropy of logits against class labels, as 1×1; keeps the probabilities.
    case softmaxCrossEntropy(labels: [Int], probabilities: Matrix<Scalar>)

    /// A short name for messages and descriptions.
    public var name: String {
        switch self {
        case .leaf: "leaf"
        case .matrixProduct(let tl, let tr): "matrixProduct(\(tl ? "Aᵀ" : "A")·\(tr ? "Bᵀ" : "B"))"
        case .add: "add"
        case .subtract: "subtract"
        case .addRowVector: "addRowVector"
        case .hadamard: "hadamard"
        case .scale: "scale"
        case .transpose: "transpose"
        case .relu: "relu"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .softmaxRows: "softmaxRows"
        case .sum: "sum"
        case .mean: "mean"
        case .gatherRows: "gatherRows"
        case .reshape: "reshape"
        case .im2col: "im2col"
        case .meanSquaredError: "meanSquaredError"
        case .softmaxCrossEntropy: "softmaxCrossEntropy"
        }
    }
}
