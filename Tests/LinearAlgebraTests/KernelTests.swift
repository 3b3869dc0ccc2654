import Testing
import LinearAlgebra

// The in-place and scaled kernels (gemm into C, axpy, scaling, Hadamard, row gather and scatter-add) that
// NeuralNet's backward pass is written in. The elementwise ones do one rounding per element, so they are
// checked exactly against the same arithmetic written out per element; gemm is checked against the
// allocating gemm within the summation-order bound of ProductTests.

/// `expected[i, j] = f(i, j)` with the elementwise formula, for an exact comparison.
func elementwiseReference<S: MatrixScalar>(_ rows: Int, _ columns: Int, _ f: (Int, Int) -> S) -> Matrix<S> {
    Matrix(rows: rows, columns: columns) { i, j in f(i, j) }
}

struct ElementwiseKernelsAreExact: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        for (rows, columns) in [(0, 3), (1, 1), (7, 13), (33, 17)] {
            let a: Matrix<S> = randomMatrix(rows, columns, seed: 1)
            let b: Matrix<S> = randomMatrix(rows, columns, seed: 2)
            for s: S in [1, -1, 0.37, 0] {
                let expected = elementwiseReference(rows, columns) { a[$0, $1] + s * b[$0, $1] }
                #expect(a.addingScaled(b, by: s) == expected, "addingScaled \(rows)×\(columns), s = \(s)")
                var y = a
                y.addScaled(b, by: s)
                #expect(y == expected, "addScaled \(rows)×\(columns), s = \(s)")
                #expect(a.scaled(by: s) == elementwiseReference(rows, columns) { s * a[$0, $1] })
                var z = a
                z.scale(by: s)
                #expect(z == a.scaled(by: s))
            }
            #expect(a + b == elementwiseReference(rows, columns) { a[$0, $1] + b[$0, $1] })
            #expect(a - b == elementwiseReference(rows, columns) { a[$0, $1] - b[$0, $1] })
            #expect(a.hadamard(b) == elementwiseReference(rows, columns) { a[$0, $1] * b[$0, $1] })
            var sum = a
            sum += b
            #expect(sum == a + b)
            sum -= b
            #expect(sum == elementwiseReference(rows, columns) { (a[$0, $1] + b[$0, $1]) - b[$0, $1] })
        }
    }
}

struct AddScaledIntoItself: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        // The argument is a copy (value semantics): y ← y + 2y, not a read of half-updated storage.
        var y: Matrix<S> = randomMatrix(5, 4, seed: 3)
        let original = y
        y.addScaled(y, by: 2)
        #expect(y == elementwiseReference(5, 4) { original[$0, $1] + 2 * original[$0, $1] })
    }
}

struct GemmIntoMatchesGemm: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let u = S.unitRoundoff
        for (index, shape) in [(1, 1, 1), (7, 5, 3), (16, 9, 33), (40, 3, 2)].enumerated() {
            let (m, n, k) = shape
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let seed = UInt64(10 * index)
                    let a: Matrix<S> = transposeA ? randomMatrix(k, m, seed: seed) : randomMatrix(m, k, seed: seed)
                    let b: Matrix<S> = transposeB ? randomMatrix(n, k, seed: seed + 1) : randomMatrix(k, n, seed: seed + 1)
                    let c0: Matrix<S> = randomMatrix(m, n, seed: seed + 2)
                    let opA = transposeA ? a.transposed() : a, opB = transposeB ? b.transposed() : b
                    let product = gemm(opA, opB)
                    for (alpha, beta) in [(1, 1), (1, 0), (-0.5, 2), (2, -1)] as [(S, S)] {
                        var c = c0
                        gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
                        // α and β are powers of two: the reference's scalings are exact; the two results
                        // differ by the product's summation order and one rounding of the final sum.
                        let reference = product * alpha + c0 * beta
                        let magnitude = Double(alpha.magnitude) * (absolute(opA) * absolute(opB))
                            + Double(beta.magnitude) * absolute(c0)
                        let bound = Double(alpha.magnitude) * productBound(opA, opB) + (4 * u) * magnitude
                        #expect(withinElementwise(c, reference, bound: bound),
                                "\(m)×\(n)×\(k) tA \(transposeA) tB \(transposeB) α \(alpha) β \(beta): \(maxDifference(c, reference))")
                    }
                    // The allocating form with α agrees with gemm into a β = 0 target.
                    var c = c0
                    gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: 2, beta: 0)
                    #expect(c == gemm(a, b, transposeA: transposeA, transposeB: transposeB, alpha: 2))
                }
            }
        }
    }
}

