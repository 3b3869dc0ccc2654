import LinearAlgebra
@testable import NeuralNet
import Testing

/// A matrix of N(0, σ²) samples from LinearAlgebra's seeded generator.
func gaussianMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, standardDeviation: Double = 1) -> Matrix<Double> {
    var values: [Double] = []
    values.reserveCapacity(rows * columns)
    for _ in 0..<(rows * columns) { values.append(standardDeviation * generator.nextGaussian()) }
    return Matrix(rows: rows, columns: columns, values)
}

/// A trainable tensor of N(0, σ²) samples.
func gaussianParameter(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, name: String,
                       standardDeviation: Double = 1) -> Tensor<Double> {
    Tensor.parameter(gaussianMatrix(rows, columns, &generator, standardDeviation: standardDeviation), name: name)
}

/// Reduces a tensor to a scalar through a fixed random weighting, so that every entry of the upstream
/// gradient differs (a plain sum would hide transposition mistakes in square cases).
func weightedSum(_ t: Tensor<Double>, _ generator: inout SeededGenerator) -> (Tensor<Double>) -> Tensor<Double> {
    let weights = Tensor(gaussianMatrix(t.rows, t.columns, &generator))
    return { $0.hadamard(weights).sum() }
}

/// The tolerance every finite-difference check in this target uses: central differences with step 1e-5
/// in Double have truncation error ~1e-10 and rounding error ~1e-11 relative, so a correct rule lands
/// well below 1e-6 and a wrong one (a missing factor, a transposition) is off by O(1).
let gradientTolerance = 1e-6
let finiteDifferenceStep = 1e-5

/// Checks the backward pass of `loss` against central differences for `tensors`.
func expectGradientsMatch(_ tensors: [Tensor<Double>], sourceLocation: SourceLocation = #_sourceLocation,
                          _ loss: @escaping () -> Tensor<Double>) {
    let results = gradientCheck(of: loss, withRespectTo: tensors, step: finiteDifferenceStep)
    for result in results {
        #expect(result.relativeError < gradientTolerance, "\(result)", sourceLocation: sourceLocation)
    }
}
