/// A seeded pseudo-random generator that gives the same numbers on every machine and Swift version.
///
/// - State update: xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
///   ACM TOMS 47(4), 2021), 256 bits of state, period 2²⁵⁶ − 1.
/// - Seeding: the 64-bit seed is expanded into the state by SplitMix64 (Steele, Lea & Flood, OOPSLA 2014),
///   as the xoshiro authors recommend; the state is never all zero.
/// - Uniform doubles: the top 53 bits of one output, times 2⁻⁵³, in [0, 1).
/// - Gaussians: Marsaglia's polar method (Marsaglia & Bray, SIAM Review 6(3), 1964), producing pairs;
///   the logarithm is this file's own `portableLog`, built from +, −, ×, ÷ only, so the result does not
///   depend on the platform's libm. Float values are Double values rounded to Float.
///
/// Swift's `Double.random(in:using:)` is not used: its algorithm is not specified and may change.
/// `Matrix.gaussian`, `.uniform`, `.xavier` and `.he` use only this generator and plain arithmetic, so they
/// are bit-identical everywhere; initializers that go through LAPACK (`.orthogonal`) are not quite.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    @usableFromInline var spareGaussian: Double? = nil

    /// A generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [lower, upper).
    @inlinable
    public mutating func nextUniform(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }

    /// A standard normal N(0, 1) sample (Marsaglia polar method; every second call uses the spare).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1, v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let factor = (-2 * portableLog(s) / s).squareRoot()
            spareGaussian = v * factor
            return u * factor
        }
    }
}

/// Natural logarithm of a positive finite Double using only IEEE-754 basic operations, so its value is
/// the same on every platform (libm `log` may differ in the last bit between systems).
///
/// x = 2ᵉ·m with m in [√½, √2); ln m = 2·atanh(t) with t = (m−1)/(m+1), |t| < 0.172, summed as the
/// series 2·Σ t^(2j+1)/(2j+1) up to j = 13 (error < 1e-19 relative to the series' value).
/// Accuracy: within a few ulp of the true logarithm.
@usableFromInline
func portableLog(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "portableLog: argument \(x) must be positive and finite")
    var e = Double(x.exponent)
    var m = x.significand   // in [1, 2)
    if m > 1.4142135623730951 { m /= 2; e += 1 }
    let t = (m - 1) / (m + 1), t2 = t * t
    var term = t, sum = 0.0
    var j = 0.0
    while j <= 13 {
        sum += term / (2 * j + 1)
        term *= t2
        j += 1
    }
    // ln 2 split into a high part exact in few bits and a low correction (Cody & Waite range reduction).
    let ln2High = 0.693147180369123816490, ln2Low = 1.90821492927058770002e-10
    return e * ln2High + (2 * sum + e * ln2Low)
}
