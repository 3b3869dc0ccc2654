import LinearAlgebra

// The numerical inner loops of the library, in one file. Products go to BLAS gemm through
// `MatrixScalar.blasGemm` (transposes are gemm flags, never copies); elementwise loops run over raw
// buffers. Every kernel is specialised for Float and Double (`@_specialize`): the generic `Tensor<Scalar>`
// code calls them unspecialised from other modules, and the specialised bodies are what then run.

/// `op(A)·op(B)` as a new matrix (gemm with β = 0).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func matrixProduct<Scalar: NeuralScalar>(
    _ a: Matrix<Scalar>, transposed transposeA: Bool, _ b: Matrix<Scalar>, transposed transposeB: Bool,
    alpha: Scalar = 1, operation: @autoclosure () -> String
) -> Matrix<Scalar> {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let n = transposeB ? b.rows : b.columns
    let kb = transposeB ? b.columns : b.rows
    guard k > 0, k == kb else {
        var c = Matrix<Scalar>(rows: m, columns: n, repeating: 0)
        accumulateProduct(into: &c, a, transposed: transposeA, b, transposed: transposeB, alpha: alpha,
                          beta: 0, operation: operation())
        return c
    }
    // gemm with β = 0 writes every element, so the result array is not cleared first.
    let elements = [Scalar](unsafeUninitializedCapacity: m * n) { buffer, initialized in
        if m > 0 && n > 0 {
            a.withUnsafeElements { pa in
                b.withUnsafeElements { pb in
                    Scalar.blasGemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                        beta: 0, c: buffer.baseAddress!, ldc: n)
                }
            }
        }
        initialized = m * n
    }
    return Matrix(rows: m, columns: n, elements)
}

/// `C ← α·op(A)·op(B) + β·C` in place (BLAS gemm), with a shape check that names `operation`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func accumulateProduct<Scalar: NeuralScalar>(
    into c: inout Matrix<Scalar>, _ a: Matrix<Scalar>, transposed transposeA: Bool,
    _ b: Matrix<Scalar>, transposed transposeB: Bool, alpha: Scalar = 1, beta: Scalar = 1,
    operation: @autoclosure () -> String
) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb && c.rows == m && c.columns == n,
                 "\(operation()): cannot multiply \(a.rows)×\(a.columns)\(transposeA ? "ᵀ" : "") by "
                 + "\(b.rows)×\(b.columns)\(transposeB ? "ᵀ" : "") into \(c.rows)×\(c.columns)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if beta == 0 { c.withUnsafeMutableElements { $0.update(repeating: 0) } }
        else if beta != 1 { c.withUnsafeMutableElements { p in for i in p.indices { p[i] *= beta } } }
        return
    }
    a.withUnsafeElements { pa in
        b.withUnsafeElements { pb in
            c.withUnsafeMutableElements { pc in
                Scalar.blasGemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    alpha: alpha, a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                    beta: beta, c: pc.baseAddress!, ldc: n)
            }
        }
    }
}

/// A new matrix of `shape`'s shape whose elements `body` writes, every one of them, from the inputs:
/// one pass over memory instead of copying an input and then modifying the copy.
@inline(__always)
func makeMatrix<Scalar: NeuralScalar>(
    rows: Int, columns: Int, _ body: (UnsafeMutableBufferPointer<Scalar>) -> Void
) -> Matrix<Scalar> {
    let elements = [Scalar](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
        body(UnsafeMutableBufferPointer(rebasing: buffer[0..<(rows * columns)]))
        initialized = rows * columns
    }
    return Matrix(rows: rows, columns: columns, elements)
}

