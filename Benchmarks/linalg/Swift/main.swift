// bench-linalg: GFLOP/s of every LinearAlgebra product, compiled the way chapter code is (another module,
// optimized: build with `swift build -c release`). Prints tab-separated records that
// Benchmarks/linalg/compare.py turns into tables and ratios against C/OpenBLAS and numpy:
//
//   swift <precision> <kernel> <n> <value> <unit>
//
// Run single-threaded: OPENBLAS_NUM_THREADS=1 (run.sh does). Arguments: `--quick` for sizes up to 512;
// `--gemm-only` for only the gemm path and the small-call times (run.sh alternates such rounds with C and
// numpy and keeps the best of each, so a burst of load on the machine does not decide a ratio).
import LinearAlgebra
#if canImport(Glibc)
import Glibc
#endif


let quick = CommandLine.arguments.contains("--quick")
let gemmOnly = CommandLine.arguments.contains("--gemm-only")
let sizes = quick ? [64, 128, 256, 512] : [64, 128, 256, 512, 1024, 2048]
/// Naive loop orders above this size take minutes; they are skipped (the table says so).
let naiveLimit = 512

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Best time of one call of `body`: one warm-up call, then repeated calls until `budget` seconds have
/// passed (at least `minRuns`), keeping the fastest.
@inline(never)
func bestTime<R>(budget: Double = 0.3, minRuns: Int = 2, _ body: () -> R) -> Double {
    blackHole(body())
    var best = Double.infinity, spent = 0.0, runs = 0
    while spent < budget || runs < minRuns {
        let t0 = now()
        blackHole(body())
        let t = now() - t0
        best = min(best, t); spent += t; runs += 1
    }
    return best
}

/// Per-call time of a fast operation: batches of `inner` calls, best batch.
@inline(never)
func perCallTime<R>(inner: Int = 20_000, batches: Int = 15, _ body: () -> R) -> Double {
    var best = Double.infinity
    for _ in 0..<batches {
        let t0 = now()
        for _ in 0..<inner { blackHole(body()) }
        best = min(best, (now() - t0) / Double(inner))
    }
    return best
}

@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func record(_ precision: String, _ kernel: String, _ n: Int, _ value: Double, _ unit: String) {
    print("swift\t\(precision)\t\(kernel)\t\(n)\t\(value)\t\(unit)")
}

func gflops(_ n: Int, _ seconds: Double) -> Double { 2 * Double(n) * Double(n) * Double(n) / seconds / 1e9 }

func benchmarkProducts<S: MatrixScalar>(_: S.Type) {
    let p = S.scalarName.lowercased()
    for n in sizes {
        let a = Matrix<S>.gaussian(rows: n, columns: n, seed: 1)
        let b = Matrix<S>.gaussian(rows: n, columns: n, seed: 2)
        let big = n >= 1024
        record(p, "gemm", n, gflops(n, bestTime { a * b }), "GFLOP/s")
        if gemmOnly { continue }
        if n <= naiveLimit {
            for order in LoopOrder.allCases {
                record(p, "naive-\(order)", n, gflops(n, bestTime(budget: 0.1, minRuns: 1) { matmulNaive(a, b, order: order) }), "GFLOP/s")
            }
        } else if n <= 1024 {
            // The fastest naive order still runs at 1024, for the Strassen crossover.
            record(p, "naive-ikj", n, gflops(n, bestTime(budget: 0, minRuns: 1) { matmulNaive(a, b, order: .ikj) }), "GFLOP/s")
        }
        record(p, "transposedB", n, gflops(n, bestTime(budget: big ? 0 : 0.3, minRuns: 1) { matmulTransposedB(a, b) }), "GFLOP/s")
        record(p, "blocked", n, gflops(n, bestTime(budget: big ? 0 : 0.3, minRuns: 1) { matmulBlocked(a, b) }), "GFLOP/s")
        for cutoff in [64, 128, 256, 1024] where cutoff < n && (cutoff < 1024 || n == 2048) {
            let report = strassenWithReport(a, b, cutoff: cutoff)
            record(p, "strassen-c\(cutoff)", n, gflops(n, bestTime(budget: big ? 0 : 0.3, minRuns: 1) { strassen(a, b, cutoff: cutoff) }), "GFLOP/s")
            record(p, "strassen-c\(cutoff)-workspace", n, Double(report.workspaceBytes) / 1_048_576, "MiB")
        }
        if n <= 1024 && n > 64 {
            // Strassen with naive (ikj) leaves below 64, against the naive kernel: its crossover.
            record(p, "strassen-naive-leaves-c64", n,
                   gflops(n, bestTime(budget: 0, minRuns: 1) { strassen(a, b, cutoff: 64, leaf: .naive(.ikj)) }), "GFLOP/s")
        }
    }
}

