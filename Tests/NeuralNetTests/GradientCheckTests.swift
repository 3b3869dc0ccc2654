import LinearAlgebra
@testable import NeuralNet
import Testing

/// Finite-difference checks of every backward rule and every layer and loss, in Double.
/// Tolerance: relative Frobenius error < 1e-6 (see `gradientTolerance`).
@Suite("Gradient checks") struct GradientCheckTests {
    @Test("matmul, all four transpose combinations", arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matmul(transposeLeft: Bool, transposeRight: Bool) {
        var g = SeededGenerator(seed: 1)
        let a = transposeLeft ? gaussianParameter(4, 3, &g, name: "A") : gaussianParameter(3, 4, &g, name: "A")
        let b = transposeRight ? gaussianParameter(5, 4, &g, name: "B") : gaussianParameter(4, 5, &g, name: "B")
        let reduce = weightedSum(a.matmul(b, transposeSelf: transposeLeft, transposeOther: transposeRight), &g)
        expectGradientsMatch([a, b]) { reduce(a.matmul(b, transposeSelf: transposeLeft, transposeOther: transposeRight)) }
    }

    @Test("elementwise binary operations and the row broadcast")
    func binary() {
        var g = SeededGenerator(seed: 2)
        let a = gaussianParameter(3, 4, &g, name: "A"), b = gaussianParameter(3, 4, &g, name: "B")
        let row = gaussianParameter(1, 4, &g, name: "row")
        let reduce = weightedSum(a, &g)
        expectGradientsMatch([a, b]) { reduce(a + b) }
        expectGradientsMatch([a, b]) { reduce(a - b) }
        expectGradientsMatch([a, b]) { reduce(a.hadamard(b)) }
        expectGradientsMatch([a]) { reduce(a.hadamard(a)) }   // the same tensor twice: contributions add
        expectGradientsMatch([a, row]) { reduce(a.addingRowVector(row)) }
        expectGradientsMatch([a]) { reduce(2.5 * a) }
    }

    @Test("unary operations, reductions and reshapes")
    func unary() {
        var g = SeededGenerator(seed: 3)
        let a = gaussianParameter(3, 4, &g, name: "A")
        let reduce = weightedSum(a, &g)
        let reduceT = weightedSum(a.transposed(), &g)
        let reduceR = weightedSum(a.reshaped(rows: 2, columns: 6), &g)
        expectGradientsMatch([a]) { reduce(a.relu()) }
        expectGradientsMatch([a]) { reduce(a.tanh()) }
        expectGradientsMatch([a]) { reduce(a.sigmoid()) }
        expectGradientsMatch([a]) { reduce(a.softmaxRows()) }
        expectGradientsMatch([a]) { reduceT(a.transposed()) }
        expectGradientsMatch([a]) { reduceR(a.reshaped(rows: 2, columns: 6)) }
        expectGradientsMatch([a]) { a.tanh().sum() }
        expectGradientsMatch([a]) { a.sigmoid().mean() }
    }

    @Test("gather with repeated indices")
    func gather() {
        var g = SeededGenerator(seed: 4)
        let table = gaussianParameter(6, 3, &g, name: "table")
        let indices = [4, 0, 4, 2, 4]
        let reduce = weightedSum(table.gatherRows(indices), &g)
        expectGradientsMatch([table]) { reduce(table.gatherRows(indices)) }
    }

    @Test("losses: mean squared error and softmax cross-entropy")
    func losses() {
        var g = SeededGenerator(seed: 5)
        let prediction = gaussianParameter(4, 3, &g, name: "prediction")
        let target = gaussianMatrix(4, 3, &g)
        expectGradientsMatch([prediction]) { meanSquaredError(prediction, target) }
        let logits = gaussianParameter(5, 4, &g, name: "logits", standardDeviation: 3)
        let labels = [0, 3, 1, 1, 2]
        expectGradientsMatch([logits]) { softmaxCrossEntropy(logits, labels: labels) }
    }

    @Test("linear layer with and without bias, and activation layers")
    func linearAndActivations() {
        var g = SeededGenerator(seed: 6)
        let x = gaussianParameter(5, 3, &g, name: "x")
        let withBias = Linear(weight: gaussianMatrix(3, 4, &g), bias: gaussianMatrix(1, 4, &g), name: "fc")
        let noBias = Linear(weight: gaussianMatrix(3, 4, &g), name: "fcNoBias")
        let reduce = weightedSum(withBias(x), &g)
        expectGradientsMatch([x] + withBias.parameters) { reduce(withBias(x)) }
        expectGradientsMatch([x] + noBias.parameters) { reduce(noBias(x)) }
        for function in ActivationFunction.allCases {
            let layer = Activation<Double>(function)
            expectGradientsMatch([x] + withBias.parameters) { reduce(layer(withBias(x))) }
        }
    }

    @Test("residual block and a sequential MLP")
    func residualAndSequential() {
        var g = SeededGenerator(seed: 7)
        let x = gaussianParameter(4, 5, &g, name: "x")
        let block = Residual(Sequential<Double>([
            Linear(weight: gaussianMatrix(5, 5, &g, standardDeviation: 0.5), bias: gaussianMatrix(1, 5, &g), name: "inner1"),
            Activation(.tanh),
            Linear(weight: gaussianMatrix(5, 5, &g, standardDeviation: 0.5), name: "inner2"),
        ]), name: "res")
        let network = Sequential<Double>([
            Linear(weight: gaussianMatrix(5, 5, &g), bias: gaussianMatrix(1, 5, &g), name: "fc1"),
            Activation(.relu), block,
            Linear(weight: gaussianMatrix(5, 3, &g), bias: gaussianMatrix(1, 3, &g), name: "out"),
        ])
        let labels = [0, 2, 1, 2]
        expectGradientsMatch([x] + network.parameters) { softmaxCrossEntropy(network(x), labels: labels) }
    }

    @Test("recurrent cell unrolled over 5 steps (backpropagation through time)", arguments: [ActivationFunction.tanh, .identity])
    func recurrent(activation: ActivationFunction) {
        var g = SeededGenerator(seed: 8)
        let cell = RecurrentCell(inputWeight: gaussianMatrix(3, 4, &g, standardDeviation: 0.5),
                                 recurrentWeight: gaussianMatrix(4, 4, &g, standardDeviation: 0.5),
                                 bias: gaussianMatrix(1, 4, &g), activation: activation)
        let inputs = (0..<5).map { _ in gaussianParameter(2, 3, &g, name: "x") }
        let h0 = gaussianParameter(2, 4, &g, name: "h0")
        let target = gaussianMatrix(2, 4, &g)
        expectGradientsMatch(cell.parameters + [inputs[0], inputs[3], h0]) {
            let states = cell.unroll(inputs, initialState: h0)
            return meanSquaredError(states[4], target) + states[2].sum()
        }
    }

    @Test("embedding: gather and one-hot product")
    func embedding() {
        var g = SeededGenerator(seed: 9)
        let embedding = Embedding(table: gaussianMatrix(7, 3, &g))
        let indices = [1, 5, 1, 6]
        let reduce = weightedSum(embedding(indices), &g)
        expectGradientsMatch(embedding.parameters) { reduce(embedding(indices)) }
        expectGradientsMatch(embedding.parameters) { reduce(embedding.oneHotProduct(indices)) }
    }

    @Test("self-attention, plain and causal", arguments: [false, true])
    func attention(causal: Bool) {
        var g = SeededGenerator(seed: 10)
        let layer = SelfAttention(queryWeight: gaussianMatrix(4, 3, &g), keyWeight: gaussianMatrix(4, 3, &g),
                                  valueWeight: gaussianMatrix(4, 3, &g), causal: causal)
        let x = gaussianParameter(5, 4, &g, name: "x")
        let reduce = weightedSum(layer(x), &g)
        expectGradientsMatch([x] + layer.parameters) { reduce(layer(x)) }
    }

    @Test("convolution by im2col, 1-D and 2-D, with stride and padding")
    func convolution() {
        var g = SeededGenerator(seed: 11)
        let geometries = [
            ConvolutionGeometry(inputLength: 9, inputChannels: 2, kernelSize: 3, stride: 2, padding: 1),
            ConvolutionGeometry(inputHeight: 5, inputWidth: 4, inputChannels: 2, kernelHeight: 3, kernelWidth: 2,
                                strideHeight: 2, strideWidth: 1, paddingHeight: 1, paddingWidth: 1),
        ]
        for geometry in geometries {
            let layer = Convolution(geometry: geometry, kernel: gaussianMatrix(geometry.patchSize, 3, &g),
                                    bias: gaussianMatrix(1, 3, &g))
            let x = gaussianParameter(2, geometry.inputSize, &g, name: "images")
            let reduce = weightedSum(layer(x), &g)
            expectGradientsMatch([x] + layer.parameters) { reduce(layer(x)) }
        }
    }
}
