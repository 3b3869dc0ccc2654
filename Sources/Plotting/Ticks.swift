// Tick selection and tick-label formatting.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tick on an axis.
struct Tick: Equatable, Sendable {
    /// Data value of the tick.
    var value: Double
    /// Label (empty for minor ticks).
    var label: Markup
    /// Major ticks are long and labelled; minor ticks are short.
    var major: Bool
}

/// Chooses tick positions and labels: 1-2-5 steps on linear axes, powers of ten on log axes.
enum TickLocator {
    /// The mantissas of "nice" steps: 1, 2 and 5 times a power of ten.
    static let niceMantissas: [Double] = [1, 2, 5, 10]

    /// The smallest 1-2-5 step (times a power of ten) that is at least `raw`.
    static func niceStep(atLeast raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in niceMantissas where m * magnitude >= raw * (1 - 1e-12) {
            return m * magnitude
        }
        return 10 * magnitude
    }

    /// Values `k·step` inside `lower…upper` (a tolerance of 1e-9 steps keeps the end points), using
    /// integer multiples so that 0.1 + 0.2 drift never shows in a label.
    static func multiples(of step: Double, from lower: Double, to upper: Double) -> [Double] {
        let tol = 1e-9
        let first = (lower / step - tol).rounded(.up)
        let last = (upper / step + tol).rounded(.down)
        guard first <= last, last - first < 10_000 else { return [] }
        var values: [Double] = []
        var k = first
        while k <= last {
            let v = k * step
            values.append(v == 0 ? 0 : v) // no "-0"
            k += 1
        }
        return values
    }

    /// Linear tick values: the smallest 1-2-5 step that gives at most `maxCount` ticks in
    /// `lower…upper` (Heckbert's "nice numbers for graph labels", Graphics Gems, 1990).
    static func linearValues(lower: Double, upper: Double, maxCount: Int) -> (values: [Double], step: Double) {
        let lo = min(lower, upper), hi = max(lower, upper)
        let span = hi - lo
        guard span > 0, span.isFinite else { return ([lo], 1) }
        var step = niceStep(atLeast: span / Double(max(1, maxCount)))
        var values = multiples(of: step, from: lo, to: hi)
        // Rounding can give one tick too many; take the next nice step then.
        var guardCount = 0
        while values.count > max(2, maxCount + 1) && guardCount < 8 {
            step = niceStep(atLeast: step * 1.000001)
            values = multiples(of: step, from: lo, to: hi)
            guardCount += 1
        }
        return (values, step)
    }

    /// Linear ticks with labels.
    static func linear(lower: Double, upper: Double, maxCount: Int) -> [Tick] {
        let (values, step) = linearValues(lower: lower, upper: upper, maxCount: maxCount)
        let labels = NumberFormat.labels(values, step: step)
        return zip(values, labels).map { Tick(value: $0, label: $1, major: true) }
    }

    /// Log ticks. Three or more decades: every decade (or every k-th decade, k in 1, 2, 3, 5, 10,
    /// 20, 50…, so that at most `maxCount` are labelled), labelled 10^k, with unlabelled minor ticks
    /// at the other decades and at 2…9 × 10^k while decades are few. Shorter ranges: 1-2-5 × 10^k
    /// labelled as plain numbers (0.2, 0.5, 1, 2, 5) with minor ticks at the other integers
    /// m × 10^k; ranges too short even for that fall back to linear 1-2-5 steps.
    static func log(lower: Double, upper: Double, maxCount: Int) -> [Tick] {
        let lo = min(lower, upper), hi = max(lower, upper)
        guard lo > 0, hi.isFinite, hi > lo else { return [] }
        let e0 = log10(lo), e1 = log10(hi)
        let firstDecade = Int((e0 - 1e-9).rounded(.up)), lastDecade = Int((e1 + 1e-9).rounded(.down))
        let decadeCount = lastDecade - firstDecade + 1
        let limit = max(2, maxCount)
        func inRange(_ v: Double) -> Bool { v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) }