func benchmarkSmall<S: MatrixScalar>(_: S.Type) {
    let p = S.scalarName.lowercased()
    for n in [4, 16] {
        let a = Matrix<S>.gaussian(rows: n, columns: n, seed: 3)
        let b = Matrix<S>.gaussian(rows: n, columns: n, seed: 4)
        record(p, "call-A*B", n, perCallTime { a * b } * 1e9, "ns")
        // The BLAS call alone into a preallocated result, as C does: the floor of the gemm path.
        var c = [S](repeating: 0, count: n * n)
        let t = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    perCallTime {
                        S.blasGemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                                   a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, beta: 0,
                                   c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        }
        record(p, "call-blasGemm-only", n, t * 1e9, "ns")
        if gemmOnly { continue }
        // Batched: 10,000 products of n×n matrices in each layout.
        let count = 10_000
        let matricesA = (0..<count).map { Matrix<S>.gaussian(rows: n, columns: n, seed: UInt64(10 + $0)) }
        let matricesB = (0..<count).map { Matrix<S>.gaussian(rows: n, columns: n, seed: UInt64(30_000 + $0)) }
        for layout in BatchLayout.allCases {
            let ba = MatrixBatch(matricesA, layout: layout), bb = MatrixBatch(matricesB, layout: layout)
            let seconds = bestTime { batchedMatmul(ba, bb) }
            record(p, "batched-\(layout.rawValue)", n, Double(count) * 2 * Double(n * n * n) / seconds / 1e9, "GFLOP/s")
        }
        let seconds = bestTime { for i in 0..<count { blackHole(matricesA[i] * matricesB[i]) } }
        record(p, "loop-of-A*B", n, Double(count) * 2 * Double(n * n * n) / seconds / 1e9, "GFLOP/s")
    }
}

/// The same kernels compiled inside LinearAlgebra (LibraryCompiled) and here, in a client module.
func benchmarkInlining() {
    for n in [256, 512] {
        let a = Matrix<Double>.gaussian(rows: n, columns: n, seed: 5), b = Matrix<Double>.gaussian(rows: n, columns: n, seed: 6)
        for order in [LoopOrder.ikj, .ijk] {
            record("double", "inlining-naive-\(order)-client", n, gflops(n, bestTime { matmulNaive(a, b, order: order) }), "GFLOP/s")
            record("double", "inlining-naive-\(order)-library", n, gflops(n, bestTime { LibraryCompiled.matmulNaive(a, b, order: order) }), "GFLOP/s")
        }
        record("double", "inlining-blocked-client", n, gflops(n, bestTime { matmulBlocked(a, b) }), "GFLOP/s")
        record("double", "inlining-blocked-library", n, gflops(n, bestTime { LibraryCompiled.matmulBlocked(a, b) }), "GFLOP/s")
        record("double", "inlining-subscript-ijk-client", n, gflops(n, bestTime { clientMatmulBySubscript(a, b) }), "GFLOP/s")
        record("double", "inlining-subscript-ijk-library", n, gflops(n, bestTime { LibraryCompiled.matmulBySubscript(a, b) }), "GFLOP/s")
    }
    let m = Matrix<Double>.gaussian(rows: 1024, columns: 1024, seed: 7)
    record("double", "inlining-subscript-sum-client", 1024, bestTime { clientSumBySubscript(m) } * 1e9 / Double(m.count), "ns/element")
    record("double", "inlining-subscript-sum-library", 1024, bestTime { LibraryCompiled.sumBySubscript(m) } * 1e9 / Double(m.count), "ns/element")
}

/// The same code as `LibraryCompiled.sumBySubscript`, compiled in this module.
@inline(never)
func clientSumBySubscript(_ a: Matrix<Double>) -> Double {
    var s = 0.0
    for i in 0..<a.rows { for j in 0..<a.columns { s += a[i, j] } }
    return s
}

/// The same code as `LibraryCompiled.matmulBySubscript`, compiled in this module.
@inline(never)
func clientMatmulBySubscript(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
    var c = Matrix<Double>.zeros(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var s = 0.0
            for p in 0..<a.columns { s += a[i, p] * b[p, j] }
            c[i, j] = s
        }
    }
    return c
}

print("# openblas\t\(BLASBackend.configuration)\tcore \(BLASBackend.coreName)\tthreads \(BLASBackend.threadCount)")
benchmarkSmall(Double.self)
benchmarkSmall(Float.self)
if !gemmOnly { benchmarkInlining() }
benchmarkProducts(Double.self)
benchmarkProducts(Float.self)