/// Elementwise kinds of unary kernels; one switch outside the loop, a tight loop inside each case.
enum UnaryKernel { case relu, tanh, sigmoid, negate }

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func applyUnary<Scalar: NeuralScalar>(_ kernel: UnaryKernel, _ a: Matrix<Scalar>) -> Matrix<Scalar> {
    a.withUnsafeElements { x in
        makeMatrix(rows: a.rows, columns: a.columns) { p in
            switch kernel {
            case .relu: for i in p.indices { p[i] = x[i] < 0 ? 0 : x[i] }   // NaN stays NaN, to reach the loss check
            case .tanh: for i in p.indices { p[i] = Scalar.hyperbolicTangent(x[i]) }
            case .sigmoid:
                // σ(x) = 1/(1+e⁻ˣ) for x ≥ 0 and eˣ/(1+eˣ) for x < 0: neither form overflows.
                for i in p.indices {
                    let v = x[i]
                    if v >= 0 { p[i] = 1 / (1 + Scalar.exponential(-v)) }
                    else { let e = Scalar.exponential(v); p[i] = e / (1 + e) }
                }
            case .negate: for i in p.indices { p[i] = -x[i] }
            }
        }
    }
}

/// Backward of the elementwise activations, from the *output* value `y` and upstream gradient `g`.
enum ActivationDerivative { case relu, tanh, sigmoid }

@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func activationGradient<Scalar: NeuralScalar>(
    _ kind: ActivationDerivative, output y: Matrix<Scalar>, upstream g: Matrix<Scalar>
) -> Matrix<Scalar> {
    y.withUnsafeElements { py in
        g.withUnsafeElements { pg in
            makeMatrix(rows: g.rows, columns: g.columns) { p in
                switch kind {
                case .relu: for i in p.indices { p[i] = py[i] > 0 ? pg[i] : 0 }
                case .tanh: for i in p.indices { p[i] = pg[i] * (1 - py[i] * py[i]) }
                case .sigmoid: for i in p.indices { p[i] = pg[i] * (py[i] * (1 - py[i])) }
                }
            }
        }
    }
}

/// `a + s·b` elementwise (shapes checked by the caller).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func addScaled<Scalar: NeuralScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, scale s: Scalar) -> Matrix<Scalar> {
    a.withUnsafeElements { pa in
        b.withUnsafeElements { pb in
            makeMatrix(rows: a.rows, columns: a.columns) { p in
                if s == 1 { for i in p.indices { p[i] = pa[i] + pb[i] } }
                else if s == -1 { for i in p.indices { p[i] = pa[i] - pb[i] } }
                else { for i in p.indices { p[i] = pa[i] + s * pb[i] } }
            }
        }
    }
}

/// `a ← a + s·b` elementwise (an axpy).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func addScaledInPlace<Scalar: NeuralScalar>(_ a: inout Matrix<Scalar>, _ b: Matrix<Scalar>, scale s: Scalar) {
    b.withUnsafeElements { pb in
        a.withUnsafeMutableElements { pa in
            if s == 1 { for i in pa.indices { pa[i] += pb[i] } }
            else if s == -1 { for i in pa.indices { pa[i] -= pb[i] } }
            else { for i in pa.indices { pa[i] += s * pb[i] } }
        }
    }
}

/// `s·a` elementwise.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func scaled<Scalar: NeuralScalar>(_ a: Matrix<Scalar>, by s: Scalar) -> Matrix<Scalar> {
    a.withUnsafeElements { pa in
        makeMatrix(rows: a.rows, columns: a.columns) { p in for i in p.indices { p[i] = s * pa[i] } }
    }
}

/// `a ∘ b` elementwise.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func elementwiseProduct<Scalar: NeuralScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
    a.withUnsafeElements { pa in
        b.withUnsafeElements { pb in
            makeMatrix(rows: a.rows, columns: a.columns) { p in for i in p.indices { p[i] = pa[i] * pb[i] } }
        }
    }
}

/// Each row of the m×n matrix `a` plus the 1×n row `b`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func addingRowVector<Scalar: NeuralScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
    let n = a.columns
    return a.withUnsafeElements { pa in
        b.withUnsafeElements { pb in
            makeMatrix(rows: a.rows, columns: n) { p in
                for r in 0..<a.rows { for j in 0..<n { p[r * n + j] = pa[r * n + j] + pb[j] } }
            }
        }
    }
}

