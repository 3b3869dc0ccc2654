// Limits, ticks and margins of an Axes.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Space around a plot rectangle inside its grid cell.
struct Margins: Equatable {
    var left = 0.0, top = 0.0, right = 0.0, bottom = 0.0
}

/// Resolved data limits of an axes and what it must tell the reader.
struct AxesPlan {
    var xLower: Double, xUpper: Double
    var yLower: Double, yUpper: Double
    /// Why the axes shows no data, if it does not.
    var emptyReason: String?
    /// Notes about skipped values.
    var note: String?
    /// The series whose colour scale the colour bar shows, if any.
    var colorbar: (any ColorMappedSeries)?
}

/// Ticks and label orientation of both axes for one plot rectangle.
struct AxesTicks {
    var x: [Tick]
    var y: [Tick]
    var xAngle: Double
    var colorbar: [Tick]
}

extension Axes {
    // MARK: Limits

    /// Validates the series and resolves the limits of both axes.
    func plan() throws -> AxesPlan {
        if let e = argumentErrors.first { throw e }
        for s in series { try s.validate(context: context) }
        let (xl, xu, xHas) = try resolveAxis("x", xScale, xlim) { s, sc in s.xExtent(sc, other: yScale) }
        let (yl, yu, yHas) = try resolveAxis("y", yScale, ylim) { s, sc in s.yExtent(sc, other: xScale) }
        var plan = AxesPlan(xLower: xl, xUpper: xu, yLower: yl, yUpper: yu)
        let drawable = series.filter { !($0 is TextAnnotation) && !($0 is SkipMarker) }
        if drawable.isEmpty {
            plan.emptyReason = "no data"
        } else if !xHas || !yHas {
            let logAxes = [xScale == .log ? "x" : nil, yScale == .log ? "y" : nil].compactMap { $0 }
            plan.emptyReason = logAxes.isEmpty ? "no finite data"
                : "no positive data for the log \(logAxes.joined(separator: " and ")) axis"
        }
        let skipped = series.reduce(SkipCounts()) { $0 + $1.skipped(x: xScale, y: yScale) }
        var parts: [String] = []
        if skipped.nonFinite > 0 {
            parts.append("\(skipped.nonFinite) NaN/∞ value\(skipped.nonFinite == 1 ? "" : "s") skipped")
        }
        if skipped.nonPositive > 0 {
            parts.append("\(skipped.nonPositive) value\(skipped.nonPositive == 1 ? "" : "s") ≤ 0 not shown on log axis")
        }
        if !parts.isEmpty { plan.note = parts.joined(separator: "; ") }
        plan.colorbar = showsColorbar ? series.compactMap { $0 as? any ColorMappedSeries }.last : nil
        return plan
    }

    /// Limits of one axis: the user's, or the data's with a 5 % margin (in the scale's space)
    /// that stops at sticky values such as bar baselines. Returns whether any data was found.
    private func resolveAxis(_ name: String, _ scale: Scale, _ user: ClosedRange<Double>?,
                             _ extentOf: (any PlotSeries, Scale) -> Extent) throws -> (Double, Double, Bool) {
        var extent = Extent()
        for s in series { extent.merge(extentOf(s, scale)) }
        if let custom = name == "x" ? xCustomTicks : nil, !custom.isEmpty, extent.isEmpty == false {
            for (p, _) in custom { extent.include(p, scale) }
        }
        let hasData = !extent.isEmpty
        if let user {
            let lo = user.lowerBound, hi = user.upperBound
            guard lo.isFinite, hi.isFinite, lo < hi else {
                throw PlotError.invalidLimits(context: context, detail: "\(name)lim \(lo)…\(hi) must be finite with lower < upper")
            }
            if scale == .log && lo <= 0 {
                throw PlotError.invalidLimits(context: context, detail: "\(name)lim starts at \(lo), but a log axis needs positive limits")
            }
            return (lo, hi, hasData)
        }
        guard hasData else { return scale == .log ? (1, 10, false) : (0, 1, false) }
        let lo = extent.lower, hi = extent.upper
        if lo == hi {
            // A single value: give it room (matplotlib widens by 5 %; zero gets ±1).
            switch scale {
            case .linear:
                let pad = lo == 0 ? 1 : abs(lo) * 0.05
                return (lo - pad, hi + pad, true)
            case .log:
                return (lo / pow(10, 0.5), hi * pow(10, 0.5), true)
            }
        }
        let t0 = scale.transform(lo), t1 = scale.transform(hi)
        let pad = (t1 - t0) * 0.05
        var p0 = scale.inverse(t0 - pad), p1 = scale.inverse(t1 + pad)
        for s in extent.sticky where scale.accepts(s) {
            if abs(s - lo) <= 1e-12 * max(1, abs(s)) && p0 < s { p0 = s }
            if abs(s - hi) <= 1e-12 * max(1, abs(s)) && p1 > s { p1 = s }
        }
        if !(p0.isFinite && p1.isFinite) || p0 >= p1 { p0 = lo; p1 = hi }
        return (p0, p1, true)
    }

