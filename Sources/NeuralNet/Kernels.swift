import LinearAlgebra

// The inner loops that are NeuralNet's own: the activations, row softmax and their backward rules, and the
// Frobenius norm in Double that instrumentation reports. Products, sums, scaling, Hadamard products and
// row gathers are LinearAlgebra's (`gemm`, `addScaled(_:by:)`, `scaled(by:)`, `hadamard(_:)`,
// `gatheringRows(_:)`, …). Every kernel here is specialised for Float and Double (`@_specialize`): the
// generic `Tensor<Scalar>` code calls them unspecialised, and the specialised bodies are what then run.

/// Elementwise kinds of unary kernels; one switch outside the loop, a tight loop inside each case.
enum UnaryKernel { case relu, tanh, sigmoid }

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func applyUnary<Scalar: NeuralScalar>(_ kernel: UnaryKernel, _ a: Matrix<Scalar>) -> Matrix<Scalar> {
    a.withUnsafeElements { x in
        Matrix.unsafeUninitialized(rows: a.rows, columns: a.columns) { p in
            switch kernel {
            case .relu: for i in p.indices { p[i] = x[i] < 0 ? 0 : x[i] }   // NaN stays NaN, to reach the loss check
            case .tanh: for i in p.indices { p[i] = Scalar.hyperbolicTangent(x[i]) }
            case .sigmoid:
                // σ(x) = 1/(1+e⁻ˣ) for x ≥ 0 and eˣ/(1+eˣ) for x < 0: neither form overflows.
                for i in p.indices {
                    let v = x[i]
                    if v >= 0 { p[i] = 1 / (1 + Scalar.exponential(-v)) }
                    else { let e = Scalar.exponential(v); p[i] = e / (1 + e) }
                }
            }
        }
    }
}

/// Backward of the elementwise activations, from the *output* value `y` and upstream gradient `g`.
enum ActivationDerivative { case relu, tanh, sigmoid }

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func activationGradient<Scalar: NeuralScalar>(
    _ kind: ActivationDerivative, output y: Matrix<Scalar>, upstream g: Matrix<Scalar>
) -> Matrix<Scalar> {
    y.withUnsafeElements { py in
        g.withUnsafeElements { pg in
            Matrix.unsafeUninitialized(rows: g.rows, columns: g.columns) { p in
                switch kind {
                case .relu: for i in p.indices { p[i] = py[i] > 0 ? pg[i] : 0 }
                case .tanh: for i in p.indices { p[i] = pg[i] * (1 - py[i] * py[i]) }
                case .sigmoid: for i in p.indices { p[i] = pg[i] * (py[i] * (1 - py[i])) }
                }
            }
        }
    }
}

/// Softmax of each row, computed as exp(x − max) / Σ exp(x − max) so that it cannot overflow.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func softmaxOfRows<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Matrix<Scalar> {
    var out = a
    let n = a.columns
    guard n > 0 else { return out }
    out.withUnsafeMutableElements { p in
        for r in 0..<a.rows {
            let row = r * n
            var largest = p[row]
            for j in 1..<n where p[row + j] > largest { largest = p[row + j] }
            var total: Scalar = 0
            for j in 0..<n { let e = Scalar.exponential(p[row + j] - largest); p[row + j] = e; total += e }
            let inverse = 1 / total
            for j in 0..<n { p[row + j] *= inverse }
        }
    }
    return out
}

/// Backward of row softmax: `dx = y ∘ (g − rowsum(g ∘ y))`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func softmaxRowsGradient<Scalar: NeuralScalar>(output y: Matrix<Scalar>, upstream g: Matrix<Scalar>) -> Matrix<Scalar> {
    var out = g
    let n = y.columns
    y.withUnsafeElements { py in
        out.withUnsafeMutableElements { p in
            for r in 0..<y.rows {
                let row = r * n
                var dot: Scalar = 0
                for j in 0..<n { dot += p[row + j] * py[row + j] }
                for j in 0..<n { p[row + j] = py[row + j] * (p[row + j] - dot) }
            }
        }
    }
    return out
}

/// The Frobenius norm √(Σ aᵢⱼ²) in Double, scaled to avoid overflow (as LAPACK's ?NRM2 does).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func frobeniusNormOf<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Double {
    a.withUnsafeElements { p in
        var largest = 0.0
        for x in p { largest = Swift.max(largest, Double(x).magnitude) }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        for x in p { let y = Double(x) / largest; sum += y * y }
        return largest * sum.squareRoot()
    }
}
