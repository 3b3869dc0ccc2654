// Legend layout and placement.

/// A legend box: entries (key + label), sized with the backend's text metrics.
struct Legend {
    struct Entry { var key: LegendKey; var label: Markup }
    var entries: [Entry]
    var size: Size
    var rowHeight: Double

    static let padding = 7.0
    static let keyWidth = 26.0
    static let keyGap = 7.0
    static let inset = 8.0

    init?(series: [any PlotSeries], backend: any DrawingBackend, markup: Bool = false) {
        entries = series.compactMap { s in
            guard let label = s.label, !label.isEmpty, let key = s.legendKey else { return nil }
            return Entry(key: key, label: markup ? Markup(label) : Markup(plain: label))
        }
        guard !entries.isEmpty else { return nil }
        let sizes = entries.map { backend.measure($0.label, style: Theme.legendText) }
        rowHeight = max(14, (sizes.map(\.height).max() ?? 14) + 3)
        let textW = sizes.map(\.width).max() ?? 0
        size = Size(Legend.padding * 2 + Legend.keyWidth + Legend.keyGap + textW,
                    Legend.padding * 2 + rowHeight * Double(entries.count) - 3)
    }

    /// The box for a location inside `plot`.
    func box(_ location: LegendLocation, in plot: Rect) -> Rect {
        let i = Legend.inset
        let left = plot.x + i, right = plot.maxX - i - size.width
        let top = plot.y + i, bottom = plot.maxY - i - size.height
        switch location {
        case .upperRight, .best: return Rect(x: right, y: top, width: size.width, height: size.height)
        case .upperLeft: return Rect(x: left, y: top, width: size.width, height: size.height)
        case .lowerLeft: return Rect(x: left, y: bottom, width: size.width, height: size.height)
        case .lowerRight: return Rect(x: right, y: bottom, width: size.width, height: size.height)
        }
    }

    /// How much data a box at `r` would hide: points inside, segments crossing it, and the
    /// overlapped area of bars (in units of 100 px²), as matplotlib's "best" location counts.
    static func badness(_ r: Rect, _ occupancy: [Occupancy]) -> Double {
        var score = 0.0
        for o in occupancy {
            for p in o.points where r.contains(p) { score += 1 }
            for (a, b) in o.segments where r.intersectsSegment(a, b) { score += 1 }
            for b in o.rects {
                let w = min(r.maxX, b.maxX) - max(r.x, b.x), h = min(r.maxY, b.maxY) - max(r.y, b.y)
                if w > 0 && h > 0 { score += w * h / 100 }
            }
        }
        return score
    }
}

extension Axes {
    /// The legend box position for `location`, choosing the least-covering corner for `.best`
    /// (upper right, upper left, lower left, lower right; ties keep that order), or the
    /// upper/lower centre when every corner covers data.
    func legendBox(_ legend: Legend, _ location: LegendLocation, _ f: Frame) -> Rect {
        guard location == .best else { return legend.box(location, in: f.plot) }
        let occupancy = series.map { $0.occupancy(in: f) }
        var candidates: [Rect] = [LegendLocation.upperRight, .upperLeft, .lowerLeft, .lowerRight].map { legend.box($0, in: f.plot) }
        let s = legend.size, i = Legend.inset
        candidates.append(Rect(x: f.plot.midX - s.width / 2, y: f.plot.y + i, width: s.width, height: s.height))
        candidates.append(Rect(x: f.plot.midX - s.width / 2, y: f.plot.maxY - i - s.height, width: s.width, height: s.height))
        candidates.append(Rect(x: f.plot.maxX - i - s.width, y: f.plot.midY - s.height / 2, width: s.width, height: s.height))
        candidates.append(Rect(x: f.plot.x + i, y: f.plot.midY - s.height / 2, width: s.width, height: s.height))
        var best = candidates[0]
        var bestScore = Double.infinity
        for c in candidates {
            let score = Legend.badness(c, occupancy)
            if score < bestScore { best = c; bestScore = score }
            if score == 0 { break }
        }
        return best
    }

    func drawLegend(_ location: LegendLocation, _ f: Frame, _ backend: any DrawingBackend) {
        guard let legend = Legend(series: series, backend: backend, markup: usesMarkup) else { return }
        let box = legendBox(legend, location, f)
        backend.fill(.rect(box), color: Color.white.withAlpha(0.85))
        backend.stroke(.rect(box), style: StrokeStyle(color: Color(hex: 0xCCCCCC), width: 0.8))
        for (i, entry) in legend.entries.enumerated() {
            let cy = box.y + Legend.padding + legend.rowHeight * (Double(i) + 0.5) - 1.5
            let kx = box.x + Legend.padding
            switch entry.key {
            case let .line(style, marker, markerSize, color):
                if style.width > 0 {
                    backend.stroke(.segment(Point(kx, cy), Point(kx + Legend.keyWidth, cy)), style: style)
                }
                drawMarkers(marker, at: [Point(kx + Legend.keyWidth / 2, cy)], size: min(markerSize, 9), color: color, on: backend)
            case let .patch(color):
                backend.fill(.rect(Rect(x: kx + 4, y: cy - 5, width: Legend.keyWidth - 8, height: 10)), color: color)
            }
            backend.text(entry.label, at: Point(kx + Legend.keyWidth + Legend.keyGap, cy), style: Theme.legendText,
                         anchor: TextAnchor(.left, .center), angle: 0)
        }
    }
}
