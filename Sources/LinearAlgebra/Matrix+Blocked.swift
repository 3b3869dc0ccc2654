import COpenBLAS

// A cache-blocked pure-Swift product, after Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication", ACM TOMS 34(3), 2008: the loops are split into blocks so that a kc×nc panel of B stays
// in the L3/L2 cache, an mc×kc block of A in L2, a kc×NR micro-panel of B in L1, and an MR×NR tile of C in
// registers. Both operands are packed into contiguous micro-panels first, so the innermost kernel reads
// memory strictly sequentially.
//
// The register tile is 8 rows × two vectors of the target's widest registers: 8×16 in Double and 8×32 in
// Float with AVX-512 (16 of its 32 registers hold accumulators, enough to hide the 4-cycle latency of two
// FMA units), 8×8 / 8×16 with AVX2, 8×4 / 8×8 with SSE2 or NEON. Written with Swift's SIMD types, the same
// code compiles to whichever the target has (weave compiles for the host CPU, `-target-cpu native`); the
// width comes from `weave_target_vector_bytes`, and fused multiply–adds are used only when the target has
// them (`weave_target_has_fma`). Only the AVX-512 variant has been measured (Benchmarks/linalg/RESULTS.md).

/// Rows of the register tile of C.
@inlinable var blockedMR: Int { 8 }
/// Columns of the register tile of C: two of the target's widest vectors (16 Double or 32 Float with AVX-512).
@inlinable @inline(__always)
func blockedNR<Scalar: MatrixScalar>(_: Scalar.Type) -> Int {
    2 * Int(weave_target_vector_bytes()) / MemoryLayout<Scalar>.stride
}

/// Cache-blocked (tiled) product in pure Swift, with packing and an 8×16 (Double) or 8×32 (Float)
/// SIMD register micro-kernel.
///
/// - Parameter blockSize: the cache block sizes `(mc, kc, nc)`; the default (128, 256, 1024) keeps a
///   128×256 block of A (256 KiB in Double) in L2. `mc` and `nc` are rounded up to whole register tiles.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
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
                                    microKernel(Scalar.self, kc: kc, a: packedA + ir * kc, b: packedB + jr * kc,
                                                c: C + (ic + ir) * n + jc + jr, ldc: n, rows: mr, columns: nr)
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

/// C[0..<rows][0..<columns] += (packed A micro-panel, 8×kc) · (packed B micro-panel, kc×NR), with the
/// vector type of the target's widest registers (NR = two vectors).
@inlinable @inline(__always)
func microKernel<Scalar: MatrixScalar>(
    _: Scalar.Type, kc: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
    c: UnsafeMutablePointer<Scalar>, ldc: Int, rows: Int, columns: Int
) {
    // Lanes per vector: bytes / element size. Each branch folds to a constant where this is inlined.
    switch Int(weave_target_vector_bytes()) / MemoryLayout<Scalar>.stride {
    case 16: microKernel8x2(SIMD16<Scalar>.self, kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, columns: columns)
    case 8: microKernel8x2(SIMD8<Scalar>.self, kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, columns: columns)
    case 4: microKernel8x2(SIMD4<Scalar>.self, kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, columns: columns)
    default: microKernel8x2(SIMD2<Scalar>.self, kc: kc, a: a, b: b, c: c, ldc: ldc, rows: rows, columns: columns)
    }
}

