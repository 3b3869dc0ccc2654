import LinearAlgebra

/// The end-to-end input–output Jacobian `J[i, j] = ∂yᵢ/∂xⱼ` of `function` at `point`, by reverse mode:
/// the graph is built once and walked backward once per output with a unit seed (each pass gives one
/// row of J). Inputs and outputs are flattened in row-major order, so a 1 × n point and a 1 × m output
/// give an m × n Jacobian.
///
/// The parameters' accumulated gradients are left as they were: the passes' contributions to them are
/// undone, so this can be called in the middle of training.
public func inputOutputJacobian<Scalar: NeuralScalar>(
    of function: (Tensor<Scalar>) -> Tensor<Scalar>, at point: Matrix<Scalar>
) -> Matrix<Scalar> {
    let input = Tensor(point, requiresGradient: true, name: "jacobian.input")
    let output = function(input)
    precondition(output.requiresGradient,
                 "inputOutputJacobian: the output \(output) does not depend on the input")
    let leaves = output.topologicalOrder().filter { $0.isLeaf && $0 !== input }
    let saved = leaves.map { ($0.gradientBuffer, $0.hasGradient, $0.bufferIsZero, $0.touchedRows) }

    let m = output.rows * output.columns, n = point.rows * point.columns
    var jacobian = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    var seed = Matrix<Scalar>(rows: output.rows, columns: output.columns, repeating: 0)
    for i in 0..<m {
        seed.withUnsafeMutableElements { $0[i] = 1 }
        input.clearGradient()
        output.backward(seed: seed)
        seed.withUnsafeMutableElements { $0[i] = 0 }
        if let g = input.gradient {
            g.withUnsafeElements { source in
                jacobian.withUnsafeMutableElements { row in
                    for j in 0..<n { row[i * n + j] = source[j] }
                }
            }
        }
    }
    for (leaf, state) in zip(leaves, saved) {
        leaf.gradientBuffer = state.0
        leaf.hasGradient = state.1
        leaf.bufferIsZero = state.2
        leaf.touchedRows = state.3
    }
    return jacobian
}

/// The Jacobian of a layer (or a whole ``Sequential`` network) at a point: see
/// ``inputOutputJacobian(of:at:)``.
public func inputOutputJacobian<L: Layer>(of layer: L, at point: Matrix<L.Scalar>) -> Matrix<L.Scalar> {
    inputOutputJacobian(of: { layer($0) }, at: point)
}

/// The singular values σ₁ ≥ σ₂ ≥ … of the input–output Jacobian at `point` (LinearAlgebra's SVD,
/// LAPACK ?GESDD). All of them near 1 is *dynamical isometry* (Saxe et al. 2014; Pennington,
/// Schoenholz & Ganguli 2017): the network neither amplifies nor shrinks any direction.
public func jacobianSingularValues<Scalar: NeuralScalar>(
    of function: (Tensor<Scalar>) -> Tensor<Scalar>, at point: Matrix<Scalar>
) throws(LinearAlgebraError) -> [Scalar] {
    try inputOutputJacobian(of: function, at: point).singularValues()
}

/// The singular values of a layer's (or network's) input–output Jacobian at `point`.
public func jacobianSingularValues<L: Layer>(of layer: L, at point: Matrix<L.Scalar>) throws(LinearAlgebraError) -> [L.Scalar] {
    try inputOutputJacobian(of: layer, at: point).singularValues()
}
