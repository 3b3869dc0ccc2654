// Random matrices and weight initializers, all drawn from a `SeededGenerator` in row-major order, so the
// same seed gives the same matrix everywhere. Convention for layer weights: a layer computes y = x·W with
// W of shape fanIn×fanOut, so fanIn = rows and fanOut = columns.

/// The distribution used by the Xavier/Glorot initializer.
public enum InitializerDistribution: Sendable {
    /// N(0, σ²).
    case normal
    /// U(−a, a) with the same variance, a = σ·√3.
    case uniform
}

extension Matrix {
    /// Entries i.i.d. N(mean, standardDeviation²).
    public static func gaussian(
        rows: Int, columns: Int, mean: Scalar = 0, standardDeviation: Scalar = 1,
        using generator: inout SeededGenerator
    ) -> Matrix {
        Matrix(rows: rows, columns: columns) { _, _ in
            mean + standardDeviation * Scalar(generator.nextGaussian())
        }
    }

    /// Entries i.i.d. N(mean, standardDeviation²) from a fresh generator seeded with `seed`.
    public static func gaussian(rows: Int, columns: Int, mean: Scalar = 0, standardDeviation: Scalar = 1,
                                seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        return gaussian(rows: rows, columns: columns, mean: mean, standardDeviation: standardDeviation, using: &g)
    }

    /// Entries i.i.d. uniform in `range` (half-open).
    public static func uniform(rows: Int, columns: Int, in range: Range<Scalar> = 0..<1,
                               using generator: inout SeededGenerator) -> Matrix {
        let lo = Double(range.lowerBound), hi = Double(range.upperBound)
        return Matrix(rows: rows, columns: columns) { _, _ in
            // Rounding to Float could produce `hi`; clamp to keep the range half-open.
            Swift.min(Scalar(generator.nextUniform(in: lo..<hi)), range.upperBound.nextDown)
        }
    }

    /// Xavier/Glorot initialization (Glorot & Bengio, AISTATS 2010): variance 2/(fanIn + fanOut), which
    /// keeps activation and gradient variances roughly constant through linear/tanh layers.
    public static func xavier(rows fanIn: Int, columns fanOut: Int, distribution: InitializerDistribution = .normal,
                              using generator: inout SeededGenerator) -> Matrix {
        let sigma = (2.0 / Double(Swift.max(1, fanIn + fanOut))).squareRoot()
        return scaledNoise(rows: fanIn, columns: fanOut, sigma: sigma, distribution: distribution, using: &generator)
    }

    /// He/Kaiming initialization (He et al., ICCV 2015): variance 2/fanIn, for ReLU layers.
    public static func he(rows fanIn: Int, columns fanOut: Int, distribution: InitializerDistribution = .normal,
                          using generator: inout SeededGenerator) -> Matrix {
        let sigma = (2.0 / Double(Swift.max(1, fanIn))).squareRoot()
        return scaledNoise(rows: fanIn, columns: fanOut, sigma: sigma, distribution: distribution, using: &generator)
    }

    static func scaledNoise(rows: Int, columns: Int, sigma: Double, distribution: InitializerDistribution,
                            using generator: inout SeededGenerator) -> Matrix {
        switch distribution {
        case .normal:
            return Matrix(rows: rows, columns: columns) { _, _ in Scalar(sigma * generator.nextGaussian()) }
        case .uniform:
            let a = sigma * 3.0.squareRoot()
            return Matrix(rows: rows, columns: columns) { _, _ in Scalar(generator.nextUniform(in: -a..<a)) }
        }
    }

    /// A random matrix with orthonormal columns (rows ≥ columns) or orthonormal rows (rows < columns),
    /// distributed uniformly (Haar measure), times `gain`.
    ///
    /// Algorithm (Mezzadri, "How to generate random matrices from the classical compact groups", Notices
    /// of the AMS 54(5), 2007): QR of a Gaussian matrix, then Q·diag(sign(rᵢᵢ)). Without the sign
    /// correction Q from Householder QR is not Haar-distributed. For rows < columns the transpose is built.
    ///
    /// Reproducibility: the Gaussian input is the same on every machine, but Q comes from LAPACK, whose
    /// rounding depends on the OpenBLAS build and the kernels it picks for the CPU, so the last bits of Q
    /// (and of `withSingularValues`) may differ between machines. The plain random matrices do not.
    public static func orthogonal(rows: Int, columns: Int, gain: Scalar = 1,
                                  using generator: inout SeededGenerator) -> Matrix {
        let tall = rows >= columns
        let g = gaussian(rows: tall ? rows : columns, columns: tall ? columns : rows, using: &generator)
        let factors: QR<Scalar>
        do { factors = try g.qr() } catch {
            preconditionFailure("orthogonal: QR of a \(g.shapeDescription) Gaussian matrix failed: \(error)")
        }
        var q = factors.q
        let r = factors.r
        for j in 0..<q.columns {
            let sign: Scalar = r[j, j] < 0 ? -gain : gain
            for i in 0..<q.rows { q[i, j] *= sign }
        }
        return tall ? q : q.transposed()
    }

    /// I + εA with A an n×n Gaussian matrix whose entries have variance 1/n, so by the circular law the
    /// eigenvalues of A fill the unit disk and those of I + εA a disk of radius ε around 1.
    public static func identityPlus(_ n: Int, epsilon: Scalar, using generator: inout SeededGenerator) -> Matrix {
        let sigma = Scalar(1 / Double(Swift.max(1, n)).squareRoot())
        return identity(n) + epsilon * gaussian(rows: n, columns: n, standardDeviation: sigma, using: &generator)
    }
}
