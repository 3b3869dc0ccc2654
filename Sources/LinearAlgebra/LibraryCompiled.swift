// The benchmark's control group: the same `@inlinable` kernels, specialized and compiled *inside* this
// module. Chapter code calls the inlinable versions, which are compiled in the chapter's module; the
// benchmark times both to show that crossing the module boundary costs nothing. Not for chapter use.

/// Kernels compiled inside LinearAlgebra (non-inlinable entry points), for benchmark comparison only.
public enum LibraryCompiled {
    /// `matmulNaive` specialized for Double inside this module.
    @inline(never)
    public static func matmulNaive(_ a: Matrix<Double>, _ b: Matrix<Double>, order: LoopOrder) -> Matrix<Double> {
        LinearAlgebra.matmulNaive(a, b, order: order)
    }

    /// `matmulNaive` specialized for Float inside this module.
    @inline(never)
    public static func matmulNaive(_ a: Matrix<Float>, _ b: Matrix<Float>, order: LoopOrder) -> Matrix<Float> {
        LinearAlgebra.matmulNaive(a, b, order: order)
    }

    /// `matmulBlocked` specialized for Double inside this module.
    @inline(never)
    public static func matmulBlocked(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        LinearAlgebra.matmulBlocked(a, b)
    }

    /// `matmulBlocked` specialized for Float inside this module.
    @inline(never)
    public static func matmulBlocked(_ a: Matrix<Float>, _ b: Matrix<Float>) -> Matrix<Float> {
        LinearAlgebra.matmulBlocked(a, b)
    }

    /// Σ aᵢⱼ through the checked `subscript(i, j)`, in row-major order, compiled here.
    @inline(never)
    public static func sumBySubscript(_ a: Matrix<Double>) -> Double {
        var s = 0.0
        for i in 0..<a.rows { for j in 0..<a.columns { s += a[i, j] } }
        return s
    }

    /// The naive ijk product written with `subscript(i, j)` element access, compiled here.
    @inline(never)
    public static func matmulBySubscript(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
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
}
