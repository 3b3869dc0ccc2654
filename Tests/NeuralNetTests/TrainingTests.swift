import LinearAlgebra
@testable import NeuralNet
import Testing

/// Two interleaved spirals, `pointsPerClass` points each, with a little seeded noise.
func twoSpirals(pointsPerClass: Int, noise: Double, _ generator: inout SeededGenerator) -> (Matrix<Double>, [Int]) {
    var values: [Double] = [], labels: [Int] = []
    for label in 0..<2 {
        for i in 0..<pointsPerClass {
            let t = Double(i) / Double(pointsPerClass)         // 0 … 1
            let radius = 0.1 + 0.9 * t
            let angle = 3 * Double.pi * t + Double(label) * Double.pi
            values.append(radius * cosine(angle) + noise * generator.nextGaussian())
            values.append(radius * sine(angle) + noise * generator.nextGaussian())
            labels.append(label)
        }
    }
    return (Matrix(rows: 2 * pointsPerClass, columns: 2, values), labels)
}

// Taylor series are enough for test data and keep this file free of Foundation.
func sine(_ x: Double) -> Double {
    var y = x.truncatingRemainder(dividingBy: 2 * Double.pi)
    if y > Double.pi { y -= 2 * Double.pi } else if y < -Double.pi { y += 2 * Double.pi }
    var term = y, sum = y
    for n in 1..<20 { term *= -y * y / Double((2 * n) * (2 * n + 1)); sum += term }
    return sum
}
func cosine(_ x: Double) -> Double { sine(x + Double.pi / 2) }

/// The learning tasks run in Double, where their step counts and thresholds were set; `floatNetwork` here
/// and the Float suite (Float gradients against Double ones) cover Float training.
@Suite("Training") struct TrainingTests {
    @Test("an MLP learns two spirals: ≥ 95% training accuracy within 1500 Adam steps (seed 42)")
    func twoSpiralsMLP() throws {
        var g = SeededGenerator(seed: 42)
        let (points, labels) = twoSpirals(pointsPerClass: 100, noise: 0.02, &g)
        let network = Sequential<Double>([
            Linear(weight: gaussianMatrix(2, 32, &g, standardDeviation: 1.5), bias: Matrix(rows: 1, columns: 32, repeating: 0), name: "fc1"),
            Activation(.tanh),
            Linear(weight: gaussianMatrix(32, 32, &g, standardDeviation: (1.0 / 32).squareRoot()), bias: Matrix(rows: 1, columns: 32, repeating: 0), name: "fc2"),
            Activation(.tanh),
            Linear(weight: gaussianMatrix(32, 2, &g, standardDeviation: (1.0 / 32).squareRoot()), bias: Matrix(rows: 1, columns: 2, repeating: 0), name: "out"),
        ])
        let optimizer = Adam(parameters: network.parameters, learningRate: 0.02)
        let x = Tensor(points)
        let history = try train(steps: 1500, optimizer: optimizer) { _ in
            softmaxCrossEntropy(network(x), labels: labels)
        }
        let finalAccuracy = accuracy(logits: network(x).value, labels: labels)
        #expect(history.losses.count == 1500)
        #expect(history.losses.last! < history.losses.first! / 5)
        #expect(finalAccuracy >= 0.95, "accuracy \(finalAccuracy), final loss \(history.losses.last!)")
    }

    @Test("an RNN remembers its first input across 7 distractor steps: 100% accuracy within 300 Adam steps (seed 7)")
    func recurrentMemory() throws {
        var g = SeededGenerator(seed: 7)
        let symbols = 3, length = 8, batch = 60
        // Step 0 shows the symbol to remember; steps 1…7 show random distractor symbols on other channels.
        var labels: [Int] = []
        var steps = (0..<length).map { _ in Matrix<Double>(rows: batch, columns: 2 * symbols, repeating: 0) }
        for b in 0..<batch {
            let label = b % symbols
            labels.append(label)
            steps[0][b, label] = 1
            for t in 1..<length { steps[t][b, symbols + Int(g.next() % UInt64(symbols))] = 1 }
        }
        let inputs = steps.map { Tensor($0) }
        let cell = RecurrentCell<Double>(inputSize: 2 * symbols, hiddenSize: 16, using: &g)
        let readout = Linear<Double>(inputSize: 16, outputSize: symbols, using: &g)
        let optimizer = Adam(parameters: cell.parameters + readout.parameters, learningRate: 0.03)
        let history = try train(steps: 300, optimizer: optimizer) { _ in
            softmaxCrossEntropy(readout(cell.unroll(inputs).last!), labels: labels)
        }
        let finalAccuracy = accuracy(logits: readout(cell.unroll(inputs).last!).value, labels: labels)
        #expect(finalAccuracy == 1, "accuracy \(finalAccuracy), loss \(history.losses.last!)")
        #expect(history.losses.last! < 0.05)
    }

