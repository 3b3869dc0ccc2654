// Decompositions through LAPACK (from OpenBLAS). LAPACK is column-major and our storage is row-major:
// a row-major m×n buffer *is* the column-major n×m matrix Aᵀ, which several routines below exploit instead
// of copying. Every routine first asks LAPACK for its optimal workspace (`lwork = -1`), then runs.
// Non-finite input is rejected with `LinearAlgebraError.nonFiniteInput` before LAPACK sees it (LAPACK's
// behaviour on NaN is undefined: it may loop, fail, or return garbage).

/// Errors thrown by the LAPACK-backed routines.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input holds NaN or infinity; `operation` names the routine, `shape` the input's shape.
    case nonFiniteInput(operation: String, shape: String)
    /// LAPACK returned `info ≠ 0`: negative means argument `-info` was illegal (a bug here), positive
    /// means the algorithm did not converge.
    case lapackFailure(routine: String, info: Int)
    /// `symmetricEigen` was given a matrix that is not symmetric within `tolerance`.
    case notSymmetric(operation: String, maxAsymmetry: Double, tolerance: Double)

    /// A one-line message naming the operation, e.g. "svd: input 2×2 contains NaN or infinity".
    public var description: String {
        switch self {
        case let .nonFiniteInput(operation, shape):
            return "\(operation): input \(shape) contains NaN or infinity"
        case let .lapackFailure(routine, info) where info < 0:
            return "\(routine): LAPACK rejected argument \(-info)"
        case let .lapackFailure(routine, info):
            return "\(routine): LAPACK did not converge (info = \(info))"
        case let .notSymmetric(operation, asym, tol):
            return "\(operation): matrix is not symmetric (max |aᵢⱼ − aⱼᵢ| = \(asym) > \(tol))"
        }
    }
}

/// Which singular vectors `svd` computes.
public enum SingularVectors: Sendable {
    /// Singular values only.
    case none
    /// Thin SVD: U is m×r, Vᵀ is r×n, with r = min(m, n).
    case thin
    /// Full SVD: U is m×m, Vᵀ is n×n.
    case full
}

/// A = U·diag(σ)·Vᵀ.
public struct SVD<Scalar: MatrixScalar>: Sendable {
    /// σ₁ ≥ σ₂ ≥ … ≥ σᵣ ≥ 0, r = min(m, n).
    public let singularValues: [Scalar]
    /// Left singular vectors as columns (nil when not requested).
    public let u: Matrix<Scalar>?
    /// Right singular vectors as rows (nil when not requested).
    public let vt: Matrix<Scalar>?
}

/// A = V·diag(λ)·Vᵀ for symmetric A.
public struct SymmetricEigen<Scalar: MatrixScalar>: Sendable {
    /// Eigenvalues in ascending order.
    public let eigenvalues: [Scalar]
    /// Orthonormal eigenvectors as columns, in the order of `eigenvalues` (nil when not requested).
    public let eigenvectors: Matrix<Scalar>?
}

/// A complex number, as returned for the eigenvalues of a general real matrix.
public struct Complex<Scalar: MatrixScalar>: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Real part.
    public var real: Scalar
    /// Imaginary part.
    public var imaginary: Scalar
    /// Creates `real + imaginary·i`.
    @inlinable public init(_ real: Scalar, _ imaginary: Scalar = 0) { self.real = real; self.imaginary = imaginary }
    /// |z|, computed without overflow for large parts.
    @inlinable public var magnitude: Scalar {
        let s = Swift.max(Swift.abs(real), Swift.abs(imaginary))
        if s == 0 || !s.isFinite { return s }
        let x = real / s, y = imaginary / s
        return s * (x * x + y * y).squareRoot()
    }
    /// "a + bi" or "a - bi".
    public var description: String {
        imaginary < 0 ? "\(real) - \(-imaginary)i" : "\(real) + \(imaginary)i"
    }
}

/// A = Q·R with Q (m×r) having orthonormal columns and R (r×n) upper triangular, r = min(m, n).
public struct QR<Scalar: MatrixScalar>: Sendable {
    /// m×r, QᵀQ = I.
    public let q: Matrix<Scalar>
    /// r×n upper triangular.
    public let r: Matrix<Scalar>
}

