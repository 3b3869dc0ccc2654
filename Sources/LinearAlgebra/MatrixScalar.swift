import COpenBLAS

/// A floating-point type that `Matrix` can hold: `Float` or `Double`.
///
/// The protocol carries the BLAS and LAPACK bindings for its precision, so generic code such as
/// `Matrix<Scalar>.*` dispatches to `cblas_sgemm` or `cblas_dgemm` without any runtime type test.
/// All matrix pointers passed to the `blas…` functions are row-major; the `lapack…` functions take
/// column-major storage, as LAPACK does. Chapter code never needs to call these directly.
public protocol MatrixScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
    /// A short name for printing: "Float" or "Double".
    static var scalarName: String { get }

    /// Row-major `C ← α·op(A)·op(B) + β·C` with `op(A)` m×k and `op(B)` k×n (BLAS ?GEMM).
    static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// Row-major `y ← α·op(A)·x + β·y` with A m×n (BLAS ?GEMV).
    static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, incx: Int, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int)

    /// `Σ xᵢ·yᵢ` (BLAS ?DOT).
    static func blasDot(n: Int, x: UnsafePointer<Self>, incx: Int, y: UnsafePointer<Self>, incy: Int) -> Self

    /// LAPACK ?GESDD: singular value decomposition by divide and conquer (column-major).
    static func lapackGesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>, ldu: Int32,
        vt: UnsafeMutablePointer<Self>, ldvt: Int32, work: UnsafeMutablePointer<Self>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>) -> Int32

    /// LAPACK ?SYEVD: symmetric eigendecomposition by divide and conquer (column-major).
    static func lapackSyevd(
        jobz: UInt8, uplo: UInt8, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        w: UnsafeMutablePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>, liwork: Int32) -> Int32

    /// LAPACK ?GEEV: eigenvalues (and optionally right eigenvectors) of a general matrix.
    static func lapackGeev(
        jobvl: UInt8, jobvr: UInt8, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        wr: UnsafeMutablePointer<Self>, wi: UnsafeMutablePointer<Self>,
        vl: UnsafeMutablePointer<Self>, ldvl: Int32, vr: UnsafeMutablePointer<Self>, ldvr: Int32,
        work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32

    /// LAPACK ?GEQRF: Householder QR factorization (column-major).
    static func lapackGeqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32, tau: UnsafeMutablePointer<Self>,
        work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32

    /// LAPACK ?ORGQR: forms the m×n matrix Q with orthonormal columns from ?GEQRF's reflectors.
    static func lapackOrgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        tau: UnsafePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
}

@inline(__always) @usableFromInline
func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: MatrixScalar {
    public static var scalarName: String { "Float" }

    @inlinable
    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable
    public static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int
    ) {
        cblas_sgemv(CblasRowMajor, cblasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    @inlinable
    public static func blasDot(n: Int, x: UnsafePointer<Float>, incx: Int, y: UnsafePointer<Float>, incy: Int) -> Float {
        cblas_sdot(Int32(n), x, Int32(incx), y, Int32(incy))
    }

    public static func lapackGesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>, ldu: Int32,
        vt: UnsafeMutablePointer<Float>, ldvt: Int32, work: UnsafeMutablePointer<Float>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var jobz = CChar(bitPattern: jobz), m = m, n = n, lda = lda, ldu = ldu, ldvt = ldvt, lwork = lwork
        var info: Int32 = 0
        sgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1)
        return info
    }

    public static func lapackSyevd(
        jobz: UInt8, uplo: UInt8, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        w: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>, liwork: Int32
    ) -> Int32 {
        var jobz = CChar(bitPattern: jobz), uplo = CChar(bitPattern: uplo), n = n, lda = lda
        var lwork = lwork, liwork = liwork, info: Int32 = 0
        ssyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1)
        return info
    }

    public static func lapackGeev(
        jobvl: UInt8, jobvr: UInt8, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        wr: UnsafeMutablePointer<Float>, wi: UnsafeMutablePointer<Float>,
        vl: UnsafeMutablePointer<Float>, ldvl: Int32, vr: UnsafeMutablePointer<Float>, ldvr: Int32,
        work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var jobvl = CChar(bitPattern: jobvl), jobvr = CChar(bitPattern: jobvr), n = n, lda = lda
        var ldvl = ldvl, ldvr = ldvr, lwork = lwork, info: Int32 = 0
        sgeev_(&jobvl, &jobvr, &n, a, &lda, wr, wi, vl, &ldvl, vr, &ldvr, work, &lwork, &info, 1, 1)
        return info
    }

    public static func lapackGeqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32, tau: UnsafeMutablePointer<Float>,
        work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, lda = lda, lwork = lwork, info: Int32 = 0
        sgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }

    public static func lapackOrgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        tau: UnsafePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, k = k, lda = lda, lwork = lwork, info: Int32 = 0
        sorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
}

extension Double: MatrixScalar {
    public static var scalarName: String { "Double" }

    @inlinable
    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable
    public static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int
    ) {
        cblas_dgemv(CblasRowMajor, cblasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    @inlinable
    public static func blasDot(n: Int, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int) -> Double {
        cblas_ddot(Int32(n), x, Int32(incx), y, Int32(incy))
    }

    public static func lapackGesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>, ldu: Int32,
        vt: UnsafeMutablePointer<Double>, ldvt: Int32, work: UnsafeMutablePointer<Double>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var jobz = CChar(bitPattern: jobz), m = m, n = n, lda = lda, ldu = ldu, ldvt = ldvt, lwork = lwork
        var info: Int32 = 0
        dgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1)
        return info
    }

    public static func lapackSyevd(
        jobz: UInt8, uplo: UInt8, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        w: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int32,
        iwork: UnsafeMutablePointer<Int32>, liwork: Int32
    ) -> Int32 {
        var jobz = CChar(bitPattern: jobz), uplo = CChar(bitPattern: uplo), n = n, lda = lda
        var lwork = lwork, liwork = liwork, info: Int32 = 0
        dsyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1)
        return info
    }

    public static func lapackGeev(
        jobvl: UInt8, jobvr: UInt8, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        wr: UnsafeMutablePointer<Double>, wi: UnsafeMutablePointer<Double>,
        vl: UnsafeMutablePointer<Double>, ldvl: Int32, vr: UnsafeMutablePointer<Double>, ldvr: Int32,
        work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var jobvl = CChar(bitPattern: jobvl), jobvr = CChar(bitPattern: jobvr), n = n, lda = lda
        var ldvl = ldvl, ldvr = ldvr, lwork = lwork, info: Int32 = 0
        dgeev_(&jobvl, &jobvr, &n, a, &lda, wr, wi, vl, &ldvl, vr, &ldvr, work, &lwork, &info, 1, 1)
        return info
    }

    public static func lapackGeqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafeMutablePointer<Double>,
        work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, lda = lda, lwork = lwork, info: Int32 = 0
        dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }

    public static func lapackOrgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        tau: UnsafePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, k = k, lda = lda, lwork = lwork, info: Int32 = 0
        dorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
}
