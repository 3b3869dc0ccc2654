import LinearAlgebra

/// A convolution layer computed as one matrix product: `im2col(X) · K + b`, reshaped back to one image
/// per row (see ``ConvolutionGeometry`` for the layout and the im2col citation).
///
/// The same class does 1-D convolution (a geometry made with `inputLength:`) and 2-D convolution.
/// ``directForward(_:)`` computes the same output with the textbook loops, as a check.
public final class Convolution<Scalar: NeuralScalar>: Layer {
    /// The layer's label, used in error messages.
    public let name: String
    /// Input size, kernel size, stride and padding.
    public let geometry: ConvolutionGeometry
    /// K, (kernelHeight·kernelWidth·inputChannels) × outputChannels.
    public let kernel: Tensor<Scalar>
    /// b, 1 × outputChannels, or `nil`.
    public let bias: Tensor<Scalar>?

    /// A convolution with the given kernel matrix (patchSize × outputChannels) and optional bias.
    public init(geometry: ConvolutionGeometry, kernel: Matrix<Scalar>, bias: Matrix<Scalar>? = nil,
                name: String = "convolution") {
        precondition(kernel.rows == geometry.patchSize,
                     "Convolution '\(name)': kernel must have \(geometry.patchSize) rows (kh·kw·channels) for \(geometry), got \(kernel.shapeDescription)")
        if let bias {
            precondition(bias.rows == 1 && bias.columns == kernel.columns,
                         "Convolution '\(name)': bias must be 1×\(kernel.columns), got \(bias.shapeDescription)")
        }
        self.name = name
        self.geometry = geometry
        self.kernel = .parameter(kernel, name: "\(name).kernel")
        self.bias = bias.map { .parameter($0, name: "\(name).bias") }
    }

    /// The number of filters.
    public var outputChannels: Int { kernel.columns }
    /// Columns of one output image: outH·outW·outputChannels.
    public var outputSize: Int { geometry.outputPositions * outputChannels }
    /// The kernel, then the bias if any.
    public var parameters: [Tensor<Scalar>] { bias.map { [kernel, $0] } ?? [kernel] }

    /// Convolves a batch (batch × geometry.inputSize) by im2col and one gemm; returns batch × ``outputSize``.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(input.columns == geometry.inputSize,
                     "Convolution '\(name)': input is \(input.shapeDescription) but \(geometry) needs \(geometry.inputSize) columns per image")
        let unfolded = input.im2col(geometry)
        var product = unfolded.matmul(kernel)
        if let bias { product = product.addingRowVector(bias) }
        return product.reshaped(rows: input.rows, columns: outputSize)
    }

    /// The same convolution by direct loops (no im2col, no gemm), for checking.
    public func directForward(_ input: Matrix<Scalar>) -> Matrix<Scalar> {
        geometry.directConvolution(input, kernel: kernel.value, bias: bias?.value)
    }
}