@inlinable
func lapackInt(_ x: Int, _ operation: String) -> Int32 {
    precondition(x <= Int(Int32.max), "\(operation): dimension \(x) exceeds LAPACK's 32-bit integers")
    return Int32(x)
}

/// LAPACK's workspace query answer, rounded up (it is returned as a floating-point number).
@inlinable
func workspaceCount<Scalar: MatrixScalar>(_ w: Scalar) -> Int {
    Swift.max(1, Int((Double(w) * (1 + 1e-7)).rounded(.up)))
}

extension Matrix {
    @inlinable
    func requireFinite(_ operation: String) throws(LinearAlgebraError) {
        if !isFinite { throw .nonFiniteInput(operation: operation, shape: shapeDescription) }
    }

    /// Singular value decomposition by LAPACK ?GESDD (divide and conquer; Demmel, Applied Numerical
    /// Linear Algebra, §5.4). Vectors only when asked for.
    ///
    /// - Throws: `LinearAlgebraError.nonFiniteInput` for NaN/∞ input, `.lapackFailure` if LAPACK fails.
    public func svd(vectors: SingularVectors = .none) throws(LinearAlgebraError) -> SVD<Scalar> {
        try requireFinite("svd")
        let m = rows, n = columns, r = Swift.min(m, n)
        if r == 0 {
            switch vectors {
            case .none: return SVD(singularValues: [], u: nil, vt: nil)
            case .thin: return SVD(singularValues: [], u: .zeros(rows: m, columns: 0), vt: .zeros(rows: 0, columns: n))
            case .full: return SVD(singularValues: [], u: .identity(m), vt: .identity(n))
            }
        }
        // The row-major buffer is the column-major n×m matrix X = Aᵀ. If X = Uₓ Σ Vₓᵀ then A = Vₓ Σ Uₓᵀ:
        // LAPACK's "VT" output, read row-major, is our U, and its "U" output, read row-major, is our Vᵀ.
        let lm = lapackInt(n, "svd"), ln = lapackInt(m, "svd")
        var x = storage
        var s = [Scalar](repeating: 0, count: r)
        let job: UInt8
        let uCount: Int, vtCount: Int, ldu: Int32, ldvt: Int32
        switch vectors {
        case .none: job = UInt8(ascii: "N"); uCount = 1; vtCount = 1; ldu = 1; ldvt = 1
        case .thin: job = UInt8(ascii: "S"); uCount = n * r; vtCount = r * m; ldu = lm; ldvt = Int32(r)
        case .full: job = UInt8(ascii: "A"); uCount = n * n; vtCount = m * m; ldu = lm; ldvt = ln
        }
        var ux = [Scalar](repeating: 0, count: uCount), vtx = [Scalar](repeating: 0, count: vtCount)
        var iwork = [Int32](repeating: 0, count: 8 * r)
        var info: Int32 = 0
        var query: Scalar = 0
        info = Scalar.lapackGesdd(jobz: job, m: lm, n: ln, a: &x, lda: lm, s: &s, u: &ux, ldu: ldu,
                                  vt: &vtx, ldvt: ldvt, work: &query, lwork: -1, iwork: &iwork)
        if info != 0 { throw .lapackFailure(routine: "svd (?gesdd workspace query)", info: Int(info)) }
        let lwork = workspaceCount(query)
        var work = [Scalar](repeating: 0, count: lwork)
        info = Scalar.lapackGesdd(jobz: job, m: lm, n: ln, a: &x, lda: lm, s: &s, u: &ux, ldu: ldu,
                                  vt: &vtx, ldvt: ldvt, work: &work, lwork: lapackInt(lwork, "svd"), iwork: &iwork)
        if info != 0 { throw .lapackFailure(routine: "svd (?gesdd)", info: Int(info)) }
        switch vectors {
        case .none:
            return SVD(singularValues: s, u: nil, vt: nil)
        case .thin:
            return SVD(singularValues: s, u: Matrix(uncheckedRows: m, columns: r, storage: vtx),
                       vt: Matrix(uncheckedRows: r, columns: n, storage: ux))
        case .full:
            return SVD(singularValues: s, u: Matrix(uncheckedRows: m, columns: m, storage: vtx),
                       vt: Matrix(uncheckedRows: n, columns: n, storage: ux))
        }
    }

