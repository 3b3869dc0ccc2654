import LinearAlgebra

/// A residual block `x + f(x)` (He et al., "Deep Residual Learning for Image Recognition", 2016).
/// The body must map a batch to a batch of the same shape.
public final class Residual<Scalar: NeuralScalar>: Layer {
    /// The block's label, used in error messages and statistics.
    public let name: String
    /// f.
    public let body: any Layer<Scalar>

    /// The block `x + body(x)`.
    public init(_ body: any Layer<Scalar>, name: String = "residual") {
        self.body = body
        self.name = name
    }

    /// The body's parameters.
    public var parameters: [Tensor<Scalar>] { body.parameters }

    /// `x + f(x)`.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let update = body(input)
        precondition(update.rows == input.rows && update.columns == input.columns,
                     "Residual '\(name)': the body '\(body.name)' maps \(input.shapeDescription) to \(update.shapeDescription); x + f(x) needs equal shapes")
        return input + update
    }
}