    // MARK: Mappings

    func frame(_ plan: AxesPlan, plot: Rect) -> Frame {
        let x = AxisMapping(scale: xScale, lower: plan.xLower, upper: plan.xUpper, start: plot.x, end: plot.maxX)
        let y = yInverted
            ? AxisMapping(scale: yScale, lower: plan.yLower, upper: plan.yUpper, start: plot.y, end: plot.maxY)
            : AxisMapping(scale: yScale, lower: plan.yLower, upper: plan.yUpper, start: plot.maxY, end: plot.y)
        return Frame(plot: plot, x: x, y: y)
    }

    /// The plot rectangle inside `available`: all of it, or the centred part with square data
    /// cells for heatmaps.
    func fittedPlot(_ plan: AxesPlan, in available: Rect) -> Rect {
        guard equalAspect, available.width > 0, available.height > 0 else { return available }
        let dataW = plan.xUpper - plan.xLower, dataH = plan.yUpper - plan.yLower
        guard dataW > 0, dataH > 0, xScale == .linear, yScale == .linear else { return available }
        let unit = min(available.width / dataW, available.height / dataH)
        let w = dataW * unit, h = dataH * unit
        return Rect(x: available.x + (available.width - w) / 2, y: available.y + (available.height - h) / 2, width: w, height: h)
    }

    // MARK: Ticks

    func ticks(_ plan: AxesPlan, plot: Rect, backend: any DrawingBackend) -> AxesTicks {
        let f = frame(plan, plot: plot)
        let lineHeight = backend.measure(Markup("0"), style: Theme.tickText).height
        // x: the densest tick set whose labels keep a gap.
        var xTicks: [Tick] = []
        var xAngle = 0.0
        if let custom = xCustomTicks {
            let all = custom.filter { f.x.contains($0.0) }.map { Tick(value: $0.0, label: Markup(plain: $0.1), major: true) }
            (xTicks, xAngle) = fitCustom(all, mapping: f.x, backend: backend, horizontal: true)
        } else {
            let most = clampedInt(plot.width / 60, 3, 10)
            for count in stride(from: most, through: 2, by: -1) {
                xTicks = autoTicks(xScale, plan.xLower, plan.xUpper, count)
                if labelsFitHorizontally(xTicks, f.x, backend) { break }
            }
        }
        var yTicks: [Tick] = []
        if let custom = yCustomTicks {
            let all = custom.filter { f.y.contains($0.0) }.map { Tick(value: $0.0, label: Markup(plain: $0.1), major: true) }
            yTicks = fitCustom(all, mapping: f.y, backend: backend, horizontal: false).0
        } else {
            let most = clampedInt(plot.height / (lineHeight * 2.4), 3, 10)
            yTicks = autoTicks(yScale, plan.yLower, plan.yUpper, most)
        }
        var cbTicks: [Tick] = []
        if let h = plan.colorbar {
            let r = h.valueRange
            let most = clampedInt(plot.height / (lineHeight * 2.8), 2, 8)
            cbTicks = TickLocator.linear(lower: r.lower, upper: r.upper, maxCount: most)
                .filter { $0.value >= r.lower - 1e-9 * (r.upper - r.lower) && $0.value <= r.upper + 1e-9 * (r.upper - r.lower) }
        }
        return AxesTicks(x: xTicks.filter { f.x.contains($0.value) }, y: yTicks.filter { f.y.contains($0.value) },
                         xAngle: xAngle, colorbar: cbTicks)
    }

    private func autoTicks(_ scale: Scale, _ lo: Double, _ hi: Double, _ count: Int) -> [Tick] {
        switch scale {
        case .linear: return TickLocator.linear(lower: lo, upper: hi, maxCount: count)
        case .log: return TickLocator.log(lower: lo, upper: hi, maxCount: count)
        }
    }