    /// The singular values σ₁ ≥ … ≥ σᵣ (LAPACK ?GESDD without vectors).
    public func singularValues() throws(LinearAlgebraError) -> [Scalar] {
        try svd(vectors: .none).singularValues
    }

    /// Eigendecomposition of a symmetric matrix by LAPACK ?SYEVD (divide and conquer).
    ///
    /// - Parameter tolerance: largest accepted |aᵢⱼ − aⱼᵢ|, by default 64·ε·max|aᵢⱼ|·n (rounding in a
    ///   product like XᵀX leaves this much asymmetry). LAPACK reads only the lower triangle, so a
    ///   nonsymmetric input would otherwise give a silently wrong answer.
    /// - Precondition: the matrix is square.
    public func symmetricEigen(vectors: Bool = true, tolerance: Scalar? = nil) throws(LinearAlgebraError) -> SymmetricEigen<Scalar> {
        precondition(isSquare, "symmetricEigen: shape \(shapeDescription) is not square")
        try requireFinite("symmetricEigen")
        let n = rows
        if n == 0 { return SymmetricEigen(eigenvalues: [], eigenvectors: vectors ? .zeros(rows: 0, columns: 0) : nil) }
        var asymmetry: Scalar = 0
        for i in 0..<n { for j in 0..<i { asymmetry = Swift.max(asymmetry, Swift.abs(self[i, j] - self[j, i])) } }
        let tol = tolerance ?? 64 * Scalar.ulpOfOne * maxAbs() * Scalar(n)
        if asymmetry > tol {
            throw .notSymmetric(operation: "symmetricEigen", maxAsymmetry: Double(asymmetry), tolerance: Double(tol))
        }
        let ln = lapackInt(n, "symmetricEigen")
        // Symmetric: the row-major buffer is the same matrix in column-major order.
        var a = storage
        var w = [Scalar](repeating: 0, count: n)
        let job = vectors ? UInt8(ascii: "V") : UInt8(ascii: "N"), uplo = UInt8(ascii: "L")
        var query: Scalar = 0
        var iquery: Int32 = 0
        var info = Scalar.lapackSyevd(jobz: job, uplo: uplo, n: ln, a: &a, lda: ln, w: &w, work: &query,
                                      lwork: -1, iwork: &iquery, liwork: -1)
        if info != 0 { throw .lapackFailure(routine: "symmetricEigen (?syevd workspace query)", info: Int(info)) }
        let lwork = workspaceCount(query), liwork = Swift.max(1, Int(iquery))
        var work = [Scalar](repeating: 0, count: lwork)
        var iwork = [Int32](repeating: 0, count: liwork)
        info = Scalar.lapackSyevd(jobz: job, uplo: uplo, n: ln, a: &a, lda: ln, w: &w, work: &work,
                                  lwork: lapackInt(lwork, "symmetricEigen"), iwork: &iwork,
                                  liwork: lapackInt(liwork, "symmetricEigen"))
        if info != 0 { throw .lapackFailure(routine: "symmetricEigen (?syevd)", info: Int(info)) }
        // LAPACK wrote eigenvector j into column j (column-major), i.e. row j of our row-major buffer.
        let v = vectors ? Matrix(uncheckedRows: n, columns: n, storage: a).transposed() : nil
        return SymmetricEigen(eigenvalues: w, eigenvectors: v)
    }

