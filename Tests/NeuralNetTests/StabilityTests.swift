import LinearAlgebra
@testable import NeuralNet
import Testing

@Suite("Numerical stability") struct StabilityTests {
    struct CrossEntropyLargeLogits: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            let logits = Tensor<S>.parameter(Matrix([[1000, 0, -1000], [-1000, 1000, 999]]))
            let loss = softmaxCrossEntropy(logits, labels: [0, 2])
            // Row 1: log(1 + e⁻¹⁰⁰⁰ + e⁻²⁰⁰⁰) ≈ 0. Row 2: logsumexp = 1000 + log(1 + e⁻¹) − 999.
            let expected = (0 + (1 + log1pOfExpMinusOne())) / 2
            #expect(abs(Double(loss.scalarValue) - expected) < S.bound(double: 1e-12, float: 1e-4))
            loss.backward()
            #expect(logits.gradient!.isFinite)
        }
    }

    @Test("softmax cross-entropy with logits of ±1000 is finite and exact", arguments: Precision.allCases)
    func crossEntropyLargeLogits(precision: Precision) throws { try precision.run(CrossEntropyLargeLogits()) }

    struct NanThroughRelu: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            var g = Samples<S>(seed: 70)
            let network = Sequential<S>.multilayerPerceptron(sizes: [3, 4, 2], activation: .relu, using: &g.generator)
            var input = g.matrix(5, 3)
            input[2, 1] = .nan
            #expect(Tensor(input).relu().value[2, 1].isNaN)
            let target = g.matrix(5, 2)
            do {
                _ = try train(steps: 3, optimizer: SGD(parameters: network.parameters, learningRate: 0.1)) { _ in
                    meanSquaredError(network(Tensor(input)), target)
                }
                Issue.record("training should have stopped")
            } catch {
                guard case .nonFiniteLoss(let step, let loss) = error else {
                    Issue.record("unexpected error \(error)"); return
                }
                #expect(step == 0 && loss.isNaN)
            }
        }
    }

    @Test("a NaN input passes through ReLU (it is not clipped to 0) and stops training at step 0",
          arguments: Precision.allCases)
    func nanThroughRelu(precision: Precision) throws { try precision.run(NanThroughRelu()) }

    struct ExtremeActivations: GenericCheck {
        func run<S: NeuralScalar>(_: S.Type) {
            let x = Tensor<S>(Matrix([[800, -800, 0]]))
            let s = x.sigmoid().value
            #expect(s[0, 0] == 1 && s[0, 1] >= 0 && Double(s[0, 1]) < 1e-300 && s[0, 2] == 0.5)
            let p = x.softmaxRows().value
            #expect(p.isFinite && p[0, 0] == 1)
        }
    }

    @Test("sigmoid and softmax do not overflow at ±800", arguments: Precision.allCases)
    func extremeActivations(precision: Precision) throws { try precision.run(ExtremeActivations()) }
}

/// log(1 + e⁻¹) by its series, test-only.
func log1pOfExpMinusOne() -> Double {
    let y = naturalExp(-1)          // log(1 + y) = Σ (−1)^(n+1) yⁿ/n, converges for y = 0.37
    var sum = 0.0, power = 1.0
    for n in 1..<80 { power *= y; sum += (n % 2 == 1 ? 1 : -1) * power / Double(n) }
    return sum
}

@Suite("Float") struct FloatTests {
    /// Runs the same network in `Scalar` precision on the same numbers and returns every parameter gradient.
    func gradients<Scalar: NeuralScalar>(_: Scalar.Type, seed: UInt64) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        func matrix(_ r: Int, _ c: Int) -> Matrix<Scalar> { .gaussian(rows: r, columns: c, standardDeviation: 0.5, using: &g) }
        let geometry = ConvolutionGeometry(inputLength: 8, inputChannels: 2, kernelSize: 3, padding: 1)
        let convolution = Convolution(geometry: geometry, kernel: matrix(6, 2), bias: matrix(1, 2))
        let attention = SelfAttention(queryWeight: matrix(16, 4), keyWeight: matrix(16, 4), valueWeight: matrix(16, 4))
        let head = Linear(weight: matrix(4, 3), bias: matrix(1, 3))
        let embedding = Embedding(table: matrix(10, 16))
        let images = Tensor(matrix(5, 16))
        let tokens = embedding([1, 4, 4, 9, 0])
        let features = convolution(images).sigmoid() + tokens.tanh()
        let logits = head(attention(features).relu())
        softmaxCrossEntropy(logits, labels: [0, 1, 2, 1, 0]).backward()
        let parameters = convolution.parameters + attention.parameters + head.parameters + embedding.parameters
        return parameters.map { $0.gradient!.elements.map { Double($0) } }
    }

    @Test("Float gradients of a graph using most rules agree with Double to Float precision")
    func floatMatchesDouble() {
        let single = gradients(Float.self, seed: 80), double = gradients(Double.self, seed: 80)
        for (f, d) in zip(single, double) {
            let difference = zip(f, d).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            let size = d.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(difference <= 1e-5 * max(size, 1e-3), "relative difference \(difference / size)")
        }
    }
}
