import LinearAlgebra

/// The two precisions every generic test runs in.
enum Precision: String, CaseIterable, CustomStringConvertible, Sendable {
    case float, double
    var description: String { rawValue }
}

/// Runs a generic test body for the chosen precision.
protocol GenericCheck {
    func run<S: MatrixScalar>(_ type: S.Type) throws
}

extension Precision {
    func run(_ check: some GenericCheck) throws {
        switch self {
        case .float: try check.run(Float.self)
        case .double: try check.run(Double.self)
        }
    }
}

/// A deterministic pseudo-random matrix with entries in [-1, 1).
func randomMatrix<S: MatrixScalar>(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<S> {
    var g = SeededGenerator(seed: seed)
    return Matrix<S>.uniform(rows: rows, columns: columns, in: -1..<1, using: &g)
}

/// |A| elementwise, in Double.
func absolute<S: MatrixScalar>(_ a: Matrix<S>) -> Matrix<Double> {
    a.converted(to: Double.self).map { Swift.abs($0) }
}

/// Largest |aᵢⱼ − bᵢⱼ| in Double.
func maxDifference<S: MatrixScalar, T: MatrixScalar>(_ a: Matrix<S>, _ b: Matrix<T>) -> Double {
    (a.converted(to: Double.self) - b.converted(to: Double.self)).maxAbs()
}

/// True when |computed − reference| ≤ bound elementwise, with `bound` a matrix of the same shape.
func withinElementwise<S: MatrixScalar>(_ computed: Matrix<S>, _ reference: Matrix<S>, bound: Matrix<Double>) -> Bool {
    let d = computed.converted(to: Double.self) - reference.converted(to: Double.self)
    for i in 0..<d.rows { for j in 0..<d.columns where !(Swift.abs(d[i, j]) <= bound[i, j]) { return false } }
    return true
}

/// ‖QᵀQ − I‖_max for a matrix with (supposedly) orthonormal columns.
func orthonormalityError<S: MatrixScalar>(_ q: Matrix<S>) -> Double {
    let qtq = gemm(q, q, transposeA: true).converted(to: Double.self)
    return (qtq - Matrix<Double>.identity(q.columns)).maxAbs()
}

extension MatrixScalar {
    /// Unit roundoff u = ε/2 as Double.
    static var unitRoundoff: Double { Double(Self.ulpOfOne) / 2 }
}