    @Test("a NaN loss stops training with an error naming the step")
    func nonFiniteLossStops() {
        var g = SeededGenerator(seed: 43)
        let layer = Linear(weight: gaussianMatrix(3, 1, &g), name: "fc")
        let x = Tensor(gaussianMatrix(4, 3, &g))
        var target = gaussianMatrix(4, 1, &g)
        let optimizer = SGD(parameters: layer.parameters, learningRate: 0.01)
        do {
            _ = try train(steps: 10, optimizer: optimizer) { step in
                if step == 6 { target[0, 0] = .nan }
                return meanSquaredError(layer(x), target)
            }
            Issue.record("training should have stopped")
        } catch {
            guard case .nonFiniteLoss(let step, let loss) = error else { Issue.record("wrong error \(error)"); return }
            #expect(step == 6)
            #expect(loss.isNaN)
            #expect(error.description.contains("step 6"))
        }
    }

    @Test("a diverging learning rate is caught as an infinite or NaN loss, not trained through")
    func divergenceStops() {
        var g = SeededGenerator(seed: 44)
        let layer = Linear(weight: gaussianMatrix(5, 5, &g), name: "fc")
        let x = Tensor(gaussianMatrix(8, 5, &g, standardDeviation: 10))
        let target = gaussianMatrix(8, 5, &g)
        let optimizer = SGD(parameters: layer.parameters, learningRate: 10)
        #expect(throws: TrainingError.self) {
            try train(steps: 500, optimizer: optimizer) { _ in meanSquaredError(layer(x), target) }
        }
    }

    @Test("SGD with momentum follows v ← μv + g, θ ← θ − ηv")
    func sgdMomentum() {
        let theta = Tensor<Double>.parameter(Matrix([[1.0]]))
        let optimizer = SGD(parameters: [theta], learningRate: 0.1, momentum: 0.9)
        // L = θ², g = 2θ.
        optimizer.zeroGradients(); (theta.hadamard(theta)).sum().backward(); optimizer.step()
        #expect(abs(theta.value[0, 0] - 0.8) < 1e-15)          // v = 2,        θ = 1 − 0.2
        optimizer.zeroGradients(); (theta.hadamard(theta)).sum().backward(); optimizer.step()
        #expect(abs(theta.value[0, 0] - 0.46) < 1e-15)         // v = 1.8+1.6,  θ = 0.8 − 0.34
    }

    @Test("Adam's first step has size η in every coordinate (bias correction)")
    func adamFirstStep() {
        let theta = Tensor<Double>.parameter(Matrix([[1.0, -2.0, 0.001]]))
        let optimizer = Adam(parameters: [theta], learningRate: 0.01, epsilon: 1e-12)
        theta.hadamard(theta).sum().backward()
        optimizer.step()
        let step = Matrix([[1.0, -2.0, 0.001]]) - theta.value
        #expect(abs(step[0, 0] - 0.01) < 1e-9 && abs(step[0, 1] + 0.01) < 1e-9 && abs(step[0, 2] - 0.01) < 1e-9)
    }

    @Test("training records per-layer activation and gradient norms at every step")
    func layerStatistics() throws {
        var g = SeededGenerator(seed: 45)
        let network = Sequential<Double>([
            Linear(weight: gaussianMatrix(3, 4, &g), name: "fc1"), Activation(.relu),
            Linear(weight: gaussianMatrix(4, 2, &g), name: "fc2"),
        ])
        let x = Tensor(gaussianMatrix(6, 3, &g)), target = gaussianMatrix(6, 2, &g)
        let optimizer = SGD(parameters: network.parameters, learningRate: 0.01, momentum: 0.5)
        let history = try train(steps: 3, optimizer: optimizer, recording: network) { _ in
            meanSquaredError(network(x), target)
        }
        #expect(history.layerStatistics.count == 3)
        let first = history.layerStatistics[0]
        #expect(first.map(\.name) == ["fc1", "relu", "fc2"])
        #expect(first.allSatisfy { $0.activationNorm > 0 && $0.activationGradientNorm > 0 })
        #expect(first[0].parameterGradientNorm > 0 && first[1].parameterGradientNorm == 0)
        #expect(history.parameterGradientNorms(layer: 2) == history.layerStatistics.map { $0[2].parameterGradientNorm })
        #expect(history.activationNorms(layer: 0).count == 3 && history.activationGradientNorms(layer: 1).count == 3)
    }

    @Test("Float networks train too")
    func floatNetwork() throws {
        var g = SeededGenerator(seed: 46)
        let w = gaussianMatrix(4, 1, &g)
        let x = gaussianMatrix(32, 4, &g)
        let y = x * w
        let layer = Linear<Float>(weight: Matrix(rows: 4, columns: 1, repeating: 0), name: "fc")
        let xf = Tensor(Matrix<Float>(rows: 32, columns: 4, x.elements.map(Float.init)))
        let yf = Matrix<Float>(rows: 32, columns: 1, y.elements.map(Float.init))
        let history = try train(steps: 300, optimizer: SGD(parameters: layer.parameters, learningRate: 0.05, momentum: 0.9)) { _ in
            meanSquaredError(layer(xf), yf)
        }
        #expect(history.losses.last! < 1e-6)
    }
}