    /// The (generally complex) eigenvalues of a square matrix by LAPACK ?GEEV (Hessenberg reduction and
    /// the shifted QR algorithm), in LAPACK's order; complex conjugate pairs are adjacent, positive
    /// imaginary part first.
    ///
    /// - Precondition: the matrix is square.
    public func eigenvalues() throws(LinearAlgebraError) -> [Complex<Scalar>] {
        precondition(isSquare, "eigenvalues: shape \(shapeDescription) is not square")
        try requireFinite("eigenvalues")
        let n = rows
        if n == 0 { return [] }
        let ln = lapackInt(n, "eigenvalues")
        // The buffer is Aᵀ in column-major order, which has the same eigenvalues as A.
        var a = storage
        var wr = [Scalar](repeating: 0, count: n), wi = [Scalar](repeating: 0, count: n)
        var dummy: [Scalar] = [0]
        var dummy2: [Scalar] = [0]
        let no = UInt8(ascii: "N")
        var query: Scalar = 0
        var info = Scalar.lapackGeev(jobvl: no, jobvr: no, n: ln, a: &a, lda: ln, wr: &wr, wi: &wi,
                                     vl: &dummy, ldvl: 1, vr: &dummy2, ldvr: 1, work: &query, lwork: -1)
        if info != 0 { throw .lapackFailure(routine: "eigenvalues (?geev workspace query)", info: Int(info)) }
        let lwork = workspaceCount(query)
        var work = [Scalar](repeating: 0, count: lwork)
        info = Scalar.lapackGeev(jobvl: no, jobvr: no, n: ln, a: &a, lda: ln, wr: &wr, wi: &wi,
                                 vl: &dummy, ldvl: 1, vr: &dummy2, ldvr: 1, work: &work,
                                 lwork: lapackInt(lwork, "eigenvalues"))
        if info != 0 { throw .lapackFailure(routine: "eigenvalues (?geev)", info: Int(info)) }
        return (0..<n).map { Complex(wr[$0], wi[$0]) }
    }

    /// Thin Householder QR by LAPACK ?GEQRF, with Q formed by ?ORGQR (Golub & Van Loan, Matrix
    /// Computations, §5.2). Diagonal entries of R may be negative (LAPACK's convention).
    public func qr() throws(LinearAlgebraError) -> QR<Scalar> {
        try requireFinite("qr")
        let m = rows, n = columns, r = Swift.min(m, n)
        if r == 0 { return QR(q: .zeros(rows: m, columns: 0), r: .zeros(rows: 0, columns: n)) }
        let lm = lapackInt(m, "qr"), ln = lapackInt(n, "qr"), lr = Int32(r)
        var a = transposed().storage   // column-major A
        var tau = [Scalar](repeating: 0, count: r)
        var query: Scalar = 0
        var info = Scalar.lapackGeqrf(m: lm, n: ln, a: &a, lda: lm, tau: &tau, work: &query, lwork: -1)
        if info != 0 { throw .lapackFailure(routine: "qr (?geqrf workspace query)", info: Int(info)) }
        var work = [Scalar](repeating: 0, count: workspaceCount(query))
        info = Scalar.lapackGeqrf(m: lm, n: ln, a: &a, lda: lm, tau: &tau, work: &work,
                                  lwork: lapackInt(work.count, "qr"))
        if info != 0 { throw .lapackFailure(routine: "qr (?geqrf)", info: Int(info)) }
        var rFactor = Matrix.zeros(rows: r, columns: n)
        for j in 0..<n { for i in 0...Swift.min(j, r - 1) { rFactor.storage[i * n + j] = a[i + j * m] } }
        info = Scalar.lapackOrgqr(m: lm, n: lr, k: lr, a: &a, lda: lm, tau: tau, work: &query, lwork: -1)
        if info != 0 { throw .lapackFailure(routine: "qr (?orgqr workspace query)", info: Int(info)) }
        work = [Scalar](repeating: 0, count: workspaceCount(query))
        info = Scalar.lapackOrgqr(m: lm, n: lr, k: lr, a: &a, lda: lm, tau: tau, work: &work,
                                  lwork: lapackInt(work.count, "qr"))
        if info != 0 { throw .lapackFailure(routine: "qr (?orgqr)", info: Int(info)) }
        // The first r columns of the column-major buffer hold Q; read them as r×m row-major and transpose.
        let q = Matrix(uncheckedRows: r, columns: m, storage: Array(a[0..<(m * r)])).transposed()
        return QR(q: q, r: rFactor)
    }
}
