import Testing
import LinearAlgebra
import Foundation

/// Every value 1…40 in each of m, n, k, paired with eleven representative values of a second dimension
/// (each side of the blocked kernel's 8-row and 16/32-column register tile, and of the test's block
/// sizes), the third cycling through 1…40: 1,320 triples. The full 40³ cube is too slow for the naive
/// kernels in a debug build; it runs when LINALG_EXHAUSTIVE=1 is set (see `exhaustiveCube`; it passed on
/// 2026-11-29 for Float and Double with the first, scalar blocked kernel; the SIMD kernel that replaced it
/// was checked on the whole cube once, by a standalone harness not kept, and Tests/KernelTargets/check
/// checks it on 40×40×13 shapes for each CPU target the machine can run).
let smallShapes: [(m: Int, n: Int, k: Int)] = {
    var shapes: [(Int, Int, Int)] = []
    for x in 1...40 {
        for y in [1, 2, 3, 5, 7, 8, 9, 16, 17, 32, 33] {
            let z = (x * 7 + y * 13) % 40 + 1
            shapes.append((x, y, z)); shapes.append((z, x, y)); shapes.append((y, z, x))
        }
    }
    return shapes
}()
/// Strassen recursion is costly in a debug build: a grid of sizes around powers of two and odd sizes.
let strassenGrid = [1, 2, 3, 5, 8, 13, 21, 40]
let largeOddShapes: [(m: Int, n: Int, k: Int)] = [(97, 131, 67), (129, 65, 257), (1, 300, 211), (255, 1, 129)]

/// Every product computes each element as a sum of k products; any summation order gives an error of at
/// most γₖ·(|A||B|)ᵢⱼ with γₖ = k·u/(1 − k·u) (Higham, Accuracy and Stability, §3.5). Two such results differ
/// by at most 2γₖ(|A||B|)ᵢⱼ; we allow that bound (|A||B| itself computed in Double).
func productBound<S: MatrixScalar>(_ a: Matrix<S>, _ b: Matrix<S>) -> Matrix<Double> {
    let u = S.unitRoundoff, k = Double(a.columns)
    let gamma = k * u / (1 - k * u)
    return (2 * gamma) * (absolute(a) * absolute(b))
}

struct VariantsAgreeWithGemm: GenericCheck {
    let shapes: [(m: Int, n: Int, k: Int)]
    func run<S: MatrixScalar>(_: S.Type) throws {
        var failures = 0
        for (index, shape) in shapes.enumerated() {
            let a: Matrix<S> = randomMatrix(shape.m, shape.k, seed: UInt64(2 * index))
            let b: Matrix<S> = randomMatrix(shape.k, shape.n, seed: UInt64(2 * index + 1))
            let reference = gemm(a, b)
            let bound = productBound(a, b)
            var results: [(String, Matrix<S>)] = LoopOrder.allCases.map { ("naive \($0)", matmulNaive(a, b, order: $0)) }
            results.append(("transposedB", matmulTransposedB(a, b)))
            results.append(("blocked", matmulBlocked(a, b)))
            results.append(("blocked 8/8/8", matmulBlocked(a, b, blockSize: (8, 8, 8))))
            results.append(("small blocks 5/3/7", matmulBlocked(a, b, blockSize: (5, 3, 7))))
            for (name, c) in results where !withinElementwise(c, reference, bound: bound) {
                failures += 1
                Issue.record("\(name) differs from gemm at \(shape.m)×\(shape.k) · \(shape.k)×\(shape.n): max diff \(maxDifference(c, reference))")
            }
            if failures > 10 { return }
        }
    }
}

/// Strassen's error bound is normwise, not elementwise (Higham, Accuracy and Stability, Thm 23.2):
/// ‖C − Ĉ‖ ≤ [(n/n₀)^log₂12 · (n₀² + 5n₀) − 5n] · u · ‖A‖‖B‖ + O(u²) in the max norm, n a power of two
/// ≥ the largest dimension, n₀ the cutoff. gemm's own error is far below that, so we test against it.
func strassenBound<S: MatrixScalar>(_ a: Matrix<S>, _ b: Matrix<S>, cutoff: Int) -> Double {
    var n = 1
    while n < max(a.rows, a.columns, b.columns) { n *= 2 }
    let n0 = Double(min(cutoff, n)), ratio = Double(n) / n0
    let growth = pow(ratio, 3.5849625007211565) * (n0 * n0 + 5 * n0)   // log₂ 12 ≈ 3.585
    return (growth + Double(2 * a.columns)) * S.unitRoundoff
        * a.converted(to: Double.self).maxAbs() * b.converted(to: Double.self).maxAbs()
}

