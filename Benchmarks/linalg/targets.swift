// The blocked kernel's speed when compiled for one CPU target (the script compiles this file once per
// target): best of 5 products at n = 512, Double and Float, single-threaded. Prints one line per precision:
//   target <vector bytes> <FMA 0/1> <precision> <GFLOP/s>
import COpenBLAS
import LinearAlgebra
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func best<S: MatrixScalar>(_: S.Type, n: Int) -> Double {
    let a = Matrix<S>.gaussian(rows: n, columns: n, seed: 1), b = Matrix<S>.gaussian(rows: n, columns: n, seed: 2)
    var seconds = Double.infinity
    for _ in 0..<5 {
        let t0 = now()
        let c = matmulBlocked(a, b)
        seconds = min(seconds, now() - t0)
        withExtendedLifetime(c) {}
    }
    return 2 * Double(n * n * n) / seconds / 1e9
}

let label = CommandLine.arguments.dropFirst().first ?? "?"
for (name, rate) in [("double", best(Double.self, n: 512)), ("float", best(Float.self, n: 512))] {
    print("\(label) \(weave_target_vector_bytes()) \(weave_target_has_fma()) \(name) \((rate * 10).rounded() / 10)")
}