    private func labelsFitHorizontally(_ ticks: [Tick], _ m: AxisMapping, _ backend: any DrawingBackend) -> Bool {
        var lastRight = -Double.infinity
        for t in ticks where t.major && !t.label.source.isEmpty {
            let w = backend.measure(t.label, style: Theme.tickText).width
            let p = m.position(t.value)
            if p - w / 2 < lastRight + Theme.minimumLabelGap { return false }
            lastRight = p + w / 2
        }
        return true
    }

    /// Custom (categorical) ticks: horizontal labels if they fit, else x labels turned 45°, and
    /// only every k-th label when even that is too dense.
    private func fitCustom(_ ticks: [Tick], mapping m: AxisMapping, backend: any DrawingBackend,
                           horizontal: Bool) -> ([Tick], Double) {
        guard ticks.count > 1 else { return (ticks, 0) }
        let sizes = ticks.map { backend.measure($0.label, style: Theme.tickText) }
        let spacing = abs(m.position(ticks[1].value) - m.position(ticks[0].value))
        if horizontal {
            if labelsFitHorizontally(ticks, m, backend) { return (ticks, 0) }
            let h = sizes.map(\.height).max() ?? 0
            let step = clampedInt(((h * 1.414 + 2) / max(spacing, 0.1)).rounded(.up), 1, ticks.count)
            return (thinned(ticks, step), 45)
        } else {
            let h = sizes.map(\.height).max() ?? 0
            let step = clampedInt(((h + 1) / max(spacing, 0.1)).rounded(.up), 1, ticks.count)
            return (thinned(ticks, step), 0)
        }
    }

    private func thinned(_ ticks: [Tick], _ step: Int) -> [Tick] {
        guard step > 1 else { return ticks }
        return ticks.enumerated().map { i, t in
            i % step == 0 ? t : Tick(value: t.value, label: Markup(""), major: false)
        }
    }

    // MARK: Margins

    /// The margins this axes needs around `plot` for its ticks, labels, title, note and colour bar.
    func margins(_ plan: AxesPlan, plot: Rect, backend: any DrawingBackend) -> Margins {
        let t = ticks(plan, plot: plot, backend: backend)
        var m = Margins()
        let yLabelW = t.y.filter(\.major).map { backend.measure($0.label, style: Theme.tickText).width }.max() ?? 0
        let xSizes = t.x.filter(\.major).map { backend.measure($0.label, style: Theme.tickText) }
        let tickH = backend.measure(Markup("0"), style: Theme.tickText).height
        let xLabelH: Double
        if t.xAngle != 0 {
            let a = t.xAngle * .pi / 180
            xLabelH = xSizes.map { $0.width * sin(a) + $0.height * cos(a) }.max() ?? 0
            // A turned label reaches left of its tick by its full width·cos(a).
            let reach = xSizes.first.map { $0.width * cos(a) } ?? 0
            m.left = max(m.left, reach - 20)
        } else {
            xLabelH = xSizes.map(\.height).max() ?? tickH
        }
        let labelH = backend.measure(Markup("Ag"), style: Theme.labelText).height
        m.left = max(m.left, Theme.outerPad + (ylabel != nil ? labelH + Theme.labelPad : 0)
                     + yLabelW + Theme.tickPad + Theme.majorTick)
        m.bottom = Theme.majorTick + Theme.tickPad + xLabelH + (xlabel != nil ? Theme.labelPad + labelH : 0) + Theme.outerPad
        var top = Theme.outerPad
        if let title {
            top += backend.measure(usesMarkup ? Markup(title) : Markup(plain: title), style: Theme.titleText).height + Theme.titlePad
        } else {
            top += tickH / 2
        }
        if let note = plan.note {
            top += backend.measure(Markup(plain: note), style: Theme.noteText).height + 2
        }
        m.top = top
        // The last x label may reach past the right spine.
        var right = Theme.outerPad
        if t.xAngle == 0, let last = t.x.last(where: \.major) {
            let w = backend.measure(last.label, style: Theme.tickText).width
            let overflow = frame(plan, plot: plot).x.position(last.value) + w / 2 - plot.maxX
            right = max(right, overflow + 2)
        }
        if plan.colorbar != nil {
            let cbLabelW = t.colorbar.map { backend.measure($0.label, style: Theme.tickText).width }.max() ?? 0
            right += Theme.colorbarGap + Theme.colorbarWidth + Theme.majorTick + Theme.tickPad + cbLabelW
            if colorbarLabel != nil { right += Theme.labelPad + labelH }
        }
        m.right = right
        return m
    }
}