struct StrassenAgreesWithGemm: GenericCheck {
    let shapes: [(m: Int, n: Int, k: Int)]
    let cutoffs: [Int]
    func run<S: MatrixScalar>(_: S.Type) throws {
        var failures = 0
        for (index, shape) in shapes.enumerated() {
            let a: Matrix<S> = randomMatrix(shape.m, shape.k, seed: UInt64(1000 + 2 * index))
            let b: Matrix<S> = randomMatrix(shape.k, shape.n, seed: UInt64(1001 + 2 * index))
            let reference = gemm(a, b)
            for cutoff in cutoffs {
                let report = strassenWithReport(a, b, cutoff: cutoff)
                let diff = maxDifference(report.product, reference)
                let bound = strassenBound(a, b, cutoff: cutoff)
                if !(diff <= bound) {
                    failures += 1
                    Issue.record("strassen(cutoff \(cutoff)) at \(shape.m)×\(shape.k) · \(shape.k)×\(shape.n): diff \(diff) > \(bound)")
                }
            }
            if failures > 10 { return }
        }
    }
}

/// NaN and ±∞ propagate as in gemm: the same elements are NaN and the same are infinite (the blocked
/// kernel pads edge tiles with zeros, and ∞·0 in a padding lane must not leak into C). Strassen, whose
/// block sums let ∞ meet −∞, may turn more elements into NaN, but never a non-finite one into a number.
struct NonFinitePropagation: GenericCheck {
    let shape: (Int, Int, Int)
    func run<S: MatrixScalar>(_: S.Type) throws {
        let (m, k, n) = shape
        var a: Matrix<S> = randomMatrix(m, k, seed: 70), b: Matrix<S> = randomMatrix(k, n, seed: 71)
        a[m / 2, k / 2] = .nan
        a[m - 1, 0] = .infinity
        b[k - 1, n - 1] = -.infinity
        let reference = gemm(a, b)
        var variants: [(String, Matrix<S>)] = LoopOrder.allCases.map { ("naive \($0)", matmulNaive(a, b, order: $0)) }
        variants += [("transposedB", matmulTransposedB(a, b)), ("blocked", matmulBlocked(a, b)),
                     ("blocked 5/3/7", matmulBlocked(a, b, blockSize: (5, 3, 7)))]
        let fast = strassen(a, b, cutoff: 4)
        for i in 0..<m {
            for j in 0..<n where !(reference[i, j].isFinite || !fast[i, j].isFinite)
                || !(reference[i, j].isNaN ? fast[i, j].isNaN : true) {
                Issue.record("strassen at \(m)×\(k)·\(k)×\(n), element (\(i), \(j)): \(fast[i, j]), gemm \(reference[i, j])")
            }
        }
        for (name, c) in variants {
            for i in 0..<m {
                for j in 0..<n where !(reference[i, j].isNaN ? c[i, j].isNaN
                                       : reference[i, j].isInfinite ? c[i, j] == reference[i, j] : c[i, j].isFinite) {
                    Issue.record("\(name) at \(m)×\(k)·\(k)×\(n), element (\(i), \(j)): \(c[i, j]), gemm \(reference[i, j])")
                }
            }
        }
    }
}

@Suite struct ProductTests {
    @Test(arguments: Precision.allCases)
    func everyVariantEqualsGemmOnSmallShapes(_ p: Precision) throws {
        try p.run(VariantsAgreeWithGemm(shapes: smallShapes))
    }

