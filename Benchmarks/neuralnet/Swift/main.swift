// NeuralNet benchmark: the gradient machinery's overhead over the same BLAS calls made directly, and an
// embedding gather against the one-hot product. Build and run optimized, single-threaded:
//
//     Benchmarks/neuralnet/run.sh      (builds bench-neuralnet in the Benchmarks package and runs it)
//
// Every timing is the thread CPU time, median of interleaved repetitions (library run, then direct run,
// alternately), so slow drift or other load on the machine hits both sides alike. Ratios are what to
// read; absolute times are measurements of this machine.
#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import NeuralNet

BLASBackend.setThreadCount(1)

// MARK: Timing

/// CPU time consumed by this thread, in seconds. OpenBLAS runs single-threaded in the calling thread, so
/// this counts all the work of a measurement and none of the time the thread waits while other processes
/// run — the machine this was written on is shared, and wall-clock times there swing with the load.
func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU seconds of one call of `body`.
func measure(_ body: () -> Void) -> Double {
    let start = threadCPUTime()
    body()
    return threadCPUTime() - start
}

/// Median seconds of `a` and of `b`, run alternately `repeats` times after one warm-up each.
func sideBySide(repeats: Int, _ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
    a(); b()
    var ta: [Double] = [], tb: [Double] = []
    for _ in 0..<repeats {
        ta.append(measure(a))
        tb.append(measure(b))
    }
    return (ta.sorted()[repeats / 2], tb.sorted()[repeats / 2])
}

func ms(_ s: Double) -> String { formatted(s * 1000, decimals: 3) }
func formatted(_ x: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (x * scale).rounded() / scale
    var s = "\(r)"
    if let dot = s.firstIndex(of: ".") {
        let fraction = s.distance(from: dot, to: s.endIndex) - 1
        if fraction < decimals { s += String(repeating: "0", count: decimals - fraction) }
    }
    return s
}
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

/// Row-major C ← α·op(A)·op(B) + β·C with raw pointers (the "direct" side).
@inline(__always)
func dgemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
           _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
           _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
    // `Double.blasGemm` is LinearAlgebra's thin inlinable wrapper over cblas_dgemm.
    Double.blasGemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
}

func buffer(_ count: Int, _ g: inout SeededGenerator) -> UnsafeMutablePointer<Double> {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
    for i in 0..<count { p[i] = g.nextGaussian() * 0.05 }
    return p
}

var generator = SeededGenerator(seed: 2026)
print("NeuralNet benchmark — thread CPU time, medians; OpenBLAS threads: \(BLASBackend.threadCount)")
print("")

// MARK: 1. MLP, depth 50, width 256, batch 64

/// Library against direct gemm for the MLP, in `Scalar` precision. The direct side calls the same BLAS
/// routine (`Scalar.blasGemm` is a thin inlinable wrapper over cblas_?gemm) on preallocated buffers.
@MainActor func mlpBenchmark<Scalar: NeuralScalar>(_: Scalar.Type) {
    let depth = 50, width = 256, batch = 64
    let network = Sequential<Scalar>.multilayerPerceptron(
        sizes: Array(repeating: width, count: depth + 1), activation: .relu, outputActivation: .relu,
        bias: true, initialization: .he, using: &generator)
    let x = Tensor(Matrix<Scalar>.gaussian(rows: batch, columns: width, using: &generator))
    let seed = Matrix<Scalar>.gaussian(rows: batch, columns: width, using: &generator)
    let parameters = network.parameters
    let library = {
        for p in parameters { p.zeroGradient() }
        network(x).backward(seed: seed)
    }

    // Direct: the same 3·depth − 1 gemm calls (forward h_l = h_{l−1} W_l; backward dW_l = h_{l−1}ᵀ G_l and
    // G_{l−1} = G_l W_lᵀ) on preallocated buffers, and nothing else.
    func scalarBuffer(_ count: Int) -> UnsafeMutablePointer<Scalar> {
        let p = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
        for i in 0..<count { p[i] = Scalar(generator.nextGaussian() * 0.05) }
        return p
    }
    let weights = (0..<depth).map { _ in scalarBuffer(width * width) }
    let weightGradients = (0..<depth).map { _ in scalarBuffer(width * width) }
    let activations = (0...depth).map { _ in scalarBuffer(batch * width) }
    let gradients = (0...depth).map { _ in scalarBuffer(batch * width) }
    let gemmOnly = {
        for l in 0..<depth {
            Scalar.blasGemm(transposeA: false, transposeB: false, m: batch, n: width, k: width, alpha: 1,
                            a: activations[l], lda: width, b: weights[l], ldb: width, beta: 0, c: activations[l + 1], ldc: width)
        }
        for l in stride(from: depth - 1, through: 0, by: -1) {
            Scalar.blasGemm(transposeA: true, transposeB: false, m: width, n: width, k: batch, alpha: 1,
                            a: activations[l], lda: width, b: gradients[l + 1], ldb: width, beta: 0, c: weightGradients[l], ldc: width)
            if l > 0 {
                Scalar.blasGemm(transposeA: false, transposeB: true, m: batch, n: width, k: width, alpha: 1,
                                a: gradients[l + 1], lda: width, b: weights[l], ldb: width, beta: 0, c: gradients[l], ldc: width)
            }
        }
    }
    let (tLibrary, tDirect) = sideBySide(repeats: 30, library, gemmOnly)
    let flops = Double(3 * depth - 1) * 2 * Double(batch * width * width)
    print("MLP forward+backward (\(Scalar.scalarName)): depth \(depth), width \(width), batch \(batch), ReLU, bias")
    print("  NeuralNet (Tensor graph)     \(pad(ms(tLibrary), 9)) ms")
    print("  same gemm calls, direct      \(pad(ms(tDirect), 9)) ms   (\(formatted(flops / tDirect / 1e9, decimals: 1)) GFLOP/s)")
    print("  overhead ratio               \(pad(formatted(tLibrary / tDirect, decimals: 3), 9))×   (target ≤ 1.5×)")
    print("")
}
mlpBenchmark(Double.self)
mlpBenchmark(Float.self)

