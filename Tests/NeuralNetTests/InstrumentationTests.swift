import LinearAlgebra
@testable import NeuralNet
import Testing

/// In Double only: these check that norms survive 100 layers to 1e-10, which Float cannot resolve.
@Suite("Instrumentation: gradient norms, Jacobians, RNN signals") struct InstrumentationTests {
    @Test("orthogonal initialization of a 100-layer deep linear net preserves the gradient norm to 1e-10")
    func deepLinearOrthogonal() {
        var g = SeededGenerator(seed: 60)
        let width = 32, depth = 100
        let network = Sequential<Double>.multilayerPerceptron(
            sizes: Array(repeating: width, count: depth + 1), activation: .identity, bias: false,
            initialization: .orthogonal(gain: 1), using: &g)
        #expect(network.layers.count == depth)
        let x = Tensor(gaussianMatrix(8, width, &g))
        let seed = gaussianMatrix(8, width, &g)
        network(x).backward(seed: seed)
        let reference = seed.frobeniusNorm()
        let statistics = network.statistics()
        var worst = 0.0
        for layer in statistics {
            // ∂L/∂h_l = seed · W_100ᵀ ⋯ W_{l+1}ᵀ: a product of orthogonal matrices keeps the norm.
            worst = max(worst, abs(layer.activationGradientNorm / reference - 1))
        }
        #expect(worst < 1e-10, "largest relative change of ‖∂L/∂h‖ over 100 layers: \(worst)")
        // The weight gradients h_{l−1}ᵀ·∂L/∂h_l all have the norm of xᵀ·seed.
        let expected = (x.value.transposed() * seed).frobeniusNorm()
        let weightWorst = statistics.map { abs($0.parameterGradientNorm / expected - 1) }.max()!
        #expect(weightWorst < 1e-10, "largest relative deviation of ‖∂L/∂W_l‖: \(weightWorst)")
    }

    @Test("…while a Gaussian initialization with the same variance does not")
    func deepLinearGaussian() {
        var g = SeededGenerator(seed: 61)
        let width = 32
        let network = Sequential<Double>.multilayerPerceptron(
            sizes: Array(repeating: width, count: 101), activation: .identity, bias: false,
            initialization: .gaussian(standardDeviation: (1.0 / Double(width)).squareRoot()), using: &g)
        let x = Tensor(gaussianMatrix(8, width, &g))
        let seed = gaussianMatrix(8, width, &g)
        network(x).backward(seed: seed)
        let norms = network.statistics().map(\.activationGradientNorm)
        let spread = norms.max()! / norms.min()!
        #expect(spread > 2, "Gaussian layers should change the gradient norm noticeably, spread \(spread)")
    }

    @Test("the Jacobian of a deep linear net is the product of its weights; orthogonal layers give singular values 1")
    func jacobianOfDeepLinear() throws {
        var g = SeededGenerator(seed: 62)
        let network = Sequential<Double>.multilayerPerceptron(
            sizes: Array(repeating: 16, count: 21), activation: .identity, bias: false,
            initialization: .orthogonal(gain: 1), using: &g)
        let point = gaussianMatrix(1, 16, &g)
        let jacobian = inputOutputJacobian(of: network, at: point)
        // y = x W₁⋯W₂₀, so J = ∂y/∂x = (W₁⋯W₂₀)ᵀ.
        var product = Matrix<Double>.identity(16)
        for case let layer as Linear<Double> in network.layers { product = product * layer.weight.value }
        #expect((jacobian - product.transposed()).maxAbs() < 1e-12)
        let singularValues = try jacobianSingularValues(of: network, at: point)
        #expect(singularValues.allSatisfy { abs($0 - 1) < 1e-12 }, "\(singularValues)")
    }

    @Test("the Jacobian of a nonlinear network matches finite differences, and leaves parameter gradients alone")
    func jacobianOfTanhNetwork() {
        var g = SeededGenerator(seed: 63)
        let network = Sequential<Double>.multilayerPerceptron(sizes: [5, 8, 8, 3], activation: .tanh,
                                                              initialization: .xavier, using: &g)
        let point = gaussianMatrix(1, 5, &g)
        network(Tensor(point)).sum().backward()
        let before = network.parameters.map { $0.gradient! }
        let jacobian = inputOutputJacobian(of: network, at: point)
        #expect(zip(network.parameters, before).allSatisfy { $0.gradient! == $1 })
        #expect(jacobian.rows == 3 && jacobian.columns == 5)
        let h = 1e-6
        for j in 0..<5 {
            var plus = point, minus = point
            plus[0, j] += h; minus[0, j] -= h
            let column = (network(Tensor(plus)).value - network(Tensor(minus)).value) / (2 * h)
            for i in 0..<3 { #expect(abs(column[0, i] - jacobian[i, j]) < 1e-8) }
        }
    }

    @Test("RNN signal norms: constant through time for an orthogonal linear RNN, geometric decay for a contracting one")
    func recurrentSignalNorms() {
        var g = SeededGenerator(seed: 64)
        let steps = 30
        for gain in [1.0, 0.9] {
            let cell = RecurrentCell<Double>(inputSize: 4, hiddenSize: 8, activation: .identity,
                                             recurrentInitialization: .orthogonal(gain: gain), using: &g)
            // The signal enters only through h₀; inputs are zero.
            let inputs = (0..<steps).map { _ in Tensor(Matrix<Double>(rows: 2, columns: 4, repeating: 0)) }
            let h0 = Tensor(gaussianMatrix(2, 8, &g), requiresGradient: true)
            let states = cell.unroll(inputs, initialState: h0)
            states.last!.backward(seed: gaussianMatrix(2, 8, &g))
            let norms = RecurrentCell.signalNorms(of: states)
            for t in 1..<steps {
                #expect(abs(norms.forward[t] / norms.forward[t - 1] - gain) < 1e-12)
                // Backward: ∂L/∂h_{t} = ∂L/∂h_{t+1} W_hᵀ, so the norm changes by the same factor per step.
                #expect(abs(norms.backward[t - 1] / norms.backward[t] - gain) < 1e-12)
            }
        }
    }
}
