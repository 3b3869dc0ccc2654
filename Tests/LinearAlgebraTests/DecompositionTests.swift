import Testing
import LinearAlgebra
import Foundation

// LAPACK's SVD, eigensolvers and QR are backward stable: the computed factors are exact for a matrix
// within p(m, n)·u·‖A‖ of A, with p a modest polynomial (LAPACK Users' Guide, §4.9). We allow
// 8·max(m, n)·u·‖A‖_F for reconstructions and 8·max(m, n)·u for orthonormality.

let decompositionShapes = [(1, 1), (2, 2), (5, 3), (3, 5), (17, 17), (40, 9), (9, 40), (64, 63)]

struct SVDReconstructs: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        for (index, (m, n)) in decompositionShapes.enumerated() {
            let a: Matrix<S> = randomMatrix(m, n, seed: UInt64(300 + index))
            let tolerance = 8 * Double(max(m, n)) * S.unitRoundoff
            let normA = Double(a.frobeniusNorm())
            for mode in [SingularVectors.thin, .full] {
                let f = try a.svd(vectors: mode)
                let u = try #require(f.u), vt = try #require(f.vt)
                let r = min(m, n)
                #expect(f.singularValues.count == r)
                #expect(zip(f.singularValues, f.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
                #expect(f.singularValues.allSatisfy { $0 >= 0 })
                let sigma = Matrix<S>.diagonal(rows: u.columns, columns: vt.rows,
                                                 f.singularValues + [S](repeating: 0, count: min(u.columns, vt.rows) - r))
                let rebuilt = u * sigma * vt
                #expect(maxDifference(rebuilt, a) <= tolerance * normA, "UΣVᵀ ≠ A at \(m)×\(n) (\(mode))")
                #expect(orthonormalityError(u) <= tolerance, "UᵀU ≠ I at \(m)×\(n)")
                #expect(orthonormalityError(vt.transposed()) <= tolerance, "VᵀV ≠ I at \(m)×\(n)")
                if mode == .thin { #expect(u.shape == (m, r) && vt.shape == (r, n)) }
                else { #expect(u.shape == (m, m) && vt.shape == (n, n)) }
            }
            let valuesOnly = try a.singularValues()
            let withVectors = try a.svd(vectors: .thin).singularValues
            for (x, y) in zip(valuesOnly, withVectors) {
                #expect(Double(Swift.abs(x - y)) <= tolerance * normA)
            }
        }
    }
}

struct KnownDecompositions: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let u = S.unitRoundoff
        // diag(3, −4) has singular values 4, 3.
        let s = try Matrix<S>([[3, 0], [0, -4]]).singularValues()
        #expect(Double(Swift.abs(s[0] - 4)) <= 8 * u && Double(Swift.abs(s[1] - 3)) <= 8 * u)
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let e = try Matrix<S>([[2, 1], [1, 2]]).symmetricEigen()
        #expect(Double(Swift.abs(e.eigenvalues[0] - 1)) <= 8 * u && Double(Swift.abs(e.eigenvalues[1] - 3)) <= 8 * u)
        let v = try #require(e.eigenvectors)
        #expect(Double(Swift.abs(Swift.abs(v[0, 1]) - S(0.5).squareRoot())) <= 8 * u)
        #expect(Double(v[0, 1] * v[1, 1]) > 0, "the eigenvector of 3 is along (1, 1)")
        // A rotation by 90° has eigenvalues ±i.
        let rotation = try Matrix<S>([[0, -1], [1, 0]]).eigenvalues()
        #expect(rotation.count == 2)
        #expect(rotation.allSatisfy { Double(Swift.abs($0.real)) <= 8 * u && Double(Swift.abs(Swift.abs($0.imaginary) - 1)) <= 8 * u })
        #expect(rotation[0].imaginary == -rotation[1].imaginary)
        // 1×1 cases.
        #expect(try Matrix<S>([[-5]]).singularValues() == [5])
        #expect(try Matrix<S>([[-5]]).symmetricEigen().eigenvalues == [-5])
        #expect(try Matrix<S>([[-5]]).eigenvalues() == [Complex(-5, 0)])
        let qr1 = try Matrix<S>([[-5]]).qr()
        #expect(Swift.abs(qr1.q[0, 0]) == 1 && qr1.q[0, 0] * qr1.r[0, 0] == -5)
    }
}

struct SymmetricEigenReconstructs: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        for n in [1, 2, 7, 33] {
            let x: Matrix<S> = randomMatrix(n, n, seed: UInt64(400 + n))
            let a = x + x.transposed()
            let f = try a.symmetricEigen()
            let v = try #require(f.eigenvectors)
            let tolerance = 8 * Double(n) * S.unitRoundoff
            #expect(zip(f.eigenvalues, f.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
            #expect(maxDifference(a * v, v * Matrix.diagonal(f.eigenvalues)) <= tolerance * Double(a.frobeniusNorm()))
            #expect(orthonormalityError(v) <= tolerance)
            let valuesOnly = try a.symmetricEigen(vectors: false)
            #expect(valuesOnly.eigenvectors == nil)
            // Trace equals the sum of the eigenvalues.
            let sum = f.eigenvalues.map { Double($0) }.reduce(0, +)
            #expect(Swift.abs(sum - Double(a.trace())) <= tolerance * Double(a.frobeniusNorm()) * Double(n))
        }
    }
}

