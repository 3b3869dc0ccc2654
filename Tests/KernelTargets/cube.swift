// The blocked kernel against gemm for every m and n in 1…40 (each side of every register-tile edge) and
// thirteen values of k (each side of the block edges), in Float and Double, with the default and a tiny
// block-size setting, compiled for whatever target the check script chose: it checks the code path (vector
// width, FMA or not) that target selects, which the unit tests, compiled for this machine only, never reach.
// Bound: two products with different summation orders differ by at most 2γₖ(|A||B|)ᵢⱼ elementwise,
// γₖ = k·u/(1 − k·u) (Higham, Accuracy and Stability, §3.5). Also: NaN and ±∞ propagate as in gemm.
import COpenBLAS
import LinearAlgebra
#if canImport(Glibc)
import Glibc
#endif

setvbuf(stdout, nil, _IOLBF, 0)   // the check script reads this through a pipe

func unitRoundoff<S: MatrixScalar>(_: S.Type) -> Double { Double(S.ulpOfOne) / 2 }

func checkCube<S: MatrixScalar>(_: S.Type) -> Int {
    var failures = 0, products = 0
    var generator = SeededGenerator(seed: 7)
    for m in 1...40 { for n in 1...40 { for k in [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 40] {
        let a = Matrix<S>.gaussian(rows: m, columns: k, using: &generator)
        let b = Matrix<S>.gaussian(rows: k, columns: n, using: &generator)
        let reference = gemm(a, b)
        let u = unitRoundoff(S.self), gamma = Double(k) * u / (1 - Double(k) * u)
        let magnitude = a.converted(to: Double.self).map { abs($0) } * b.converted(to: Double.self).map { abs($0) }
        for c in [matmulBlocked(a, b), matmulBlocked(a, b, blockSize: (5, 3, 7))] {
            products += 1
            for i in 0..<m { for j in 0..<n where !(abs(Double(c[i, j]) - Double(reference[i, j])) <= 2 * gamma * magnitude[i, j]) {
                failures += 1
                if failures <= 5 { print("FAIL \(S.self) \(m)×\(k)·\(k)×\(n) at (\(i), \(j)): \(c[i, j]) vs gemm \(reference[i, j])") }
            } }
        }
    } } }
    print("\(S.self): \(products) blocked products, \(failures) elements out of bound")
    return failures
}

func checkNonFinite<S: MatrixScalar>(_: S.Type) -> Int {
    var mismatches = 0
    for (m, k, n) in [(11, 19, 37), (8, 16, 32), (9, 17, 33), (1, 1, 1), (40, 3, 2), (16, 8, 64)] {
        var generator = SeededGenerator(seed: 3)
        var a = Matrix<S>.gaussian(rows: m, columns: k, using: &generator)
        var b = Matrix<S>.gaussian(rows: k, columns: n, using: &generator)
        a[m / 2, k / 2] = .nan; a[m - 1, 0] = .infinity; b[k - 1, n - 1] = -.infinity
        let reference = gemm(a, b), c = matmulBlocked(a, b)
        for i in 0..<m { for j in 0..<n {
            let r = reference[i, j], x = c[i, j]
            if !(r.isNaN ? x.isNaN : r.isInfinite ? x == r : x.isFinite) {
                mismatches += 1
                print("FAIL \(S.self) non-finite \(m)×\(k)·\(k)×\(n) at (\(i), \(j)): \(x) vs gemm \(r)")
            }
        } }
    }
    return mismatches
}

print("compiled for: \(weave_target_vector_bytes())-byte vectors, FMA \(weave_target_has_fma() != 0 ? "yes" : "no")")
let failures = checkCube(Float.self) + checkCube(Double.self) + checkNonFinite(Float.self) + checkNonFinite(Double.self)
if failures > 0 { print("\(failures) failures"); exit(1) }
print("ok")
