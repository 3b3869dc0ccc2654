import LinearAlgebra

// Reverse-mode differentiation: the graph walk and, in `propagateGradient()`, every backward rule of
// the library. Adding an `Operation` case without a rule here is a compile error (the `switch` is
// exhaustive), so a missing rule cannot fail silently.

extension Tensor {
    /// Computes the gradient of this tensor with respect to every tensor it depends on.
    ///
    /// Without a `seed` this tensor must be 1×1 (a loss) and its own gradient is 1. With a seed of this
    /// tensor's shape the pass computes the vector–Jacobian product `seedᵀ·J` (one row of a Jacobian
    /// when the seed is a unit matrix). Leaves *accumulate* into ``gradient`` across calls, until
    /// ``zeroGradient()``; interior tensors of this graph are reset at the start of every call.
    public func backward(seed: Matrix<Scalar>? = nil) {
        precondition(requiresGradient,
                     "backward(): \(self) depends on no tensor that requires a gradient")
        let start: Matrix<Scalar>
        if let seed {
            precondition(seed.rows == rows && seed.columns == columns,
                         "backward(seed:): seed is \(seed.rows)×\(seed.columns) but the tensor is \(shapeDescription)")
            start = seed
        } else {
            precondition(rows == 1 && columns == 1,
                         "backward(): without a seed the tensor must be 1×1 (a loss), but \(self) is \(shapeDescription)")
            start = Matrix(rows: 1, columns: 1, repeating: 1)
        }
        let order = topologicalOrder()
        for node in order where !node.isLeaf { node.clearGradient() }
        accumulateGradient(start)
        for node in order.reversed() where !node.isLeaf {
            node.propagateGradient()
        }
    }