        if decadeCount < 3 {
            var values: [Double] = []
            var minor: [Double] = []
            for e in (firstDecade - 1)...(lastDecade + 1) {
                for m in 1...9 {
                    let v = Double(m) * pow(10, Double(e))
                    guard inRange(v) else { continue }
                    if m == 1 || m == 2 || m == 5 { values.append(v) } else { minor.append(v) }
                }
            }
            if values.count >= 3 && values.count <= limit {
                let major = values.map { Tick(value: $0, label: NumberFormat.compact($0), major: true) }
                let minorTicks = minor.map { Tick(value: $0, label: Markup(""), major: false) }
                return (major + minorTicks).sorted { $0.value < $1.value }
            }
            if decadeCount < 2 {
                return linear(lower: lo, upper: hi, maxCount: min(limit, 6)).filter { $0.value > 0 }
            }
        }
        let strides = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 500, 1000]
        var stride = strides.last!
        for s in strides {
            let count = (floorDiv(lastDecade, s) - ceilDiv(firstDecade, s)) + 1
            if count <= limit && count >= 2 || s == strides.last! { stride = s; break }
        }
        var ticks: [Tick] = []
        for e in firstDecade...lastDecade {
            let v = pow(10, Double(e))
            if e % stride == 0 {
                ticks.append(Tick(value: v, label: NumberFormat.powerOfTen(e), major: true))
            } else if decadeCount <= 80 {
                ticks.append(Tick(value: v, label: Markup(""), major: false))
            }
        }
        // Minor ticks at 2…9 × 10^k, only when they stay far enough apart to read.
        if stride == 1 && decadeCount <= 12 {
            for e in (firstDecade - 1)...lastDecade {
                for m in 2...9 {
                    let v = Double(m) * pow(10, Double(e))
                    if inRange(v) { ticks.append(Tick(value: v, label: Markup(""), major: false)) }
                }
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    private static func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }
}

/// Number formatting for tick labels and annotations.
enum NumberFormat {
    /// The minus sign used in labels (U+2212, as typeset mathematics uses).
    static let minus = "\u{2212}"

    /// `printf`-style formatting through the C library (no Foundation dependency).
    static func c(_ format: String, _ args: CVarArg...) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList(args) { vsnprintf(&buffer, buffer.count, format, $0) }
        if n >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(n) + 1)
            _ = withVaList(args) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// "10<sup>k</sup>" with a typographic minus.
    static func powerOfTen(_ e: Int) -> Markup {
        Markup("10<sup>" + (e < 0 ? minus + String(-e) : String(e)) + "</sup>")
    }

    /// Replaces an ASCII hyphen-minus at the start with U+2212.
    static func typographicMinus(_ s: String) -> String {
        s.hasPrefix("-") ? minus + s.dropFirst() : s
    }

    /// Decimal places needed to show multiples of `step` exactly (for 1-2-5 steps, and 2.5).
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var d = 0
        var s = step
        while d < 15 && abs(s - s.rounded()) > 1e-9 * max(1, abs(s)) { s *= 10; d += 1 }
        return d
    }

    /// Labels for evenly spaced tick values: fixed-point for magnitudes in 1e-4…1e6 (as
    /// matplotlib's default formatter), otherwise "m×10^e" with one exponent shared by the axis.
    static func labels(_ values: [Double], step: Double) -> [Markup] {
        let maxAbs = values.map { abs($0) }.max() ?? 0
        let useScientific = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-4)
        if !useScientific {
            let d = decimals(forStep: step)
            return values.map { Markup(typographicMinus(c("%.*f", Int32(d), $0))) }
        }
        let e = Int(floor(log10(maxAbs)))
        let scale = pow(10, Double(e))
        let d = decimals(forStep: step / scale)
        return values.map { v in
            if v == 0 { return Markup("0") }
            let m = typographicMinus(c("%.*f", Int32(d), v / scale))
            return Markup(m + "×" + powerOfTen(e).source)
        }
    }

    /// A compact general-purpose label for one number (legend values, annotations, colour bars):
    /// up to `significant` significant digits, scientific outside 1e-4…1e6 (matplotlib's limits).
    static func compact(_ v: Double, significant: Int = 3) -> Markup {
        if v.isNaN { return Markup("NaN") }
        if v.isInfinite { return Markup(v > 0 ? "∞" : minus + "∞") }
        if v == 0 { return Markup("0") }
        let a = abs(v)
        // Fixed point with `significant` digits (never "1e+03"), trailing zeros dropped.
        let decimals = max(0, significant - 1 - Int(floor(log10(a))))
        var plain = c("%.*f", Int32(min(decimals, 20)), v)
        if plain.contains(".") {
            while plain.hasSuffix("0") { plain.removeLast() }
            if plain.hasSuffix(".") { plain.removeLast() }
        }
        if a >= 1e6 || a < 1e-4 || abs(Double(plain) ?? 0) >= 1e6 {
            // "%.Ne" rounds mantissa and exponent together (9.9996e4 becomes 1.000e+05).
            let formatted = c("%.*e", Int32(max(0, significant - 1)), v)
            let parts = formatted.split(separator: "e")
            var mantissa = String(parts[0])
            let e = Int(parts[1]) ?? 0
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            let ms = typographicMinus(mantissa)
            return Markup((mantissa == "1" ? "" : ms + "×") + powerOfTen(e).source)
        }
        return Markup(typographicMinus(plain))
    }
}