/// The 1×n row of column sums of the m×n matrix `a`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func columnSums<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Matrix<Scalar> {
    var out = Matrix<Scalar>(rows: 1, columns: a.columns, repeating: 0)
    let n = a.columns
    a.withUnsafeElements { pa in
        out.withUnsafeMutableElements { p in
            for r in 0..<a.rows { for j in 0..<n { p[j] += pa[r * n + j] } }
        }
    }
    return out
}

/// The sum of all entries.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func sumOfElements<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Scalar {
    a.withUnsafeElements { p in
        var s: Scalar = 0
        for x in p { s += x }
        return s
    }
}

/// Softmax of each row, computed as exp(x − max) / Σ exp(x − max) so that it cannot overflow.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func softmaxOfRows<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Matrix<Scalar> {
    var out = a
    let n = a.columns
    guard n > 0 else { return out }
    out.withUnsafeMutableElements { p in
        for r in 0..<a.rows {
            let row = r * n
            var largest = p[row]
            for j in 1..<n where p[row + j] > largest { largest = p[row + j] }
            var total: Scalar = 0
            for j in 0..<n { let e = Scalar.exponential(p[row + j] - largest); p[row + j] = e; total += e }
            let inverse = 1 / total
            for j in 0..<n { p[row + j] *= inverse }
        }
    }
    return out
}

/// Backward of row softmax: `dx = y ∘ (g − rowsum(g ∘ y))`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func softmaxRowsGradient<Scalar: NeuralScalar>(output y: Matrix<Scalar>, upstream g: Matrix<Scalar>) -> Matrix<Scalar> {
    var out = g
    let n = y.columns
    y.withUnsafeElements { py in
        out.withUnsafeMutableElements { p in
            for r in 0..<y.rows {
                let row = r * n
                var dot: Scalar = 0
                for j in 0..<n { dot += p[row + j] * py[row + j] }
                for j in 0..<n { p[row + j] = py[row + j] * (p[row + j] - dot) }
            }
        }
    }
    return out
}

/// Rows `indices` of `table`, in order (an embedding lookup).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func gatherRowsKernel<Scalar: NeuralScalar>(_ table: Matrix<Scalar>, _ indices: [Int]) -> Matrix<Scalar> {
    let n = table.columns
    var out = Matrix<Scalar>(rows: indices.count, columns: n, repeating: 0)
    table.withUnsafeElements { pt in
        out.withUnsafeMutableElements { p in
            for (r, index) in indices.enumerated() {
                (p.baseAddress! + r * n).update(from: pt.baseAddress! + index * n, count: n)
            }
        }
    }
    return out
}

/// `table[indices[r], :] += g[r, :]` for every r: the gradient of a gather, written only into the rows used.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func scatterAddRows<Scalar: NeuralScalar>(_ g: Matrix<Scalar>, _ indices: [Int], into table: inout Matrix<Scalar>) {
    let n = table.columns
    g.withUnsafeElements { pg in
        table.withUnsafeMutableElements { p in
            for (r, index) in indices.enumerated() {
                let destination = index * n, source = r * n
                for j in 0..<n { p[destination + j] += pg[source + j] }
            }
        }
    }
}

/// The Frobenius norm √(Σ aᵢⱼ²) in Double, scaled to avoid overflow (as LAPACK's ?NRM2 does).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func frobeniusNormOf<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Double {
    a.withUnsafeElements { p in
        var largest = 0.0
        for x in p { largest = Swift.max(largest, Double(x).magnitude) }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        for x in p { let y = Double(x) / largest; sum += y * y }
        return largest * sum.squareRoot()
    }
}

/// True when every entry is finite.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func allFinite<Scalar: NeuralScalar>(_ a: Matrix<Scalar>) -> Bool {
    a.withUnsafeElements { p in p.allSatisfy { $0.isFinite } }
}
