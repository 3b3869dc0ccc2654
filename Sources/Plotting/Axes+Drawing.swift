// Drawing an Axes: grid, series, spines, ticks, labels, notes, legend and colour bar.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Axes {
    /// Draws the axes with its plot area at (or, for heatmaps, centred inside) `available`.
    func draw(_ plan: AxesPlan, available: Rect, backend: any DrawingBackend) {
        let plot = fittedPlot(plan, in: available)
        let f = frame(plan, plot: plot)
        let t = ticks(plan, plot: plot, backend: backend)

        if grid { drawGrid(t, f, backend) }

        backend.save()
        backend.clip(to: plot)
        if plan.emptyReason == nil || series.contains(where: { $0 is HeatmapSeries }) {
            // Stable sort: within a layer, series keep the order they were added in.
            let layered = series.enumerated().sorted { ($0.element.zOrder, $0.offset) < ($1.element.zOrder, $1.offset) }
            for (_, s) in layered where !(s is TextAnnotation) { s.draw(in: f, on: backend) }
        }
        backend.restore()

        backend.stroke(.rect(plot), style: Theme.spine)
        drawTicks(t, f, backend)
        drawLabels(plan, plot, t, backend)
        for s in series where s is TextAnnotation { s.draw(in: f, on: backend) }

        if let reason = plan.emptyReason {
            backend.text(Markup(plain: reason), at: Point(plot.midX, plot.midY), style: Theme.emptyText,
                         anchor: .center, angle: 0)
        }
        if let location = legendLocation { drawLegend(location, f, backend) }
        if let h = plan.colorbar { drawColorbar(h, t.colorbar, plot, backend) }
    }

    private func drawGrid(_ t: AxesTicks, _ f: Frame, _ backend: any DrawingBackend) {
        var major = Path(), minor = Path()
        for tick in t.x {
            let x = f.x.position(tick.value)
            if tick.major { major.move(to: Point(x, f.plot.y)); major.line(to: Point(x, f.plot.maxY)) }
            else if xScale == .log { minor.move(to: Point(x, f.plot.y)); minor.line(to: Point(x, f.plot.maxY)) }
        }
        for tick in t.y {
            let y = f.y.position(tick.value)
            if tick.major { major.move(to: Point(f.plot.x, y)); major.line(to: Point(f.plot.maxX, y)) }
            else if yScale == .log { minor.move(to: Point(f.plot.x, y)); minor.line(to: Point(f.plot.maxX, y)) }
        }
        // Minor grid lines only while they stay at least 10 units apart.
        let minorX = t.x.filter { !$0.major }.count, minorY = t.y.filter { !$0.major }.count
        if !minor.isEmpty && Double(minorX) * 10 <= f.plot.width && Double(minorY) * 10 <= f.plot.height {
            backend.stroke(minor, style: Theme.minorGridStroke)
        }
        if !major.isEmpty { backend.stroke(major, style: Theme.gridStroke) }
    }

    private func drawTicks(_ t: AxesTicks, _ f: Frame, _ backend: any DrawingBackend) {
        var major = Path(), minor = Path()
        let bottom = f.plot.maxY, left = f.plot.x
        for tick in t.x {
            let x = f.x.position(tick.value)
            let len = tick.major ? Theme.majorTick : Theme.minorTick
            if tick.major { major.move(to: Point(x, bottom)); major.line(to: Point(x, bottom + len)) }
            else { minor.move(to: Point(x, bottom)); minor.line(to: Point(x, bottom + len)) }
        }
        for tick in t.y {
            let y = f.y.position(tick.value)
            let len = tick.major ? Theme.majorTick : Theme.minorTick
            if tick.major { major.move(to: Point(left, y)); major.line(to: Point(left - len, y)) }
            else { minor.move(to: Point(left, y)); minor.line(to: Point(left - len, y)) }
        }
        if !major.isEmpty { backend.stroke(major, style: Theme.tickStroke) }
        if !minor.isEmpty { backend.stroke(minor, style: Theme.minorTickStroke) }

        let labelY = bottom + Theme.majorTick + Theme.tickPad
        for tick in t.x where tick.major && !tick.label.source.isEmpty {
            let x = f.x.position(tick.value)
            if t.xAngle == 0 {
                backend.text(tick.label, at: Point(x, labelY), style: Theme.tickText, anchor: TextAnchor(.center, .top), angle: 0)
            } else {
                backend.text(tick.label, at: Point(x + 3, labelY), style: Theme.tickText, anchor: TextAnchor(.right, .top),
                             angle: t.xAngle)
            }
        }
        let labelX = left - Theme.majorTick - Theme.tickPad
        for tick in t.y where tick.major && !tick.label.source.isEmpty {
            backend.text(tick.label, at: Point(labelX, f.y.position(tick.value)), style: Theme.tickText,
                         anchor: TextAnchor(.right, .center), angle: 0)
        }
    }

    private func drawLabels(_ plan: AxesPlan, _ plot: Rect, _ t: AxesTicks, _ backend: any DrawingBackend) {
        let tickH = backend.measure(Markup("0"), style: Theme.tickText).height
        if let xlabel {
            var labelsH = tickH
            if t.xAngle != 0 {
                let a = t.xAngle * .pi / 180
                labelsH = t.x.filter(\.major).map {
                    let s = backend.measure($0.label, style: Theme.tickText)
                    return s.width * sin(a) + s.height * cos(a)
                }.max() ?? tickH
            } else if let h = t.x.filter(\.major).map({ backend.measure($0.label, style: Theme.tickText).height }).max() {
                labelsH = h
            }
            let y = plot.maxY + Theme.majorTick + Theme.tickPad + labelsH + Theme.labelPad
            backend.text(fitted(xlabel, Theme.labelText, plot.width + 40, backend, markup: usesMarkup), at: Point(plot.midX, y), style: Theme.labelText,
                         anchor: TextAnchor(.center, .top), angle: 0)
        }
        if let ylabel {
            let widest = t.y.filter(\.major).map { backend.measure($0.label, style: Theme.tickText).width }.max() ?? 0
            let x = plot.x - Theme.majorTick - Theme.tickPad - widest - Theme.labelPad
            // Rotated 90° counter-clockwise: the box's bottom edge faces the axis.
            backend.text(fitted(ylabel, Theme.labelText, plot.height + 20, backend, markup: usesMarkup), at: Point(x, plot.midY), style: Theme.labelText,
                         anchor: TextAnchor(.center, .bottom), angle: 90)
        }
        var top = plot.y
        if let note = plan.note {
            let markup = Markup(plain: note)
            backend.text(markup, at: Point(plot.maxX, top - 3), style: Theme.noteText,
                         anchor: TextAnchor(.right, .bottom), angle: 0)
            top -= backend.measure(markup, style: Theme.noteText).height + 2
        }
        if let title {
            backend.text(fitted(title, Theme.titleText, plot.width + 40, backend, markup: usesMarkup), at: Point(plot.midX, top - Theme.titlePad + 2), style: Theme.titleText,
                         anchor: TextAnchor(.center, .bottom), angle: 0)
        }
    }

    private func drawColorbar(_ h: any ColorMappedSeries, _ ticks: [Tick], _ plot: Rect, _ backend: any DrawingBackend) {
        let bar = Rect(x: plot.maxX + Theme.colorbarGap, y: plot.y, width: Theme.colorbarWidth, height: plot.height)
        let steps = 256
        let pixels = (0..<steps).map { h.colormap.color(at: 1 - (Double($0) + 0.5) / Double(steps)) }
        backend.image(RasterImage(width: 1, height: steps, pixels: pixels), in: bar)
        backend.stroke(.rect(bar), style: Theme.spine)
        let r = h.valueRange
        var path = Path()
        var widest = 0.0
        for t in ticks {
            let y = bar.maxY - (t.value - r.lower) / (r.upper - r.lower) * bar.height
            path.move(to: Point(bar.maxX, y)); path.line(to: Point(bar.maxX + Theme.majorTick, y))
            backend.text(t.label, at: Point(bar.maxX + Theme.majorTick + Theme.tickPad, y), style: Theme.tickText,
                         anchor: TextAnchor(.left, .center), angle: 0)
            widest = max(widest, backend.measure(t.label, style: Theme.tickText).width)
        }
        if !path.isEmpty { backend.stroke(path, style: Theme.tickStroke) }
        if let colorbarLabel {
            let x = bar.maxX + Theme.majorTick + Theme.tickPad + widest + Theme.labelPad
            backend.text(fitted(colorbarLabel, Theme.labelText, bar.height + 20, backend, markup: usesMarkup), at: Point(x, bar.midY), style: Theme.labelText,
                         anchor: TextAnchor(.center, .top), angle: 90)
        }
    }
}

/// `text` as markup no wider than `maxWidth`: shortened with an ellipsis when it would spill
/// into the neighbouring axes (text that already is markup is kept whole).
func fitted(_ text: String, _ style: TextStyle, _ maxWidth: Double, _ backend: any DrawingBackend,
            markup: Bool = false) -> Markup {
    if markup { return Markup(text) }
    let whole = Markup(plain: text)
    guard backend.measure(whole, style: style).width > maxWidth, maxWidth > 0 else { return whole }
    var characters = Array(text)
    while !characters.isEmpty {
        characters.removeLast()
        let candidate = Markup(plain: String(characters).trimmingSuffixSpaces + "…")
        if backend.measure(candidate, style: style).width <= maxWidth { return candidate }
    }
    return Markup("…")
}

extension String {
    var trimmingSuffixSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
