import LinearAlgebra

/// A fully connected layer `y = x W + b`: x is batch × inputs, W is inputs × outputs, b is 1 × outputs.
public final class Linear<Scalar: NeuralScalar>: Layer {
    /// The layer's label, used in error messages and statistics.
    public let name: String
    /// W, inputs × outputs.
    public let weight: Tensor<Scalar>
    /// b, 1 × outputs, or `nil` for a layer without bias (`y = x W`).
    public let bias: Tensor<Scalar>?

    /// A layer with the given initial weight (inputs × outputs) and optional bias (1 × outputs).
    public init(weight: Matrix<Scalar>, bias: Matrix<Scalar>? = nil, name: String = "linear") {
        if let bias {
            precondition(bias.rows == 1 && bias.columns == weight.columns,
                         "Linear '\(name)': bias must be 1×\(weight.columns) for a \(weight.shapeDescription) weight, got \(bias.shapeDescription)")
        }
        self.name = name
        self.weight = .parameter(weight, name: "\(name).weight")
        self.bias = bias.map { .parameter($0, name: "\(name).bias") }
    }

    /// Columns the input must have.
    public var inputSize: Int { weight.rows }
    /// Columns of the output.
    public var outputSize: Int { weight.columns }
    /// The weight, then the bias if any.
    public var parameters: [Tensor<Scalar>] { bias.map { [weight, $0] } ?? [weight] }

    /// `x W + b` for a batch × inputSize input.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(input.columns == weight.rows,
                     "Linear '\(name)': input is \(input.shapeDescription) but the weight is \(weight.shapeDescription), so the input needs \(weight.rows) columns")
        let product = input.matmul(weight)
        return bias.map { product.addingRowVector($0) } ?? product
    }
}
