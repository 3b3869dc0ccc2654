import LinearAlgebra
@testable import NeuralNet
import Testing

/// Finite-difference checks of every backward rule and every layer and loss, in Float and Double.
/// Tolerance: relative Frobenius error < 1e-6 in Double, < 1e-2 in Float (see `gradientTolerance`).
@Suite("Gradient checks") struct GradientCheckTests {
    struct Matmul: GenericCheck {
        let transposeLeft: Bool, transposeRight: Bool
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 1)
            let a = transposeLeft ? g.parameter(4, 3, name: "A") : g.parameter(3, 4, name: "A")
            let b = transposeRight ? g.parameter(5, 4, name: "B") : g.parameter(4, 5, name: "B")
            let reduce = g.weightedSum(a.matmul(b, transposeSelf: transposeLeft, transposeOther: transposeRight))
            expectGradientsMatch([a, b]) { reduce(a.matmul(b, transposeSelf: transposeLeft, transposeOther: transposeRight)) }
        }
    }

    @Test("matmul, all four transpose combinations",
          arguments: Precision.allCases, [(false, false), (false, true), (true, false), (true, true)])
    func matmul(precision: Precision, transposes: (Bool, Bool)) throws {
        try precision.run(Matmul(transposeLeft: transposes.0, transposeRight: transposes.1))
    }

    struct Binary: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 2)
            let a = g.parameter(3, 4, name: "A"), b = g.parameter(3, 4, name: "B")
            let row = g.parameter(1, 4, name: "row")
            let reduce = g.weightedSum(a)
            expectGradientsMatch([a, b]) { reduce(a + b) }
            expectGradientsMatch([a, b]) { reduce(a - b) }
            expectGradientsMatch([a, b]) { reduce(a.hadamard(b)) }
            expectGradientsMatch([a]) { reduce(a.hadamard(a)) }   // the same tensor twice: contributions add
            expectGradientsMatch([a, row]) { reduce(a.addingRowVector(row)) }
            expectGradientsMatch([a]) { reduce(2.5 * a) }
        }
    }

    @Test("elementwise binary operations and the row broadcast", arguments: Precision.allCases)
    func binary(precision: Precision) throws { try precision.run(Binary()) }

    struct Unary: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 3)
            let a = g.parameter(3, 4, name: "A")
            let reduce = g.weightedSum(a)
            let reduceT = g.weightedSum(a.transposed())
            let reduceR = g.weightedSum(a.reshaped(rows: 2, columns: 6))
            expectGradientsMatch([a]) { reduce(a.relu()) }
            expectGradientsMatch([a]) { reduce(a.tanh()) }
            expectGradientsMatch([a]) { reduce(a.sigmoid()) }
            expectGradientsMatch([a]) { reduce(a.softmaxRows()) }
            expectGradientsMatch([a]) { reduceT(a.transposed()) }
            expectGradientsMatch([a]) { reduceR(a.reshaped(rows: 2, columns: 6)) }
            expectGradientsMatch([a]) { a.tanh().sum() }
            expectGradientsMatch([a]) { a.sigmoid().mean() }
        }
    }

    @Test("unary operations, reductions and reshapes", arguments: Precision.allCases)
    func unary(precision: Precision) throws { try precision.run(Unary()) }

    struct Gather: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 4)
            let table = g.parameter(6, 3, name: "table")
            let indices = [4, 0, 4, 2, 4]
            let reduce = g.weightedSum(table.gatherRows(indices))
            expectGradientsMatch([table]) { reduce(table.gatherRows(indices)) }
        }
    }

    @Test("gather with repeated indices", arguments: Precision.allCases)
    func gather(precision: Precision) throws { try precision.run(Gather()) }

    struct Losses: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 5)
            let prediction = g.parameter(4, 3, name: "prediction")
            let target = g.matrix(4, 3)
            expectGradientsMatch([prediction]) { meanSquaredError(prediction, target) }
            let logits = g.parameter(5, 4, name: "logits", standardDeviation: 3)
            let labels = [0, 3, 1, 1, 2]
            expectGradientsMatch([logits]) { softmaxCrossEntropy(logits, labels: labels) }
        }
    }

    @Test("losses: mean squared error and softmax cross-entropy", arguments: Precision.allCases)
    func losses(precision: Precision) throws { try precision.run(Losses()) }

    struct LinearAndActivations: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 6)
            let x = g.parameter(5, 3, name: "x")
            let withBias = Linear(weight: g.matrix(3, 4), bias: g.matrix(1, 4), name: "fc")
            let noBias = Linear(weight: g.matrix(3, 4), name: "fcNoBias")
            let reduce = g.weightedSum(withBias(x))
            expectGradientsMatch([x] + withBias.parameters) { reduce(withBias(x)) }
            expectGradientsMatch([x] + noBias.parameters) { reduce(noBias(x)) }
            for function in ActivationFunction.allCases {
                let layer = Activation<S>(function)
                expectGradientsMatch([x] + withBias.parameters) { reduce(layer(withBias(x))) }
            }
        }
    }

    @Test("linear layer with and without bias, and activation layers", arguments: Precision.allCases)
    func linearAndActivations(precision: Precision) throws { try precision.run(LinearAndActivations()) }

    struct ResidualAndSequential: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 7)
            let x = g.parameter(4, 5, name: "x")
            let block = Residual(Sequential<S>([
                Linear(weight: g.matrix(5, 5, standardDeviation: 0.5), bias: g.matrix(1, 5), name: "inner1"),
                Activation(.tanh),
                Linear(weight: g.matrix(5, 5, standardDeviation: 0.5), name: "inner2"),
            ]), name: "res")
            let network = Sequential<S>([
                Linear(weight: g.matrix(5, 5), bias: g.matrix(1, 5), name: "fc1"),
                Activation(.relu), block,
                Linear(weight: g.matrix(5, 3), bias: g.matrix(1, 3), name: "out"),
            ])
            let labels = [0, 2, 1, 2]
            expectGradientsMatch([x] + network.parameters) { softmaxCrossEntropy(network(x), labels: labels) }
        }
    }

    @Test("residual block and a sequential MLP", arguments: Precision.allCases)
    func residualAndSequential(precision: Precision) throws { try precision.run(ResidualAndSequential()) }

    struct Recurrent: GenericCheck {
        let activation: ActivationFunction
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 8)
            let cell = RecurrentCell(inputWeight: g.matrix(3, 4, standardDeviation: 0.5),
                                     recurrentWeight: g.matrix(4, 4, standardDeviation: 0.5),
                                     bias: g.matrix(1, 4), activation: activation)
            let inputs = (0..<5).map { _ in g.parameter(2, 3, name: "x") }
            let h0 = g.parameter(2, 4, name: "h0")
            let target = g.matrix(2, 4)
            expectGradientsMatch(cell.parameters + [inputs[0], inputs[3], h0]) {
                let states = cell.unroll(inputs, initialState: h0)
                return meanSquaredError(states[4], target) + states[2].sum()
            }
        }
    }

    @Test("recurrent cell unrolled over 5 steps (backpropagation through time)",
          arguments: Precision.allCases, [ActivationFunction.tanh, .identity])
    func recurrent(precision: Precision, activation: ActivationFunction) throws {
        try precision.run(Recurrent(activation: activation))
    }

    struct EmbeddingCheck: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 9)
            let embedding = Embedding(table: g.matrix(7, 3))
            let indices = [1, 5, 1, 6]
            let reduce = g.weightedSum(embedding(indices))
            expectGradientsMatch(embedding.parameters) { reduce(embedding(indices)) }
            expectGradientsMatch(embedding.parameters) { reduce(embedding.oneHotProduct(indices)) }
        }
    }

    @Test("embedding: gather and one-hot product", arguments: Precision.allCases)
    func embedding(precision: Precision) throws { try precision.run(EmbeddingCheck()) }

    struct Attention: GenericCheck {
        let causal: Bool
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 10)
            let layer = SelfAttention(queryWeight: g.matrix(4, 3), keyWeight: g.matrix(4, 3),
                                      valueWeight: g.matrix(4, 3), causal: causal)
            let x = g.parameter(5, 4, name: "x")
            let reduce = g.weightedSum(layer(x))
            expectGradientsMatch([x] + layer.parameters) { reduce(layer(x)) }
        }
    }

    @Test("self-attention, plain and causal", arguments: Precision.allCases, [false, true])
    func attention(precision: Precision, causal: Bool) throws { try precision.run(Attention(causal: causal)) }

    struct ConvolutionCheck: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 11)
            let geometries = [
                ConvolutionGeometry(inputLength: 9, inputChannels: 2, kernelSize: 3, stride: 2, padding: 1),
                ConvolutionGeometry(inputHeight: 5, inputWidth: 4, inputChannels: 2, kernelHeight: 3, kernelWidth: 2,
                                    strideHeight: 2, strideWidth: 1, paddingHeight: 1, paddingWidth: 1),
            ]
            for geometry in geometries {
                let layer = Convolution(geometry: geometry, kernel: g.matrix(geometry.patchSize, 3),
                                        bias: g.matrix(1, 3))
                let x = g.parameter(2, geometry.inputSize, name: "images")
                let reduce = g.weightedSum(layer(x))
                expectGradientsMatch([x] + layer.parameters) { reduce(layer(x)) }
            }
        }
    }

    @Test("convolution by im2col, 1-D and 2-D, with stride and padding", arguments: Precision.allCases)
    func convolution(precision: Precision) throws { try precision.run(ConvolutionCheck()) }
}