    /// This tensor and every ancestor that requires a gradient, parents before children
    /// (an iterative depth-first post-order, so a 10 000-step unrolled RNN does not overflow the stack).
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var stack: [(node: Tensor, nextParent: Int)] = [(self, 0)]
        while let top = stack.last {
            if top.nextParent < top.node.parents.count {
                stack[stack.count - 1].nextParent += 1
                let parent = top.node.parents[top.nextParent]
                if parent.requiresGradient, visited.insert(ObjectIdentifier(parent)).inserted {
                    stack.append((parent, 0))
                }
            } else {
                stack.removeLast()
                order.append(top.node)
            }
        }
        return order
    }

    /// Adds a dense contribution to ``gradient`` (taking it over without a copy when there is none yet).
    func accumulateGradient(_ contribution: Matrix<Scalar>) {
        guard requiresGradient else { return }
        precondition(contribution.rows == rows && contribution.columns == columns,
                     "gradient of \(self) has shape \(contribution.rows)×\(contribution.columns): a backward rule is wrong")
        touchedRows = nil
        if hasGradient {
            gradientBuffer! += contribution
        } else {
            gradientBuffer = contribution
            hasGradient = true
        }
    }

    /// Adds `α·op(A)·op(B)` to ``gradient`` with one gemm: β = 1 into the current gradient, or β = 0
    /// into the stale buffer of the previous step (no allocation, no clearing).
    func accumulateProductGradient(
        _ a: Matrix<Scalar>, transposed transposeA: Bool, _ b: Matrix<Scalar>, transposed transposeB: Bool,
        alpha: Scalar = 1
    ) {
        guard requiresGradient else { return }
        touchedRows = nil
        if hasGradient {
            gemm(a, b, into: &gradientBuffer!, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 1)
        } else if let stale = gradientBuffer, stale.rows == rows, stale.columns == columns {
            gemm(a, b, into: &gradientBuffer!, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
        } else {
            gradientBuffer = gemm(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha)
        }
        hasGradient = true
    }

    /// Adds the rows of `g` into rows `indices` of ``gradient`` and nowhere else.
    func accumulateRowsGradient(_ g: Matrix<Scalar>, rows indices: [Int]) {
        guard requiresGradient else { return }
        if !hasGradient {
            if !(bufferIsZero && gradientBuffer?.rows == rows && gradientBuffer?.columns == columns) {
                gradientBuffer = Matrix(rows: rows, columns: columns, repeating: 0)
            }
            hasGradient = true
            bufferIsZero = false
            touchedRows = []
        }
        gradientBuffer!.scatterAddRows(g, at: indices)
        if touchedRows != nil { touchedRows!.formUnion(indices) }
    }

    /// The local backward rule of ``operation``: sends ∂/∂(this) on to the parents.
    func propagateGradient() {
        guard let g = gradient else { return }
        switch operation {
        case .leaf:
            return

        case .matrixProduct(let tl, let tr):
            // C = op(A)·op(B). dA and dB are products of G with the other factor, transposes as gemm flags.
            let a = parents[0], b = parents[1]
            switch (tl, tr) {
            case (false, false):   // C = A B:    dA = G Bᵀ,   dB = Aᵀ G
                a.accumulateProductGradient(g, transposed: false, b.value, transposed: true)
                b.accumulateProductGradient(a.value, transposed: true, g, transposed: false)
            case (false, true):    // C = A Bᵀ:   dA = G B,    dB = Gᵀ A
                a.accumulateProductGradient(g, transposed: false, b.value, transposed: false)
                b.accumulateProductGradient(g, transposed: true, a.value, transposed: false)
            case (true, false):    // C = Aᵀ B:   dA = B Gᵀ,   dB = A G
                a.accumulateProductGradient(b.value, transposed: false, g, transposed: true)
                b.accumulateProductGradient(a.value, transposed: false, g, transposed: false)
            case (true, true):     // C = Aᵀ Bᵀ:  dA = Bᵀ Gᵀ,  dB = Gᵀ Aᵀ
                a.accumulateProductGradient(b.value, transposed: true, g, transposed: true)
                b.accumulateProductGradient(g, transposed: true, a.value, transposed: true)
            }

        case .add:
            parents[0].accumulateGradient(g)
            parents[1].accumulateGradient(g)

        case .subtract:
            parents[0].accumulateGradient(g)
            if parents[1].requiresGradient { parents[1].accumulateGradient(g.scaled(by: -1)) }

        case .addRowVector:
            parents[0].accumulateGradient(g)
            if parents[1].requiresGradient { parents[1].accumulateGradient(g.columnSums()) }

        case .hadamard:
            let a = parents[0], b = parents[1]
            if a.requiresGradient { a.accumulateGradient(g.hadamard(b.value)) }
            if b.requiresGradient { b.accumulateGradient(g.hadamard(a.value)) }

        case .scale(let s):
            parents[0].accumulateGradient(g.scaled(by: s))

        case .transpose:
            parents[0].accumulateGradient(g.transposed())

        case .relu:
            parents[0].accumulateGradient(activationGradient(.relu, output: value, upstream: g))
        case .tanh:
            parents[0].accumulateGradient(activationGradient(.tanh, output: value, upstream: g))
        case .sigmoid:
            parents[0].accumulateGradient(activationGradient(.sigmoid, output: value, upstream: g))

        case .softmaxRows:
            parents[0].accumulateGradient(softmaxRowsGradient(output: value, upstream: g))

        case .sum:
            let p = parents[0]
            p.accumulateGradient(Matrix(rows: p.rows, columns: p.columns, repeating: g[0, 0]))

        case .mean:
            let p = parents[0]
            let count = Scalar(Swift.max(1, p.rows * p.columns))
            p.accumulateGradient(Matrix(rows: p.rows, columns: p.columns, repeating: g[0, 0] / count))

        case .gatherRows(let indices):
            // Only the rows that were looked up receive gradient; the rest of the table is not touched.
            parents[0].accumulateRowsGradient(g, rows: indices)

        case .reshape:
            let p = parents[0]
            p.accumulateGradient(reshapedMatrix(g, rows: p.rows, columns: p.columns))

        case .im2col(let geometry):
            let p = parents[0]
            guard p.requiresGradient else { return }
            p.accumulateGradient(geometry.columnsToImages(g, batch: p.rows))

        case .meanSquaredError(let target):
            // L = (1/N) Σ (p − t)²  ⇒  ∂L/∂p = (2/N)(p − t).
            let prediction = parents[0]
            let count = Scalar(Swift.max(1, prediction.rows * prediction.columns))
            var difference = prediction.value - target
            difference.scale(by: 2 * g[0, 0] / count)
            prediction.accumulateGradient(difference)

        case .softmaxCrossEntropy(let labels, let probabilities):
            // L = −(1/B) Σ log softmax(z)[label]  ⇒  ∂L/∂z = (softmax(z) − onehot(label)) / B.
            var d = probabilities
            let n = d.columns
            d.withUnsafeMutableElements { p in
                for (r, label) in labels.enumerated() { p[r * n + label] -= 1 }
            }
            d.scale(by: g[0, 0] / Scalar(Swift.max(1, labels.count)))
            parents[0].accumulateGradient(d)
        }
    }
}
