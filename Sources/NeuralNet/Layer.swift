import LinearAlgebra

/// A differentiable map from a batch (one example per row) to a batch, with trainable parameters.
///
/// Layers are classes: a layer owns its parameter tensors, an optimizer updates them in place, and
/// some layers remember what they computed last (``SelfAttention/attention``, ``Sequential``'s
/// activations) for the instrumentation the book plots.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: NeuralScalar
    /// A label used in error messages and statistics.
    var name: String { get }
    /// The trainable tensors, in a stable order.
    var parameters: [Tensor<Scalar>] { get }
    /// The forward pass. Builds the graph that `backward()` later walks.
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}

extension Layer {
    /// The forward pass on a plain matrix (wrapped as a constant input).
    public func callAsFunction(_ input: Matrix<Scalar>) -> Tensor<Scalar> {
        callAsFunction(Tensor(input))
    }

    /// The total number of trainable numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.rows * $1.columns } }

    /// √(Σ ‖∂L/∂θ‖²) over this layer's parameters: 0 before any backward pass.
    public var parameterGradientNorm: Double {
        parameters.reduce(0.0) { $0 + $1.gradientNorm * $1.gradientNorm }.squareRoot()
    }
}
