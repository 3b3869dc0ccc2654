import LinearAlgebra

/// How a layer's weight matrix (fanIn × fanOut, since layers compute `x W`) is drawn. Every case draws
/// from LinearAlgebra's ``SeededGenerator`` through its initializers, so a seed fixes the network.
public enum WeightInitialization: Sendable, Equatable {
    /// Entries N(0, σ²).
    case gaussian(standardDeviation: Double)
    /// Xavier/Glorot: variance 2/(fanIn + fanOut) (for tanh/linear layers).
    case xavier
    /// He/Kaiming: variance 2/fanIn (for ReLU layers).
    case he
    /// A Haar-random matrix with orthonormal rows or columns, times `gain`.
    case orthogonal(gain: Double)
    /// I + εA, A Gaussian with variance 1/n (square weights only).
    case identityPlus(epsilon: Double)
    /// All zeros.
    case zeros

    /// Draws a `rows × columns` matrix.
    public func matrix<Scalar: NeuralScalar>(rows: Int, columns: Int, using generator: inout SeededGenerator) -> Matrix<Scalar> {
        switch self {
        case .gaussian(let sigma):
            return .gaussian(rows: rows, columns: columns, standardDeviation: Scalar(sigma), using: &generator)
        case .xavier:
            return .xavier(rows: rows, columns: columns, using: &generator)
        case .he:
            return .he(rows: rows, columns: columns, using: &generator)
        case .orthogonal(let gain):
            return .orthogonal(rows: rows, columns: columns, gain: Scalar(gain), using: &generator)
        case .identityPlus(let epsilon):
            precondition(rows == columns, "WeightInitialization.identityPlus needs a square matrix, not \(rows)×\(columns)")
            return .identityPlus(rows, epsilon: Scalar(epsilon), using: &generator)
        case .zeros:
            return Matrix(rows: rows, columns: columns, repeating: 0)
        }
    }
}

extension Linear {
    /// A layer with `weight` drawn by `initialization` and a zero bias (or none).
    public convenience init(inputSize: Int, outputSize: Int, bias: Bool = true,
                            initialization: WeightInitialization = .xavier, name: String = "linear",
                            using generator: inout SeededGenerator) {
        self.init(weight: initialization.matrix(rows: inputSize, columns: outputSize, using: &generator),
                  bias: bias ? Matrix(rows: 1, columns: outputSize, repeating: 0) : nil, name: name)
    }
}

extension Sequential {
    /// A multilayer perceptron: `Linear` layers of the given sizes (`sizes[0]` inputs … `sizes.last!`
    /// outputs) with `activation` between them and `outputActivation` after the last one. Layers are
    /// named "fc1", "fc2", …; activations after their layer, e.g. "relu1".
    public static func multilayerPerceptron(
        sizes: [Int], activation: ActivationFunction = .relu, outputActivation: ActivationFunction = .identity,
        bias: Bool = true, initialization: WeightInitialization = .xavier, name: String = "mlp",
        using generator: inout SeededGenerator
    ) -> Sequential {
        precondition(sizes.count >= 2, "multilayerPerceptron: needs at least input and output sizes, got \(sizes)")
        var layers: [any Layer<Scalar>] = []
        for index in 1..<sizes.count {
            layers.append(Linear<Scalar>(inputSize: sizes[index - 1], outputSize: sizes[index], bias: bias,
                                         initialization: initialization, name: "fc\(index)", using: &generator))
            let function = index == sizes.count - 1 ? outputActivation : activation
            if function != .identity { layers.append(Activation<Scalar>(function, name: "\(function.rawValue)\(index)")) }
        }
        return Sequential(layers, name: name)
    }
}

extension RecurrentCell {
    /// A cell with W_x drawn by `inputInitialization`, W_h by `recurrentInitialization` and b = 0.
    public convenience init(inputSize: Int, hiddenSize: Int, activation: ActivationFunction = .tanh,
                            inputInitialization: WeightInitialization = .xavier,
                            recurrentInitialization: WeightInitialization = .orthogonal(gain: 1),
                            name: String = "rnn", using generator: inout SeededGenerator) {
        self.init(inputWeight: inputInitialization.matrix(rows: inputSize, columns: hiddenSize, using: &generator),
                  recurrentWeight: recurrentInitialization.matrix(rows: hiddenSize, columns: hiddenSize, using: &generator),
                  activation: activation, name: name)
    }
}

extension Embedding {
    /// A table of N(0, σ²) entries.
    public convenience init(vocabularySize: Int, dimension: Int, standardDeviation: Double = 1,
                            name: String = "embedding", using generator: inout SeededGenerator) {
        self.init(table: .gaussian(rows: vocabularySize, columns: dimension, standardDeviation: Scalar(standardDeviation),
                                   using: &generator), name: name)
    }
}

extension SelfAttention {
    /// Attention with d × d_k projections drawn by `initialization`.
    public convenience init(modelDimension: Int, keyDimension: Int, causal: Bool = false,
                            initialization: WeightInitialization = .xavier, name: String = "attention",
                            using generator: inout SeededGenerator) {
        let q: Matrix<Scalar> = initialization.matrix(rows: modelDimension, columns: keyDimension, using: &generator)
        let k: Matrix<Scalar> = initialization.matrix(rows: modelDimension, columns: keyDimension, using: &generator)
        let v: Matrix<Scalar> = initialization.matrix(rows: modelDimension, columns: keyDimension, using: &generator)
        self.init(queryWeight: q, keyWeight: k, valueWeight: v, causal: causal, name: name)
    }
}

extension Convolution {
    /// A convolution with `outputChannels` filters drawn by `initialization` (fanIn = patch size) and a
    /// zero bias (or none).
    public convenience init(geometry: ConvolutionGeometry, outputChannels: Int, bias: Bool = true,
                            initialization: WeightInitialization = .he, name: String = "convolution",
                            using generator: inout SeededGenerator) {
        self.init(geometry: geometry,
                  kernel: initialization.matrix(rows: geometry.patchSize, columns: outputChannels, using: &generator),
                  bias: bias ? Matrix(rows: 1, columns: outputChannels, repeating: 0) : nil, name: name)
    }
}