// MARK: 2. Self-attention

for (tokens, model, key) in [(256, 256, 256), (128, 512, 64), (512, 64, 64)] {
    let layer = SelfAttention<Double>(modelDimension: model, keyDimension: key, using: &generator)
    let x = Tensor(Matrix<Double>.gaussian(rows: tokens, columns: model, using: &generator), requiresGradient: true)
    let seed = Matrix<Double>.gaussian(rows: tokens, columns: key, using: &generator)
    let library = {
        for p in layer.parameters { p.zeroGradient() }
        x.zeroGradient()
        layer(x).backward(seed: seed)
    }
    // Direct: the layer's 15 gemm calls — forward Q, K, V = X W (3), S = Q Kᵀ, O = A V; backward
    // dV = Aᵀ dO, dA = dO Vᵀ, dQ = dS K, dK = dSᵀ Q, dW_{Q,K,V} = Xᵀ d{Q,K,V} (3), dX = Σ d{Q,K,V} Wᵀ (3).
    // The `withSoftmax` variant adds the row softmax and its backward written as plain loops.
    let n = tokens, d = model, k = key
    let X = buffer(n * d, &generator), Wq = buffer(d * k, &generator), Wk = buffer(d * k, &generator), Wv = buffer(d * k, &generator)
    let Q = buffer(n * k, &generator), K = buffer(n * k, &generator), V = buffer(n * k, &generator)
    let S = buffer(n * n, &generator), dA = buffer(n * n, &generator), O = buffer(n * k, &generator), dO = buffer(n * k, &generator)
    let dQ = buffer(n * k, &generator), dK = buffer(n * k, &generator), dV = buffer(n * k, &generator)
    let dWq = buffer(d * k, &generator), dWk = buffer(d * k, &generator), dWv = buffer(d * k, &generator), dX = buffer(n * d, &generator)
    // The same numbers on both sides.
    func copy(_ m: Matrix<Double>, into p: UnsafeMutablePointer<Double>) {
        m.withUnsafeBufferPointer { for i in 0..<m.count { p[i] = $0[i] } }
    }
    copy(x.value, into: X); copy(seed, into: dO)
    copy(layer.queryWeight.value, into: Wq); copy(layer.keyWeight.value, into: Wk); copy(layer.valueWeight.value, into: Wv)
    let scale = 1 / Double(k).squareRoot()
    func direct(withSoftmax: Bool) {
        dgemm(false, false, n, k, d, 1, X, d, Wq, k, 0, Q, k)
        dgemm(false, false, n, k, d, 1, X, d, Wk, k, 0, K, k)
        dgemm(false, false, n, k, d, 1, X, d, Wv, k, 0, V, k)
        dgemm(false, true, n, n, k, scale, Q, k, K, k, 0, S, n)
        if withSoftmax {
            for r in 0..<n {
                var m = S[r * n]; for j in 1..<n where S[r * n + j] > m { m = S[r * n + j] }
                var t = 0.0; for j in 0..<n { let e = Double.exponential(S[r * n + j] - m); S[r * n + j] = e; t += e }
                for j in 0..<n { S[r * n + j] /= t }
            }
        }
        dgemm(false, false, n, k, n, 1, S, n, V, k, 0, O, k)
        dgemm(true, false, n, k, n, 1, S, n, dO, k, 0, dV, k)
        dgemm(false, true, n, n, k, 1, dO, k, V, k, 0, dA, n)
        if withSoftmax {
            for r in 0..<n {
                var dot = 0.0; for j in 0..<n { dot += dA[r * n + j] * S[r * n + j] }
                for j in 0..<n { dA[r * n + j] = S[r * n + j] * (dA[r * n + j] - dot) }
            }
        }
        dgemm(false, false, n, k, n, scale, dA, n, K, k, 0, dQ, k)
        dgemm(true, false, n, k, n, scale, dA, n, Q, k, 0, dK, k)
        dgemm(true, false, d, k, n, 1, X, d, dQ, k, 0, dWq, k)
        dgemm(true, false, d, k, n, 1, X, d, dK, k, 0, dWk, k)
        dgemm(true, false, d, k, n, 1, X, d, dV, k, 0, dWv, k)
        dgemm(false, true, n, d, k, 1, dQ, k, Wq, k, 0, dX, d)
        dgemm(false, true, n, d, k, 1, dK, k, Wk, k, 1, dX, d)
        dgemm(false, true, n, d, k, 1, dV, k, Wv, k, 1, dX, d)
    }
    let (tLibrary, tGemm) = sideBySide(repeats: 30, library, { direct(withSoftmax: false) })
    let (tLibrary2, tFull) = sideBySide(repeats: 30, library, { direct(withSoftmax: true) })
    print("Self-attention forward+backward: \(n) tokens, d = \(d), d_k = \(k)")
    print("  NeuralNet \(pad(ms(tLibrary), 9)) ms  vs  the same 15 gemm calls, direct      \(pad(ms(tGemm), 9)) ms   ratio \(formatted(tLibrary / tGemm, decimals: 3))×")
    print("  NeuralNet \(pad(ms(tLibrary2), 9)) ms  vs  gemm calls + softmax loops, direct  \(pad(ms(tFull), 9)) ms   ratio \(formatted(tLibrary2 / tFull, decimals: 3))×")
    print("")
}