struct GemmIntoEdgeCases: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        // β = 0 never reads C, so NaN there does not reach the result (as BLAS specifies).
        let a: Matrix<S> = randomMatrix(3, 4, seed: 5), b: Matrix<S> = randomMatrix(4, 2, seed: 6)
        var c = Matrix<S>(rows: 3, columns: 2, repeating: .nan)
        gemm(a, b, into: &c, beta: 0)
        #expect(c == gemm(a, b))
        // An inner dimension of 0 leaves β·C.
        let c0: Matrix<S> = randomMatrix(3, 2, seed: 7)
        for beta: S in [0, 1, -0.5] {
            var d = c0
            gemm(Matrix<S>.zeros(rows: 3, columns: 0), Matrix<S>.zeros(rows: 0, columns: 2), into: &d, beta: beta)
            #expect(d == c0.scaled(by: beta))
        }
        // Empty results: nothing to do.
        var empty = Matrix<S>.zeros(rows: 0, columns: 2)
        gemm(Matrix<S>.zeros(rows: 0, columns: 3), Matrix<S>.zeros(rows: 3, columns: 2), into: &empty)
        #expect(empty.shape == (0, 2))
    }
}

struct RowsGatherAndScatter: GenericCheck {
    func run<S: MatrixScalar>(_: S.Type) throws {
        let table: Matrix<S> = randomMatrix(6, 5, seed: 8)
        let indices = [4, 0, 4, 5]
        let gathered = table.gatheringRows(indices)
        #expect(gathered.shape == (4, 5))
        for (r, index) in indices.enumerated() { #expect(gathered.row(r) == table.row(index)) }
        #expect(table.gatheringRows([]).shape == (0, 5))

        // Scatter-add is the adjoint of the gather: rows named twice receive both, others are untouched.
        let source: Matrix<S> = randomMatrix(4, 5, seed: 9)
        var target = table
        target.scatterAddRows(source, at: indices)
        for i in 0..<6 {
            for j in 0..<5 {
                var expected = table[i, j]
                for (r, index) in indices.enumerated() where index == i { expected += source[r, j] }
                #expect(target[i, j] == expected, "(\(i), \(j))")
            }
        }
    }
}

@Suite struct KernelTests {
    @Test(arguments: Precision.allCases) func elementwiseKernelsAreExact(_ p: Precision) throws { try p.run(ElementwiseKernelsAreExact()) }
    @Test(arguments: Precision.allCases) func addScaledIntoItself(_ p: Precision) throws { try p.run(AddScaledIntoItself()) }
    @Test(arguments: Precision.allCases) func gemmIntoMatchesGemm(_ p: Precision) throws { try p.run(GemmIntoMatchesGemm()) }
    @Test(arguments: Precision.allCases) func gemmIntoEdgeCases(_ p: Precision) throws { try p.run(GemmIntoEdgeCases()) }
    @Test(arguments: Precision.allCases) func rowsGatherAndScatter(_ p: Precision) throws { try p.run(RowsGatherAndScatter()) }

    @Test func unsafeUninitializedWritesEveryElement() {
        let m = Matrix<Double>.unsafeUninitialized(rows: 2, columns: 3) { p in
            for i in p.indices { p[i] = Double(i) }
        }
        #expect(m == Matrix([[0, 1, 2], [3, 4, 5]]))
        #expect(Matrix<Float>.unsafeUninitialized(rows: 0, columns: 4) { _ in }.shape == (0, 4))
    }

    @Test func shapeMismatchesNameTheOperation() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var c = Matrix<Double>.zeros(rows: 3, columns: 3)
            gemm(Matrix<Double>.zeros(rows: 3, columns: 4), Matrix<Double>.zeros(rows: 4, columns: 2), into: &c)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("gemm(_:_:into:): cannot add 3×4 times 4×2 into 3×3"), "\(text)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var y = Matrix<Float>.zeros(rows: 2, columns: 2)
            y.addScaled(Matrix<Float>.zeros(rows: 2, columns: 3), by: 1)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("addScaled(_:by:): shapes 2×2 and 2×3 do not conform"), "\(text)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Matrix<Double>.zeros(rows: 2, columns: 2).hadamard(Matrix<Double>.zeros(rows: 3, columns: 2))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("hadamard: shapes 2×2 and 3×2 do not conform"), "\(text)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Matrix<Double>.zeros(rows: 2, columns: 2).gatheringRows([0, 2])
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("gatheringRows(_:): row index 2 out of range for shape 2×2"), "\(text)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var table = Matrix<Float>.zeros(rows: 4, columns: 3)
            table.scatterAddRows(Matrix<Float>.zeros(rows: 2, columns: 3), at: [1])
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("scatterAddRows(_:at:)") && text.contains("needs 1×3"), "\(text)")
        }
    }
}
