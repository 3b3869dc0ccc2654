import Testing
@testable import LinearAlgebra
import Foundation

struct NormsOfKnownMatrices: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let u = S.unitRoundoff
        #expect(Matrix<S>([[3, 4]]).frobeniusNorm() == 5)
        #expect(Matrix<S>.zeros(rows: 0, columns: 2).frobeniusNorm() == 0)
        // Scaling keeps huge entries from overflowing: ‖(big, big)‖ = √2·big.
        let big = S.greatestFiniteMagnitude / 2
        #expect(Swift.abs(Double(Matrix<S>([[big, big]]).frobeniusNorm() / big) - 2.0.squareRoot()) <= 4 * u)
        #expect(Double(Swift.abs(try Matrix<S>.diagonal([1, -7, 2]).spectralNorm() - 7)) <= 16 * u)
        #expect(Double(Swift.abs(try Matrix<S>.diagonal([1, -7, 2]).conditionNumber() - 7)) <= 32 * u)
        #expect(try Matrix<S>([[1, 2], [2, 4]]).conditionNumber() > S(1) / S(64 * u), "singular: huge or infinite")
        #expect(Matrix<S>([[1, 2], [3, 4]]).trace() == 5)
        #expect(try Matrix<S>.zeros(rows: 0, columns: 0).spectralNorm() == 0)
    }
}

struct HilbertConditionGrowth: GenericCheck {
    /// κ₂(Hₙ) to 17 digits, computed with mpmath at 50 digits (mp.svd_r on mp.hilbert(n)).
    static let exact: [Int: Double] = [
        3: 524.05677758606082, 4: 15513.738738932588, 5: 476607.25024256081, 6: 14951058.640131217,
        8: 15257575741.646943, 10: 16026286870216.883,
    ]
    func run<S: MatrixScalar>(_: S.Type) throws {
        let u = S.unitRoundoff
        var previous: (n: Int, kappa: Double)? = nil
        for n in Self.exact.keys.sorted() {
            let exact = Self.exact[n]!
            // Hₙ is rounded to the working precision first (relative perturbation u per entry), which by
            // itself changes κ by up to about κ·u relative (the smallest singular value moves by ‖ΔH‖ ≈ u·‖H‖).
            // Beyond κ·u ≈ 1 the computed κ means nothing, so only sizes with κ·u < 0.01 are compared.
            guard exact * u < 0.01 else { continue }
            let kappa = Double(try Matrix<S>.hilbert(n).conditionNumber())
            let tolerance = 16 * Double(n) * exact * u
            #expect(Swift.abs(kappa - exact) / exact <= tolerance, "κ(H\(n)) = \(kappa), exact \(exact)")
            // Known growth: about e^(3.5n) ≈ 33ⁿ, so κ grows by 25× to 40× per added row.
            if let previous {
                let perRow = pow(kappa / previous.kappa, 1 / Double(n - previous.n))
                #expect(perRow >= 25 && perRow <= 40, "κ(H\(n)) grows \(perRow)× per row")
            }
            previous = (n, kappa)
        }
    }
}

struct PowerIterationConverges: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        var g = SeededGenerator(seed: 21)
        // σ₁ = 10, σ₂ = 5: the error shrinks by (σ₂/σ₁)² = ¼ per step, so when the relative change falls
        // below tol the remaining error is below tol/3.
        let values: [S] = [10, 5, 3, 1, 0.5]
        let a = Matrix<S>.withSingularValues(values, rows: 30, columns: 20, using: &g)
        let sigma1 = Double(try a.singularValues()[0])
        let tolerance: S = S.self == Float.self ? 1e-5 : 1e-12
        let result = a.powerIteration(tolerance: tolerance, maxIterations: 500, seed: 3)
        #expect(result.converged)
        #expect(result.history.count == result.iterations && result.estimate == result.history.last)
        #expect(Swift.abs(Double(result.estimate) - sigma1) / sigma1 <= Double(tolerance) + 64 * S.unitRoundoff)
        // ‖A·v‖ for the power iterates of AᵀA never decreases (up to rounding).
        for (x, y) in zip(result.history, result.history.dropFirst()) {
            #expect(Double(y) >= Double(x) * (1 - 64 * S.unitRoundoff))
        }
        let capped = a.powerIteration(tolerance: 0, maxIterations: 3)
        #expect(capped.iterations == 3 && !capped.converged)
        let zero = Matrix<S>.zeros(rows: 3, columns: 3).powerIteration()
        #expect(zero.estimate == 0 && zero.converged)
        #expect(powerIteration(Matrix<S>([[2]])).estimate == 2)
    }
}

struct EffectiveRanks: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let u = S.unitRoundoff
        // Equal singular values: entropy ln n, effective rank n.
        #expect(Swift.abs(try Matrix<S>.identity(7).effectiveRank() - 7) <= 64 * u)
        // Rank one: effective rank 1.
        let rankOne = Matrix<S>(columnVector: [1, 2, 3]) * Matrix<S>(rowVector: [4, 5])
        #expect(Swift.abs(try rankOne.effectiveRank() - 1) <= 1e-3, "σ₂ is rounding noise ≈ u·σ₁")
        // σ = (3, 1): p = (¾, ¼), H = −¾ln¾ − ¼ln¼, erank = e^H.
        let h = -0.75 * log(0.75) - 0.25 * log(0.25)
        #expect(Swift.abs(try Matrix<S>.diagonal([3, -1]).effectiveRank() - exp(h)) <= 64 * u)
        #expect(try Matrix<S>.zeros(rows: 3, columns: 3).effectiveRank() == 0)
        // Energy: σ² = (16, 9, 0.01): 16/25.01 < 0.9 ≤ 25/25.01.
        let d = Matrix<S>.diagonal([3, 4, 0.1])
        #expect(try d.energyRank(threshold: 0.5) == 1)
        #expect(try d.energyRank(threshold: 0.9) == 2)
        #expect(try d.energyRank(threshold: 1) == 3)
        #expect(try Matrix<S>.zeros(rows: 2, columns: 2).energyRank() == 0)
    }
}

@Suite struct MeasureTests {
    @Test(arguments: Precision.allCases) func norms(_ p: Precision) throws { try p.run(NormsOfKnownMatrices()) }
    @Test(arguments: Precision.allCases) func hilbertCondition(_ p: Precision) throws { try p.run(HilbertConditionGrowth()) }
    @Test(arguments: Precision.allCases) func powerIteration(_ p: Precision) throws { try p.run(PowerIterationConverges()) }
    @Test(arguments: Precision.allCases) func effectiveRank(_ p: Precision) throws { try p.run(EffectiveRanks()) }
}
