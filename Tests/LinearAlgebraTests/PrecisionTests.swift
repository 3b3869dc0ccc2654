import Testing
import LinearAlgebra
import Foundation

@Suite struct PrecisionTests {
    @Test func accurateFloatProductIsCorrectlyRoundedDoubleResult() {
        let a: Matrix<Float> = randomMatrix(30, 200, seed: 61), b: Matrix<Float> = randomMatrix(200, 25, seed: 62)
        // Float inputs are exact in Double; Double gemm has error ≤ γ_k(d)·|A||B|, negligible next to Float's u.
        let exact = gemm(a.converted(to: Double.self), b.converted(to: Double.self))
        let accurate = accurateProduct(a, b)
        let plain = gemm(a, b)
        // Dot2 (Ogita–Rump–Oishi, Prop. 5.5): |res − c| ≤ u·|c| + γ²ₙ₋₁·(|A||B|) (γ in Float), plus the
        // Double reference's own γ_k(Double)·|A||B|.
        let uf = Float.unitRoundoff, k = 200.0
        let gamma = k * uf / (1 - k * uf)
        let abs = absolute(a) * absolute(b)
        for i in 0..<exact.rows {
            for j in 0..<exact.columns {
                let bound = uf * Swift.abs(exact[i, j]) + (gamma * gamma + 2 * k * Double.unitRoundoff) * abs[i, j]
                #expect(Swift.abs(Double(accurate[i, j]) - exact[i, j]) <= bound)
            }
        }
        let accurateError = relativeError(accurate, reference: exact), plainError = relativeError(plain, reference: exact)
        #expect(accurateError <= plainError, "compensated accumulation is at least as accurate as plain gemm")
        #expect(accurateError <= 2 * uf)
    }

    @Test func withSingularValuesHasThoseSingularValues() throws {
        var g = SeededGenerator(seed: 71)
        let wanted: [Double] = [1000, 10, 1, 0.001]
        let a = Matrix<Double>.withSingularValues(wanted, rows: 9, columns: 6, using: &g)
        let s = try a.singularValues()
        // Backward error of the construction and the SVD: both ≤ c·u·σ₁; absolute bound 64·n·u·σ₁.
        for (x, y) in zip(s, wanted + [0, 0]) { #expect(Swift.abs(x - y) <= 64 * 9 * Double.unitRoundoff * 1000) }
        let k = try Matrix<Double>.withConditionNumber(1e6, size: 12, using: &g).conditionNumber()
        #expect(Swift.abs(k / 1e6 - 1) <= 1e-6)
        let f = try Matrix<Float>.withConditionNumber(100, size: 5, using: &g).conditionNumber()
        #expect(Swift.abs(f / 100 - 1) <= 1e-3)
    }

    @Test func associativityErrorsStayWithinTheirBounds() {
        // (AB)C vs A(BC) in Float against the product of the same Float inputs in Double: the experiment the
        // book runs. Each order's error is bounded componentwise by about 2k·u·(|A||B||C|) (two products of
        // inner dimension k, Higham §3.5), so normwise by 2k·u·‖|A||B||C|‖_F / ‖ABC‖_F relative.
        var g = SeededGenerator(seed: 81)
        let n = 40
        for kappa in [1.0, 1e3, 1e6] {
            let a = Matrix<Double>.withConditionNumber(kappa, size: n, using: &g).converted(to: Float.self)
            let b = Matrix<Double>.withConditionNumber(kappa, size: n, using: &g).converted(to: Float.self)
            let c = Matrix<Float>.gaussian(rows: n, columns: n, using: &g)
            let (ad, bd, cd) = (a.converted(to: Double.self), b.converted(to: Double.self), c.converted(to: Double.self))
            let reference = (ad * bd) * cd
            let magnitude = absolute(a) * absolute(b) * absolute(c)
            let bound = 2 * Double(n) * Float.unitRoundoff * magnitude.frobeniusNorm() / reference.frobeniusNorm()
            #expect(relativeError((a * b) * c, reference: reference) <= bound, "(AB)C at κ = \(kappa)")
            #expect(relativeError(a * (b * c), reference: reference) <= bound, "A(BC) at κ = \(kappa)")
        }
    }

    @Test func convertedRoundTrips() {
        let a = Matrix<Float>([[1.5, -2.25], [1e-3, 3e7]])
        #expect(a.converted(to: Double.self).converted(to: Float.self) == a)
        #expect(Matrix<Double>.hilbert(3)[2, 2] == 0.2)
    }
}
