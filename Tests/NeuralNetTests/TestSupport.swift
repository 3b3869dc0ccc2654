import LinearAlgebra
@testable import NeuralNet
import Testing

/// The two precisions every generic test runs in (as in LinearAlgebraTests).
enum Precision: String, CaseIterable, CustomStringConvertible, Sendable {
    case float, double
    var description: String { rawValue }
}

/// Runs a generic test body for the chosen precision.
protocol GenericCheck {
    func run<S: NeuralScalar>(_ type: S.Type) throws
}

extension Precision {
    func run(_ check: some GenericCheck) throws {
        switch self {
        case .float: try check.run(Float.self)
        case .double: try check.run(Double.self)
        }
    }
}

extension NeuralScalar {
    /// A test's bound in this precision: the Double bound the test has always stated, or its Float
    /// counterpart (usually the same multiple of the unit roundoff, or what the Float computation reaches).
    static func bound(double: Double, float: Double) -> Double { Self.self == Float.self ? float : double }
}

/// N(0, σ²) samples from LinearAlgebra's seeded generator, drawn in Double and rounded to `S`: a Float
/// test sees the Double test's numbers, rounded.
func gaussianMatrix<S: NeuralScalar>(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator,
                                     standardDeviation: Double = 1, as _: S.Type) -> Matrix<S> {
    var values: [S] = []
    values.reserveCapacity(rows * columns)
    for _ in 0..<(rows * columns) { values.append(S(standardDeviation * generator.nextGaussian())) }
    return Matrix(rows: rows, columns: columns, values)
}

/// A matrix of N(0, σ²) samples in Double (the tests that run in Double only).
func gaussianMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, standardDeviation: Double = 1) -> Matrix<Double> {
    gaussianMatrix(rows, columns, &generator, standardDeviation: standardDeviation, as: Double.self)
}

/// A trainable tensor of N(0, σ²) samples in Double.
func gaussianParameter(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, name: String,
                       standardDeviation: Double = 1) -> Tensor<Double> {
    Samples<Double>.parameter(rows, columns, &generator, name: name, standardDeviation: standardDeviation)
}

/// The seeded samples of one generic test, in its precision `S`: `Samples<S>(seed:)` draws the same
/// numbers as `SeededGenerator(seed:)` with the Double helpers above.
struct Samples<S: NeuralScalar> {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func matrix(_ rows: Int, _ columns: Int, standardDeviation: Double = 1) -> Matrix<S> {
        gaussianMatrix(rows, columns, &generator, standardDeviation: standardDeviation, as: S.self)
    }

    mutating func parameter(_ rows: Int, _ columns: Int, name: String, standardDeviation: Double = 1) -> Tensor<S> {
        Self.parameter(rows, columns, &generator, name: name, standardDeviation: standardDeviation)
    }

    /// Reduces a tensor to a scalar through a fixed random weighting, so that every entry of the upstream
    /// gradient differs (a plain sum would hide transposition mistakes in square cases).
    mutating func weightedSum(_ t: Tensor<S>) -> (Tensor<S>) -> Tensor<S> {
        let weights = Tensor(matrix(t.rows, t.columns))
        return { $0.hadamard(weights).sum() }
    }

    static func parameter(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, name: String,
                          standardDeviation: Double) -> Tensor<S> {
        Tensor.parameter(gaussianMatrix(rows, columns, &generator, standardDeviation: standardDeviation, as: S.self), name: name)
    }
}

/// Central-difference step and tolerance of every finite-difference check in this target.
/// Double: step 1e-5 has truncation error ~1e-10 and rounding error ~1e-11 relative, so a correct rule
/// lands well below 1e-6. Float: step 1e-3 (near ∛ε) has rounding error ~1e-4 relative, so the bound is
/// 1e-2. Either way a wrong rule (a missing factor, a transposition) is off by O(1).
extension NeuralScalar {
    static var finiteDifferenceStep: Self { Self.self == Float.self ? 1e-3 : 1e-5 }
    static var gradientTolerance: Double { bound(double: 1e-6, float: 1e-2) }
}

/// Checks the backward pass of `loss` against central differences for `tensors`.
func expectGradientsMatch<S: NeuralScalar>(_ tensors: [Tensor<S>], sourceLocation: SourceLocation = #_sourceLocation,
                                           _ loss: @escaping () -> Tensor<S>) {
    let results = gradientCheck(of: loss, withRespectTo: tensors, step: S.finiteDifferenceStep)
    for result in results {
        #expect(result.relativeError < S.gradientTolerance, "\(S.scalarName) \(result)", sourceLocation: sourceLocation)
    }
}
