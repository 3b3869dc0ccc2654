#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of `powerIteration`: the estimate of σ₁ and how it got there.
public struct PowerIterationResult<Scalar: MatrixScalar>: Sendable {
    /// The estimate of the largest singular value σ₁ after the last iteration.
    public let estimate: Scalar
    /// Iterations performed.
    public let iterations: Int
    /// The estimate after each iteration (`history.count == iterations`).
    public let history: [Scalar]
    /// True when the relative change fell below the tolerance before the iteration limit.
    public let converged: Bool
    /// The final unit right singular vector estimate v (A·v ≈ σ₁·u).
    public let vector: [Scalar]
}

extension Matrix {
    /// ‖A‖_F = √(Σ aᵢⱼ²), scaled by max|aᵢⱼ| first so that it neither overflows nor underflows
    /// (the idea of LAPACK's ?LASSQ).
    public func frobeniusNorm() -> Scalar {
        let scale = maxAbs()
        if scale == 0 || !scale.isFinite { return scale }
        var sum: Scalar = 0
        for x in storage { let y = x / scale; sum += y * y }
        return scale * sum.squareRoot()
    }

    /// ‖A‖₂ = σ₁, the largest singular value (via SVD). 0 for an empty matrix.
    public func spectralNorm() throws(LinearAlgebraError) -> Scalar {
        try singularValues().first ?? 0
    }

    /// κ₂(A) = σ₁/σᵣ with r = min(m, n) (via SVD); infinity when σᵣ = 0.
    /// - Precondition: not empty (an empty matrix has no condition number).
    public func conditionNumber() throws(LinearAlgebraError) -> Scalar {
        precondition(!isEmpty, "conditionNumber: shape \(shapeDescription) is empty")
        let s = try singularValues()
        return s.last! == 0 ? .infinity : s.first! / s.last!
    }

    /// tr(A) = Σ aᵢᵢ.
    /// - Precondition: square.
    public func trace() -> Scalar {
        precondition(isSquare, "trace: shape \(shapeDescription) is not square")
        return diagonalElements.reduce(0, +)
    }

    /// Estimates σ₁ by power iteration on AᵀA (Golub & Van Loan, Matrix Computations, §8.2.1): v ← AᵀAv/‖AᵀAv‖,
    /// with estimate ‖Av‖ after each step. Stops when |σₖ − σₖ₋₁| ≤ tolerance·σₖ or after `maxIterations`.
    /// The start vector is Gaussian from `seed`, so the run is reproducible. Convergence is linear with
    /// ratio (σ₂/σ₁)²; it is slow when the top two singular values are close.
    public func powerIteration(tolerance: Scalar = 1e-6, maxIterations: Int = 1000, seed: UInt64 = 1)
        -> PowerIterationResult<Scalar>
    {
        precondition(maxIterations >= 1, "powerIteration: maxIterations must be at least 1")
        precondition(!isEmpty, "powerIteration: shape \(shapeDescription) is empty")
        var generator = SeededGenerator(seed: seed)
        var v = (0..<columns).map { _ in Scalar(generator.nextGaussian()) }
        normalize(&v)
        var history: [Scalar] = []
        var previous: Scalar = 0
        var converged = false
        for _ in 0..<maxIterations {
            let av = gemv(self, v)
            let sigma = norm2(av)
            history.append(sigma)
            if sigma == 0 { converged = true; break }   // A·v = 0: A is zero on this start vector
            var w = gemv(self, av, transposed: true)
            normalize(&w)
            v = w
            if history.count > 1 && Swift.abs(sigma - previous) <= tolerance * sigma { converged = true; break }
            previous = sigma
        }
        return PowerIterationResult(estimate: history.last!, iterations: history.count, history: history,
                                    converged: converged, vector: v)
    }

    /// Effective rank of Roy & Vetterli ("The effective rank: a measure of effective dimensionality",
    /// EUSIPCO 2007): exp(H(p)) with pₖ = σₖ/Σσ and H the Shannon entropy (natural log), 0·log 0 = 0.
    /// Lies in [1, min(m, n)] for a nonzero matrix; 0 for a zero or empty matrix.
    public func effectiveRank() throws(LinearAlgebraError) -> Double {
        let s = try singularValues().map { Double($0) }
        let total = s.reduce(0, +)
        if total == 0 { return 0 }
        var entropy = 0.0
        for sigma in s where sigma > 0 {
            let p = sigma / total
            entropy -= p * log(p)
        }
        return exp(entropy)
    }

    /// The number of singular values needed to hold `threshold` of the energy: the smallest k with
    /// Σᵢ≤ₖ σᵢ² ≥ threshold·Σσᵢ² (the rank of the best approximation keeping that fraction of ‖A‖²_F).
    public func energyRank(threshold: Double = 0.99) throws(LinearAlgebraError) -> Int {
        precondition(threshold > 0 && threshold <= 1, "energyRank: threshold \(threshold) must be in (0, 1]")
        let energies = try singularValues().map { Double($0) * Double($0) }
        let total = energies.reduce(0, +)
        if total == 0 { return 0 }
        var cumulative = 0.0
        for (k, e) in energies.enumerated() {
            cumulative += e
            // A relative slack of 1e-12 so that threshold 1 is reached despite rounding in the sum.
            if cumulative >= threshold * total * (1 - 1e-12) { return k + 1 }
        }
        return energies.count
    }

    func norm2(_ x: [Scalar]) -> Scalar {
        let scale = x.reduce(0) { Swift.max($0, Swift.abs($1)) }
        if scale == 0 { return 0 }
        return scale * x.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }

    func normalize(_ x: inout [Scalar]) {
        let n = norm2(x)
        if n > 0 { for i in x.indices { x[i] /= n } }
    }
}

/// Free-function form of `Matrix.powerIteration(tolerance:maxIterations:seed:)`.
public func powerIteration<Scalar>(
    _ a: Matrix<Scalar>, tolerance: Scalar = 1e-6, maxIterations: Int = 1000, seed: UInt64 = 1
) -> PowerIterationResult<Scalar> {
    a.powerIteration(tolerance: tolerance, maxIterations: maxIterations, seed: seed)
}