/// The register tile: 8 rows × 2 vectors of `V`. Each step of the k loop loads two vectors of B,
/// broadcasts eight elements of A and does 16 vector multiply–adds.
@inlinable @inline(__always)
func microKernel8x2<V: SIMD>(
    _: V.Type, kc: Int, a: UnsafePointer<V.Scalar>, b: UnsafePointer<V.Scalar>,
    c: UnsafeMutablePointer<V.Scalar>, ldc: Int, rows: Int, columns: Int
) where V.Scalar: MatrixScalar {
    let w = V.scalarCount
    var c0 = V(), d0 = V(), c1 = V(), d1 = V(), c2 = V(), d2 = V(), c3 = V(), d3 = V()
    var c4 = V(), d4 = V(), c5 = V(), d5 = V(), c6 = V(), d6 = V(), c7 = V(), d7 = V()
    var pa = a, pb = b
    if weave_target_has_fma() != 0 {
        for _ in 0..<kc {
            let b0 = loadVector(pb, V.self), b1 = loadVector(pb + w, V.self)
            var x = V(repeating: pa[0]); c0.addProduct(x, b0); d0.addProduct(x, b1)
            x = V(repeating: pa[1]); c1.addProduct(x, b0); d1.addProduct(x, b1)
            x = V(repeating: pa[2]); c2.addProduct(x, b0); d2.addProduct(x, b1)
            x = V(repeating: pa[3]); c3.addProduct(x, b0); d3.addProduct(x, b1)
            x = V(repeating: pa[4]); c4.addProduct(x, b0); d4.addProduct(x, b1)
            x = V(repeating: pa[5]); c5.addProduct(x, b0); d5.addProduct(x, b1)
            x = V(repeating: pa[6]); c6.addProduct(x, b0); d6.addProduct(x, b1)
            x = V(repeating: pa[7]); c7.addProduct(x, b0); d7.addProduct(x, b1)
            pa += 8; pb += 2 &* w
        }
    } else {
        // Without FMA in the target, addProduct would call the C library per element: multiply, then add.
        for _ in 0..<kc {
            let b0 = loadVector(pb, V.self), b1 = loadVector(pb + w, V.self)
            var x = V(repeating: pa[0]); c0 += x * b0; d0 += x * b1
            x = V(repeating: pa[1]); c1 += x * b0; d1 += x * b1
            x = V(repeating: pa[2]); c2 += x * b0; d2 += x * b1
            x = V(repeating: pa[3]); c3 += x * b0; d3 += x * b1
            x = V(repeating: pa[4]); c4 += x * b0; d4 += x * b1
            x = V(repeating: pa[5]); c5 += x * b0; d5 += x * b1
            x = V(repeating: pa[6]); c6 += x * b0; d6 += x * b1
            x = V(repeating: pa[7]); c7 += x * b0; d7 += x * b1
            pa += 8; pb += 2 &* w
        }
    }
    if rows == 8 && columns == 2 &* w {
        addToRow(c, c0, d0); addToRow(c + ldc, c1, d1)
        addToRow(c + 2 &* ldc, c2, d2); addToRow(c + 3 &* ldc, c3, d3)
        addToRow(c + 4 &* ldc, c4, d4); addToRow(c + 5 &* ldc, c5, d5)
        addToRow(c + 6 &* ldc, c6, d6); addToRow(c + 7 &* ldc, c7, d7)
        return
    }
    // Edge tile: spill the accumulators, add only the valid part.
    withUnsafeTemporaryAllocation(of: V.Scalar.self, capacity: 16 &* w) { tile in
        let values = tile.baseAddress!
        let row = 2 &* w
        storeVector(c0, values); storeVector(d0, values + w)
        storeVector(c1, values + row); storeVector(d1, values + (row &+ w))
        storeVector(c2, values + 2 &* row); storeVector(d2, values + (2 &* row &+ w))
        storeVector(c3, values + 3 &* row); storeVector(d3, values + (3 &* row &+ w))
        storeVector(c4, values + 4 &* row); storeVector(d4, values + (4 &* row &+ w))
        storeVector(c5, values + 5 &* row); storeVector(d5, values + (5 &* row &+ w))
        storeVector(c6, values + 6 &* row); storeVector(d6, values + (6 &* row &+ w))
        storeVector(c7, values + 7 &* row); storeVector(d7, values + (7 &* row &+ w))
        for i in 0..<rows {
            for j in 0..<columns { c[i &* ldc &+ j] += values[i &* row &+ j] }
        }
    }
}

/// C row[0..<2w] += (left, right).
@inlinable @inline(__always)
func addToRow<V: SIMD>(_ row: UnsafeMutablePointer<V.Scalar>, _ left: V, _ right: V) where V.Scalar: FloatingPoint {
    let w = V.scalarCount
    storeVector(loadVector(row, V.self) + left, row)
    storeVector(loadVector(row + w, V.self) + right, row + w)
}

@inlinable @inline(__always)
func loadVector<V: SIMD>(_ p: UnsafePointer<V.Scalar>, _: V.Type) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
func storeVector<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}
