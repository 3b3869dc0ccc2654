import LinearAlgebra

/// Updates parameters from their accumulated gradients.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: NeuralScalar
    /// The tensors this optimizer updates.
    var parameters: [Tensor<Scalar>] { get }
    /// One update from the current gradients (parameters without a gradient are left alone).
    func step()
}

extension Optimizer {
    /// Zeroes every parameter's gradient (keeping the buffers).
    public func zeroGradients() { for p in parameters { p.zeroGradient() } }
}

/// Stochastic gradient descent with (heavy-ball) momentum, in the form PyTorch uses:
/// `v ← μ·v + g`, `θ ← θ − η·v`. With `momentum == 0` this is plain SGD, and then a row-sparse
/// gradient (an embedding's) updates only the rows it touched.
public final class SGD<Scalar: NeuralScalar>: Optimizer {
    /// The tensors this optimizer updates.
    public let parameters: [Tensor<Scalar>]
    /// η.
    public var learningRate: Scalar
    /// μ (0 for plain SGD).
    public var momentum: Scalar
    private var velocities: [Matrix<Scalar>?]

    /// An optimizer for `parameters` with step size η = `learningRate` and momentum μ.
    public init(parameters: [Tensor<Scalar>], learningRate: Scalar, momentum: Scalar = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.velocities = Array(repeating: nil, count: parameters.count)
    }

    /// One update from the current gradients (parameters without a gradient are skipped).
    public func step() {
        for (index, parameter) in parameters.enumerated() {
            guard let g = parameter.gradient else { continue }
            if momentum == 0 {
                if let rows = parameter.touchedRows {
                    sgdUpdateRows(&parameter.value, g, rows: rows, learningRate: learningRate)
                } else {
                    parameter.value.addScaled(g, by: -learningRate)
                }
            } else {
                if velocities[index] == nil { velocities[index] = Matrix(rows: g.rows, columns: g.columns, repeating: 0) }
                momentumUpdate(&parameter.value, &velocities[index]!, g, learningRate: learningRate, momentum: momentum)
            }
        }
    }
}

/// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1):
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `θ ← θ − η·m̂/(√v̂ + ε)` with the bias corrections
/// `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
public final class Adam<Scalar: NeuralScalar>: Optimizer {
    /// The tensors this optimizer updates.
    public let parameters: [Tensor<Scalar>]
    /// η.
    public var learningRate: Scalar
    /// Decay rates of the moment estimates, and the denominator's ε.
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    /// Number of steps taken (t).
    public private(set) var stepCount = 0
    private var firstMoments: [Matrix<Scalar>?]
    private var secondMoments: [Matrix<Scalar>?]
    private var beta1Power: Scalar = 1, beta2Power: Scalar = 1

    /// Adam with the paper's defaults (η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸).
    public init(parameters: [Tensor<Scalar>], learningRate: Scalar = 0.001, beta1: Scalar = 0.9,
                beta2: Scalar = 0.999, epsilon: Scalar = 1e-8) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        firstMoments = Array(repeating: nil, count: parameters.count)
        secondMoments = Array(repeating: nil, count: parameters.count)
    }

    /// One update from the current gradients (parameters without a gradient are skipped).
    public func step() {
        stepCount += 1
        beta1Power *= beta1
        beta2Power *= beta2
        let corrected1 = 1 - beta1Power, corrected2 = 1 - beta2Power
        for (index, parameter) in parameters.enumerated() {
            guard let g = parameter.gradient else { continue }
            if firstMoments[index] == nil {
                firstMoments[index] = Matrix(rows: g.rows, columns: g.columns, repeating: 0)
                secondMoments[index] = Matrix(rows: g.rows, columns: g.columns, repeating: 0)
            }
            adamUpdate(&parameter.value, &firstMoments[index]!, &secondMoments[index]!, g,
                       learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       correction1: corrected1, correction2: corrected2)
        }
    }
}

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func sgdUpdateRows<Scalar: NeuralScalar>(_ value: inout Matrix<Scalar>, _ g: Matrix<Scalar>, rows: Set<Int>,
                                         learningRate: Scalar) {
    let n = value.columns
    g.withUnsafeElements { pg in
        value.withUnsafeMutableElements { p in
            for row in rows { for j in 0..<n { p[row * n + j] -= learningRate * pg[row * n + j] } }
        }
    }
}

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func momentumUpdate<Scalar: NeuralScalar>(_ value: inout Matrix<Scalar>, _ velocity: inout Matrix<Scalar>,
                                          _ g: Matrix<Scalar>, learningRate: Scalar, momentum: Scalar) {
    g.withUnsafeElements { pg in
        velocity.withUnsafeMutableElements { pv in
            value.withUnsafeMutableElements { p in
                for i in p.indices {
                    pv[i] = momentum * pv[i] + pg[i]
                    p[i] -= learningRate * pv[i]
                }
            }
        }
    }
}

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func adamUpdate<Scalar: NeuralScalar>(
    _ value: inout Matrix<Scalar>, _ m: inout Matrix<Scalar>, _ v: inout Matrix<Scalar>, _ g: Matrix<Scalar>,
    learningRate: Scalar, beta1: Scalar, beta2: Scalar, epsilon: Scalar, correction1: Scalar, correction2: Scalar
) {
    g.withUnsafeElements { pg in
        m.withUnsafeMutableElements { pm in
            v.withUnsafeMutableElements { pv in
                value.withUnsafeMutableElements { p in
                    for i in p.indices {
                        pm[i] = beta1 * pm[i] + (1 - beta1) * pg[i]
                        pv[i] = beta2 * pv[i] + (1 - beta2) * pg[i] * pg[i]
                        let mHat = pm[i] / correction1, vHat = pv[i] / correction2
                        p[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
                    }
                }
            }
        }
    }
}
