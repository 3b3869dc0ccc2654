// A cache-blocked pure-Swift product, after Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication", ACM TOMS 34(3), 2008: the loops are split into blocks so that a kc×nc panel of B stays
// in the L3/L2 cache, an mc×kc block of A in L2, and a 4×4 (Double) or 4×8 (Float) tile of C in
// registers. Both operands are packed into contiguous micro-panels first, so the innermost kernel reads
// memory strictly sequentially.

/// Rows of the register tile of C.
@inlinable var blockedMR: Int { 4 }
/// Columns of the register tile of C: 8 for Float (4×8 accumulators = eight 4-wide SSE registers),
/// 4 for Double (4×4 = eight 2-wide registers). Baseline x86-64 has 16 vector registers; a larger tile spills.
@inlinable @inline(__always)
func blockedNR<Scalar: MatrixScalar>(_: Scalar.Type) -> Int { MemoryLayout<Scalar>.stride == 4 ? 8 : 4 }

/// Cache-blocked (tiled) product in pure Swift, with packing and a 4×4 (Double) or 4×8 (Float) register
/// micro-kernel.
///
/// - Parameter blockSize: the cache block sizes `(mc, kc, nc)`; the default (128, 256, 1024) keeps a
///   128×256 block of A (256 KiB in Double) in L2. Sizes are rounded up to multiples of 4.
@inlinable
public func matmulBlocked<Scalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, blockSize: (mc: Int, kc: Int, nc: Int) = (128, 256, 1024)
) -> Matrix<Scalar> {
    checkConformance("matmulBlocked", a, b)
    precondition(blockSize.mc > 0 && blockSize.kc > 0 && blockSize.nc > 0,
                 "matmulBlocked: block sizes must be positive, got \(blockSize)")
    let m = a.rows, k = a.columns, n = b.columns
    var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
    if m == 0 || n == 0 || k == 0 { return c }
    let MR = blockedMR, NR = blockedNR(Scalar.self)
    let mcMax = (Swift.min(blockSize.mc, m) + MR - 1) / MR * MR
    let ncMax = (Swift.min(blockSize.nc, n) + NR - 1) / NR * NR
    let kcMax = Swift.min(blockSize.kc, k)
    let packedA = UnsafeMutablePointer<Scalar>.allocate(capacity: mcMax * kcMax)
    let packedB = UnsafeMutablePointer<Scalar>.allocate(capacity: kcMax * ncMax)
    defer { packedA.deallocate(); packedB.deallocate() }

    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                let A = pa.baseAddress!, B = pb.baseAddress!, C = pc.baseAddress!
                var jc = 0
                while jc < n {
                    let nc = Swift.min(ncMax, n - jc)
                    var kc0 = 0
                    while kc0 < k {
                        let kc = Swift.min(kcMax, k - kc0)
                        packPanelB(B, ldb: n, rowStart: kc0, rowCount: kc, columnStart: jc, columnCount: nc,
                                   into: packedB)
                        var ic = 0
                        while ic < m {
                            let mc = Swift.min(mcMax, m - ic)
                            packBlockA(A, lda: k, rowStart: ic, rowCount: mc, columnStart: kc0, columnCount: kc,
                                       into: packedA)
                            var jr = 0
                            while jr < nc {
                                let nr = Swift.min(NR, nc - jr)
                                var ir = 0
                                while ir < mc {
                                    let mr = Swift.min(MR, mc - ir)
                                    if NR == 8 {
                                        microKernel4x8(kc: kc, a: packedA + ir * kc, b: packedB + jr * kc,
                                                       c: C + (ic + ir) * n + jc + jr, ldc: n, rows: mr, columns: nr)
                                    } else {
                                        microKernel4x4(kc: kc, a: packedA + ir * kc, b: packedB + jr * kc,
                                                       c: C + (ic + ir) * n + jc + jr, ldc: n, rows: mr, columns: nr)
                                    }
                                    ir += MR
                                }
                                jr += NR
                            }
                            ic += mc
                        }
                        kc0 += kc
                    }
                    jc += nc
                }
            }
        }
    }
    return c
}

/// Packs rows `rowStart..<rowStart+rowCount` × columns `columnStart..<+columnCount` of B into micro-panels
/// of `blockedNR` columns: panel q holds, for each row p, the NR elements B[p][q·NR ..< q·NR+NR]
/// (zero-padded at the right edge).
@inlinable
func packPanelB<Scalar: MatrixScalar>(
    _ B: UnsafePointer<Scalar>, ldb: Int, rowStart: Int, rowCount: Int, columnStart: Int, columnCount: Int,
    into out: UnsafeMutablePointer<Scalar>
) {
    let NR = blockedNR(Scalar.self)
    var q = 0
    var dst = out
    while q < columnCount {
        let width = Swift.min(NR, columnCount - q)
        for p in 0..<rowCount {
            let offset: Int = (rowStart + p) * ldb + columnStart + q
            let src = B + offset
            for j in 0..<width { dst[j] = src[j] }
            for j in width..<NR { dst[j] = 0 }
            dst += NR
        }
        q += NR
    }
}

