// Histogram binning.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Equal-width binning of a sample.
struct Histogram {
    /// Bin centres.
    var centers: [Double]
    /// Counts (or densities) per bin.
    var heights: [Double]
    /// Width of every bin.
    var binWidth: Double
    /// Non-finite values left out.
    var skipped: Int
    /// Why the sample cannot be binned (its range overflows `Double`), if it cannot.
    var problem: String?

    /// Bins `data`. With `bins == nil` the count follows numpy's "auto" rule: the smaller bin
    /// width of Sturges' rule (k = log₂ n + 1) and the Freedman–Diaconis rule
    /// (h = 2·IQR·n^(−1/3), Freedman & Diaconis 1981). Values equal to the upper edge go in the
    /// last bin, as in numpy.
    init(_ data: [Double], bins: Int?, range: ClosedRange<Double>?, density: Bool) {
        let finite = data.filter(\.isFinite)
        skipped = data.count - finite.count
        var lo = range?.lowerBound ?? finite.min() ?? 0
        var hi = range?.upperBound ?? finite.max() ?? 1
        if !(lo < hi) { lo -= 0.5; hi += 0.5 }
        if !(hi - lo).isFinite {
            problem = "values from \(lo) to \(hi) span more than a Double can hold; pass range:"
            centers = []; heights = []; binWidth = 1
            return
        }
        let inRange = finite.filter { $0 >= lo && $0 <= hi }
        let n = inRange.count
        var k = bins ?? 10
        if bins == nil && n > 1 {
            let span = hi - lo
            let sturges = span / (log2(Double(n)) + 1)
            let sorted = inRange.sorted()
            func quantile(_ q: Double) -> Double {
                let p = q * Double(n - 1)
                let i = Int(p), f = p - Double(i)
                return i + 1 < n ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
            }
            let iqr = quantile(0.75) - quantile(0.25)
            let fd = 2 * iqr * pow(Double(n), -1.0 / 3)
            let width = fd > 0 ? min(fd, sturges) : sturges
            k = clampedInt((span / width).rounded(.up), 1, 1000)
        }
        k = max(1, min(k, 1000))
        binWidth = (hi - lo) / Double(k)
        var counts = Array(repeating: 0.0, count: k)
        for v in inRange {
            let i = clampedInt((v - lo) / binWidth, 0, k - 1)
            counts[i] += 1
        }
        if density && n > 0 {
            let scale = 1 / (Double(n) * binWidth)
            counts = counts.map { $0 * scale }
        }
        heights = counts
        let w = binWidth
        centers = (0..<k).map { lo + (Double($0) + 0.5) * w }
    }
}