struct IdentityPlusShiftsEigenvalues: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let n = 24
        var g = SeededGenerator(seed: 11)
        let w = Matrix<S>.gaussian(rows: n, columns: n, standardDeviation: S(1 / Double(n).squareRoot()), using: &g)
        let lw = try w.eigenvalues()
        let lshift = try (Matrix<S>.identity(n) + w).eigenvalues()
        // Eigenvalues of a nonnormal matrix are sensitive: a perturbation of size δ can move them by up to
        // about κ(V)·δ, and near-defective ones by √δ. We allow n·√u·‖W‖_F, generous but still far smaller
        // than the spacing of the spectrum of a Gaussian matrix (about 1/√n) — a wrong shift would fail.
        let tolerance = Double(n) * S.unitRoundoff.squareRoot() * Double(w.frobeniusNorm())
        var unmatched = lshift.map { (Double($0.real) - 1, Double($0.imaginary)) }
        for l in lw {
            let target = (Double(l.real), Double(l.imaginary))
            let distances = unmatched.map { hypot($0.0 - target.0, $0.1 - target.1) }
            let best = try #require(distances.indices.min { distances[$0] < distances[$1] })
            #expect(distances[best] <= tolerance, "λ(I+W) − 1 has no match for λ(W) = \(l)")
            unmatched.remove(at: best)
        }
        #expect(lw.contains { $0.imaginary != 0 }, "a Gaussian 24×24 matrix has complex eigenvalues")
    }
}

struct QRFactorizes: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        for (index, (m, n)) in decompositionShapes.enumerated() {
            let a: Matrix<S> = randomMatrix(m, n, seed: UInt64(500 + index))
            let f = try a.qr()
            let r = min(m, n)
            let tolerance = 8 * Double(max(m, n)) * S.unitRoundoff
            #expect(f.q.shape == (m, r) && f.r.shape == (r, n))
            #expect(maxDifference(f.q * f.r, a) <= tolerance * Double(a.frobeniusNorm()))
            #expect(orthonormalityError(f.q) <= tolerance)
            for i in 0..<r { for j in 0..<min(i, n) { #expect(f.r[i, j] == 0, "R is upper triangular") } }
        }
    }
}

struct BadInputThrows: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        for bad in [S.nan, S.infinity, -S.infinity] {
            let a = Matrix<S>([[1, 2], [bad, 4]])
            #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "svd", shape: "2×2")) { try a.svd() }
            #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "qr", shape: "2×2")) { try a.qr() }
            #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "eigenvalues", shape: "2×2")) { try a.eigenvalues() }
            #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "symmetricEigen", shape: "2×2")) {
                try Matrix<S>([[1, bad], [bad, 4]]).symmetricEigen()
            }
            #expect(throws: LinearAlgebraError.self) { try a.conditionNumber() }
            #expect(throws: LinearAlgebraError.self) { try a.spectralNorm() }
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix<S>([[1, 2], [3, 4]]).symmetricEigen() }
        // Empty matrices: well-defined empty results.
        let empty = Matrix<S>.zeros(rows: 0, columns: 3)
        #expect(try empty.singularValues().isEmpty)
        let thin = try empty.svd(vectors: .thin)
        #expect(thin.u?.rows == 0 && thin.u?.columns == 0 && thin.vt?.rows == 0 && thin.vt?.columns == 3)
        let q = try empty.qr()
        #expect(q.q.shape == (0, 0) && q.r.shape == (0, 3))
        #expect(try Matrix<S>.zeros(rows: 0, columns: 0).eigenvalues().isEmpty)
        #expect(try Matrix<S>.zeros(rows: 0, columns: 0).symmetricEigen().eigenvalues.isEmpty)
    }
}

@Suite struct DecompositionTests {
    @Test(arguments: Precision.allCases) func svdReconstructs(_ p: Precision) throws { try p.run(SVDReconstructs()) }
    @Test(arguments: Precision.allCases) func knownValues(_ p: Precision) throws { try p.run(KnownDecompositions()) }
    @Test(arguments: Precision.allCases) func symmetricEigen(_ p: Precision) throws { try p.run(SymmetricEigenReconstructs()) }
    @Test(arguments: Precision.allCases) func eigenvaluesOfIdentityPlusW(_ p: Precision) throws { try p.run(IdentityPlusShiftsEigenvalues()) }
    @Test(arguments: Precision.allCases) func qr(_ p: Precision) throws { try p.run(QRFactorizes()) }
    @Test(arguments: Precision.allCases) func badInput(_ p: Precision) throws { try p.run(BadInputThrows()) }

    @Test func errorsReadWell() {
        #expect(LinearAlgebraError.nonFiniteInput(operation: "svd", shape: "2×2").description
                == "svd: input 2×2 contains NaN or infinity")
        #expect(LinearAlgebraError.lapackFailure(routine: "svd (?gesdd)", info: 3).description
                == "svd (?gesdd): LAPACK did not converge (info = 3)")
    }
}