/// Packs a block of A into micro-panels of `blockedMR` rows: panel r holds, for each column p, the MR
/// elements A[r·MR ..< r·MR+MR][p] (zero-padded at the bottom edge).
@inlinable
func packBlockA<Scalar: MatrixScalar>(
    _ A: UnsafePointer<Scalar>, lda: Int, rowStart: Int, rowCount: Int, columnStart: Int, columnCount: Int,
    into out: UnsafeMutablePointer<Scalar>
) {
    let MR = blockedMR
    var r = 0
    var dst = out
    while r < rowCount {
        let height = Swift.min(MR, rowCount - r)
        for p in 0..<columnCount {
            for i in 0..<height {
                let offset: Int = (rowStart + r + i) * lda + columnStart + p
                dst[i] = A[offset]
            }
            for i in height..<MR { dst[i] = 0 }
            dst += MR
        }
        r += MR
    }
}

/// C[0..<rows][0..<columns] += (packed A micro-panel, 4×kc) · (packed B micro-panel, kc×4).
/// The 16 accumulators live in registers; each step is 8 loads and 16 multiply–adds.
@inlinable @inline(__always)
func microKernel4x4<Scalar: MatrixScalar>(
    kc: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
    c: UnsafeMutablePointer<Scalar>, ldc: Int, rows: Int, columns: Int
) {
    var c00: Scalar = 0, c01: Scalar = 0, c02: Scalar = 0, c03: Scalar = 0
    var c10: Scalar = 0, c11: Scalar = 0, c12: Scalar = 0, c13: Scalar = 0
    var c20: Scalar = 0, c21: Scalar = 0, c22: Scalar = 0, c23: Scalar = 0
    var c30: Scalar = 0, c31: Scalar = 0, c32: Scalar = 0, c33: Scalar = 0
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = pb[0], b1 = pb[1], b2 = pb[2], b3 = pb[3]
        let a0 = pa[0], a1 = pa[1], a2 = pa[2], a3 = pa[3]
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
        pa += 4; pb += 4
    }
    if rows == 4 && columns == 4 {
        c[0] += c00; c[1] += c01; c[2] += c02; c[3] += c03
        let r1 = c + ldc; r1[0] += c10; r1[1] += c11; r1[2] += c12; r1[3] += c13
        let r2 = r1 + ldc; r2[0] += c20; r2[1] += c21; r2[2] += c22; r2[3] += c23
        let r3 = r2 + ldc; r3[0] += c30; r3[1] += c31; r3[2] += c32; r3[3] += c33
        return
    }
    // Edge tile: write only the valid part.
    let tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33]
    for i in 0..<rows {
        for j in 0..<columns { c[i &* ldc &+ j] += tile[i &* 4 &+ j] }
    }
}

/// C[0..<rows][0..<columns] += (packed A micro-panel, 4×kc) · (packed B micro-panel, kc×8), for Float:
/// 32 accumulators, which the compiler keeps in eight 4-wide vector registers.
@inlinable @inline(__always)
func microKernel4x8<Scalar: MatrixScalar>(
    kc: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
    c: UnsafeMutablePointer<Scalar>, ldc: Int, rows: Int, columns: Int
) {
    var c00: Scalar = 0, c01: Scalar = 0, c02: Scalar = 0, c03: Scalar = 0
    var c04: Scalar = 0, c05: Scalar = 0, c06: Scalar = 0, c07: Scalar = 0
    var c10: Scalar = 0, c11: Scalar = 0, c12: Scalar = 0, c13: Scalar = 0
    var c14: Scalar = 0, c15: Scalar = 0, c16: Scalar = 0, c17: Scalar = 0
    var c20: Scalar = 0, c21: Scalar = 0, c22: Scalar = 0, c23: Scalar = 0
    var c24: Scalar = 0, c25: Scalar = 0, c26: Scalar = 0, c27: Scalar = 0
    var c30: Scalar = 0, c31: Scalar = 0, c32: Scalar = 0, c33: Scalar = 0
    var c34: Scalar = 0, c35: Scalar = 0, c36: Scalar = 0, c37: Scalar = 0
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = pb[0], b1 = pb[1], b2 = pb[2], b3 = pb[3], b4 = pb[4], b5 = pb[5], b6 = pb[6], b7 = pb[7]
        let a0 = pa[0]
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
        c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7
        let a1 = pa[1]
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
        c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7
        let a2 = pa[2]
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
        c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7
        let a3 = pa[3]
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
        c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7
        pa += 4; pb += 8
    }
    let tile = [c00, c01, c02, c03, c04, c05, c06, c07, c10, c11, c12, c13, c14, c15, c16, c17,
                c20, c21, c22, c23, c24, c25, c26, c27, c30, c31, c32, c33, c34, c35, c36, c37]
    for i in 0..<rows {
        for j in 0..<columns { c[i &* ldc &+ j] += tile[i &* 8 &+ j] }
    }
}
