import LinearAlgebra

/// Single-head scaled dot-product self-attention over one sequence (Vaswani et al., "Attention Is All
/// You Need", 2017, eq. 1): with X the n × d sequence (one token per row),
/// `Q = X W_Q`, `K = X W_K`, `V = X W_V` (each n × d_k) and
/// `output = A V` where `A = softmax(Q Kᵀ / √d_k)` row by row.
///
/// Every product is one gemm (Kᵀ is a gemm flag, not a copy). The attention matrix A of the last
/// forward pass is kept in ``attention`` (n × n, rows summing to 1). With `causal` set, token i attends
/// only to tokens 0…i (the upper triangle of the scores is −∞ before the softmax).
public final class SelfAttention<Scalar: NeuralScalar>: Layer {
    /// The layer's label, used in error messages.
    public let name: String
    /// W_Q, W_K, W_V, each d × d_k.
    public let queryWeight: Tensor<Scalar>, keyWeight: Tensor<Scalar>, valueWeight: Tensor<Scalar>
    /// Whether token i may attend only to tokens 0…i.
    public let causal: Bool
    /// A (n × n) from the last forward pass, as a tensor (its gradient is ∂L/∂A after backward).
    public private(set) var attentionTensor: Tensor<Scalar>?

    /// Attention with the given d × d_k projection matrices.
    public init(queryWeight: Matrix<Scalar>, keyWeight: Matrix<Scalar>, valueWeight: Matrix<Scalar>,
                causal: Bool = false, name: String = "attention") {
        precondition(queryWeight.rows == keyWeight.rows && keyWeight.rows == valueWeight.rows
                     && queryWeight.columns == keyWeight.columns,
                     "SelfAttention '\(name)': W_Q \(queryWeight.shapeDescription), W_K \(keyWeight.shapeDescription), W_V \(valueWeight.shapeDescription) must share their row count, and W_Q, W_K their column count")
        self.name = name
        self.causal = causal
        self.queryWeight = .parameter(queryWeight, name: "\(name).queryWeight")
        self.keyWeight = .parameter(keyWeight, name: "\(name).keyWeight")
        self.valueWeight = .parameter(valueWeight, name: "\(name).valueWeight")
    }

    /// d: columns of each input token.
    public var modelDimension: Int { queryWeight.rows }
    /// d_k: columns of Q, K, V and of the output.
    public var keyDimension: Int { queryWeight.columns }
    /// W_Q, W_K, W_V.
    public var parameters: [Tensor<Scalar>] { [queryWeight, keyWeight, valueWeight] }
    /// A = softmax(QKᵀ/√d_k) from the last forward pass.
    public var attention: Matrix<Scalar>? { attentionTensor?.value }

    /// softmax(QKᵀ/√d_k)·V for an n × d sequence; keeps A in ``attention``.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(input.columns == modelDimension,
                     "SelfAttention '\(name)': input is \(input.shapeDescription) but W_Q is \(queryWeight.shapeDescription), so each token needs \(modelDimension) columns")
        let q = input.matmul(queryWeight), k = input.matmul(keyWeight), v = input.matmul(valueWeight)
        let scale = 1 / Scalar(keyDimension).squareRoot()
        var scores = scale * q.matmul(k, transposeOther: true)
        if causal {
            let n = input.rows
            let mask = Matrix<Scalar>(rows: n, columns: n) { i, j in j > i ? -Scalar.infinity : 0 }
            scores = scores + Tensor(mask)
        }
        let a = scores.softmaxRows()
        attentionTensor = a
        return a.matmul(v)
    }
}
