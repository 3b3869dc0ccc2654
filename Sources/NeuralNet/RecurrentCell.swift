import LinearAlgebra

/// A plain (Elman) recurrent cell `h_t = tanh(x_t W_x + h_{t−1} W_h + b)` and its unrolling over time.
///
/// Backpropagation through time is ordinary `backward()` on the unrolled graph: every step reuses the
/// same parameter tensors, so their gradients add up over the steps.
public final class RecurrentCell<Scalar: NeuralScalar> {
    /// The cell's label, used in error messages.
    public let name: String
    /// W_x, inputs × hidden.
    public let inputWeight: Tensor<Scalar>
    /// W_h, hidden × hidden.
    public let recurrentWeight: Tensor<Scalar>
    /// b, 1 × hidden.
    public let bias: Tensor<Scalar>
    /// The nonlinearity (tanh by default; identity gives a linear RNN whose signal is governed by W_h alone).
    public let activation: ActivationFunction

    /// A cell with the given W_x (inputs × hidden), W_h (hidden × hidden) and bias (1 × hidden, zero if `nil`).
    public init(inputWeight: Matrix<Scalar>, recurrentWeight: Matrix<Scalar>, bias: Matrix<Scalar>? = nil,
                activation: ActivationFunction = .tanh, name: String = "rnn") {
        let hidden = recurrentWeight.columns
        precondition(recurrentWeight.rows == hidden && inputWeight.columns == hidden,
                     "RecurrentCell '\(name)': W_h must be square and W_x must have as many columns; got W_x \(inputWeight.shapeDescription), W_h \(recurrentWeight.shapeDescription)")
        let b = bias ?? Matrix(rows: 1, columns: hidden, repeating: 0)
        precondition(b.rows == 1 && b.columns == hidden,
                     "RecurrentCell '\(name)': bias must be 1×\(hidden), got \(b.shapeDescription)")
        self.name = name
        self.activation = activation
        self.inputWeight = .parameter(inputWeight, name: "\(name).inputWeight")
        self.recurrentWeight = .parameter(recurrentWeight, name: "\(name).recurrentWeight")
        self.bias = .parameter(b, name: "\(name).bias")
    }

    /// Columns of each input x_t.
    public var inputSize: Int { inputWeight.rows }
    /// Columns of the state h_t.
    public var hiddenSize: Int { recurrentWeight.rows }
    /// W_x, W_h, b.
    public var parameters: [Tensor<Scalar>] { [inputWeight, recurrentWeight, bias] }

    /// One step: the new state from input `x` (batch × inputs) and state `h` (batch × hidden).
    public func step(_ x: Tensor<Scalar>, state h: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(x.columns == inputSize && h.columns == hiddenSize && x.rows == h.rows,
                     "RecurrentCell '\(name)': input \(x.shapeDescription) and state \(h.shapeDescription) do not fit W_x \(inputWeight.shapeDescription), W_h \(recurrentWeight.shapeDescription)")
        return (x.matmul(inputWeight) + h.matmul(recurrentWeight)).addingRowVector(bias).applying(activation)
    }

    /// Runs the cell over `inputs` (one batch × inputs tensor per time step) from `initialState`
    /// (zeros if `nil`) and returns the states h_1 … h_T. After `backward()` each state's `gradient` is
    /// ∂L/∂h_t, which ``signalNorms(of:)`` reads.
    public func unroll(_ inputs: [Tensor<Scalar>], initialState: Tensor<Scalar>? = nil) -> [Tensor<Scalar>] {
        guard let first = inputs.first else { return [] }
        var h = initialState ?? Tensor(Matrix(rows: first.rows, columns: hiddenSize, repeating: 0))
        var states: [Tensor<Scalar>] = []
        states.reserveCapacity(inputs.count)
        for x in inputs {
            h = step(x, state: h)
            states.append(h)
        }
        return states
    }

    /// ``unroll(_:initialState:)`` for plain matrices (constant inputs, one per time step).
    public func unroll(_ inputs: [Matrix<Scalar>], initialState: Tensor<Scalar>? = nil) -> [Tensor<Scalar>] {
        unroll(inputs.map { Tensor($0) }, initialState: initialState)
    }

    /// ‖h_t‖ (forward) and ‖∂L/∂h_t‖ (backward, 0 where no gradient reached) for each time step:
    /// how the signal grows or fades through time in each direction.
    public static func signalNorms(of states: [Tensor<Scalar>]) -> (forward: [Double], backward: [Double]) {
        (states.map(\.valueNorm), states.map(\.gradientNorm))
    }
}