// MARK: 3. Embedding: gather against the one-hot product

print("Embedding forward+backward, \(64) indices, dimension 64 (both through NeuralNet)")
print("  vocabulary    gather (ms)   one-hot product (ms)   speedup")
for vocabulary in [1_000, 10_000, 100_000] {
    // Two layers with the same table, so that neither path's gradient buffer state affects the other.
    let embedding = Embedding<Double>(vocabularySize: vocabulary, dimension: 64, using: &generator)
    let oneHotEmbedding = Embedding<Double>(table: embedding.table.value)
    var indices: [Int] = []
    for _ in 0..<64 { indices.append(Int(generator.next() % UInt64(vocabulary))) }
    let upstream = Matrix<Double>.gaussian(rows: 64, columns: 64, using: &generator)
    let gather = {
        embedding.table.zeroGradient()
        embedding(indices).backward(seed: upstream)
    }
    let oneHot = {
        oneHotEmbedding.table.zeroGradient()
        oneHotEmbedding.oneHotProduct(indices).backward(seed: upstream)
    }
    let repeats = vocabulary >= 100_000 ? 7 : 21
    let (tGather, tOneHot) = sideBySide(repeats: repeats, gather, oneHot)
    print("  \(pad("\(vocabulary)", 10))   \(pad(ms(tGather), 11))   \(pad(ms(tOneHot), 20))   \(pad(formatted(tOneHot / tGather, decimals: 1), 7))×")
}

// MARK: 4. Elementwise kernels (checks that the generic Tensor code runs its Double-specialised kernels)

print("")
print("Elementwise forward+backward on 64×256, library against a direct loop (same arithmetic)")
do {
    let input = Matrix<Double>.gaussian(rows: 64, columns: 256, using: &generator)
    let x = Tensor(input, requiresGradient: true)
    let seed = Matrix<Double>.gaussian(rows: 64, columns: 256, using: &generator)
    let count = 64 * 256
    let a = buffer(count, &generator), y = buffer(count, &generator), g = buffer(count, &generator), dx = buffer(count, &generator)
    // The same numbers on both sides (libm's tanh takes longer for larger arguments).
    input.withUnsafeBufferPointer { for i in 0..<count { a[i] = $0[i] } }
    seed.withUnsafeBufferPointer { for i in 0..<count { g[i] = $0[i] } }
    for (name, library, direct) in [
        ("relu", { x.zeroGradient(); x.relu().backward(seed: seed) }, {
            for i in 0..<count { y[i] = a[i] > 0 ? a[i] : 0 }
            for i in 0..<count { dx[i] = y[i] > 0 ? g[i] : 0 }
        }),
        ("tanh", { x.zeroGradient(); x.tanh().backward(seed: seed) }, {
            for i in 0..<count { y[i] = Double.hyperbolicTangent(a[i]) }
            for i in 0..<count { dx[i] = g[i] * (1 - y[i] * y[i]) }
        }),
    ] as [(String, () -> Void, () -> Void)] {
        let (tLibrary, tDirect) = sideBySide(repeats: 101, library, direct)
        print("  \(name): library \(pad(formatted(tLibrary * 1e6, decimals: 1), 7)) µs, direct loop \(pad(formatted(tDirect * 1e6, decimals: 1), 7)) µs, ratio \(formatted(tLibrary / tDirect, decimals: 2))×")
    }
}