    /// All 64,000 shapes m, n, k ∈ 1…40, every variant, both precisions; opt-in because a debug build needs
    /// about 15 minutes. Optimized, about 40 s here:
    /// `LINALG_EXHAUSTIVE=1 swift test -c release -Xswiftc -enable-testing --filter exhaustiveCube`
    /// (`-enable-testing` because other files of this target use `@testable import`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LINALG_EXHAUSTIVE"] == "1"),
          arguments: Precision.allCases)
    func exhaustiveCube(_ p: Precision) throws {
        var cube: [(m: Int, n: Int, k: Int)] = []
        for m in 1...40 { for n in 1...40 { for k in 1...40 { cube.append((m, n, k)) } } }
        try p.run(VariantsAgreeWithGemm(shapes: cube))
    }

    @Test(arguments: Precision.allCases)
    func everyVariantEqualsGemmOnOddLargeShapes(_ p: Precision) throws {
        try p.run(VariantsAgreeWithGemm(shapes: largeOddShapes))
    }

    @Test(arguments: Precision.allCases)
    func strassenEqualsGemmOnSmallShapes(_ p: Precision) throws {
        // Cutoff 8 recurses up to 3 levels at 40; cutoffs 1 and 2 recurse to 1×1 blocks on the small
        // sizes, through every odd-dimension padding case.
        var grid: [(m: Int, n: Int, k: Int)] = []
        for m in strassenGrid { for n in strassenGrid { for k in strassenGrid { grid.append((m, n, k)) } } }
        try p.run(StrassenAgreesWithGemm(shapes: grid, cutoffs: [8]))
        try p.run(StrassenAgreesWithGemm(shapes: grid.filter { max($0.m, $0.n, $0.k) <= 8 }, cutoffs: [1, 2]))
    }

    @Test(arguments: Precision.allCases)
    func strassenEqualsGemmOnOddLargeShapes(_ p: Precision) throws {
        try p.run(StrassenAgreesWithGemm(shapes: largeOddShapes + [(200, 200, 200)], cutoffs: [16, 64]))
    }

    @Test func strassenReportsRecursionAndWorkspace() {
        let a: Matrix<Double> = randomMatrix(256, 256, seed: 1), b: Matrix<Double> = randomMatrix(256, 256, seed: 2)
        let report = strassenWithReport(a, b, cutoff: 64)
        #expect(report.depth == 2)
        #expect(report.gemmCalls == 49)
        // Level 1 holds two 128×128 operands and their product (3·128²) while level 2 holds the same at 64
        // (3·64²); the leaves are gemm calls.
        let elements = 3 * 128 * 128 + 3 * 64 * 64
        #expect(report.workspaceBytes == elements * 8)
        let direct = strassenWithReport(a, b, cutoff: 256)
        #expect(direct.depth == 0 && direct.gemmCalls == 1 && direct.workspaceBytes == 0)
    }

    @Test func productsOfEmptyAndOneByOneShapes() {
        for (m, n, k) in [(0, 3, 2), (3, 0, 2), (3, 2, 0), (0, 0, 0), (1, 1, 1)] {
            let a: Matrix<Float> = randomMatrix(m, k, seed: 5), b: Matrix<Float> = randomMatrix(k, n, seed: 6)
            let reference = gemm(a, b)
            #expect(reference.shape == (m, n))
            for order in LoopOrder.allCases { #expect(matmulNaive(a, b, order: order) == reference) }
            #expect(matmulTransposedB(a, b) == reference)
            #expect(matmulBlocked(a, b) == reference)
            #expect(strassen(a, b, cutoff: 1) == reference)
        }
    }

    /// NaN and ±∞ in every variant, Float and Double (see `NonFinitePropagation`).
    @Test(arguments: Precision.allCases, [(11, 19, 37), (8, 16, 32), (9, 17, 33), (1, 1, 1), (40, 3, 2), (16, 8, 64)])
    func nonFiniteValuesPropagateAsInGemm(_ p: Precision, _ shape: (Int, Int, Int)) throws {
        try p.run(NonFinitePropagation(shape: shape))
    }

    @Test(arguments: BatchLayout.allCases)
    func batchedProductEqualsGemmPerMatrix(_ layout: BatchLayout) {
        for (count, m, k, n) in [(5, 4, 4, 4), (3, 2, 7, 1), (1, 16, 16, 16), (0, 3, 3, 3), (4, 3, 0, 2)] {
            let aMatrices: [Matrix<Double>] = (0..<count).map { randomMatrix(m, k, seed: UInt64(10 + $0)) }
            let bMatrices: [Matrix<Double>] = (0..<count).map { randomMatrix(k, n, seed: UInt64(50 + $0)) }
            let a = MatrixBatch(aMatrices, layout: layout), b = MatrixBatch(bMatrices, layout: layout)
            let c = batchedMatmul(a, b)
            #expect(c.count == count && c.layout == layout)
            if count > 0 { #expect(c.rows == m && c.columns == n) }
            for i in 0..<count {
                let reference = gemm(aMatrices[i], bMatrices[i])
                #expect(withinElementwise(c[i], reference, bound: productBound(aMatrices[i], bMatrices[i])))
            }
            #expect(a.converted(to: layout == .batchMajor ? .interleaved : .batchMajor).matrices == aMatrices)
        }
    }

    @Test func interleavedLayoutPutsTheBatchIndexFastest() {
        let batch = MatrixBatch([Matrix<Float>([[1, 2]]), Matrix<Float>([[3, 4]])], layout: .interleaved)
        #expect(batch.elements == [1, 3, 2, 4])
        #expect(batch.converted(to: .batchMajor).elements == [1, 2, 3, 4])
    }
}
