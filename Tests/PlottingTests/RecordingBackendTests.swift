import Testing
@testable import Plotting

/// Draws `fig` on a recorder.
private func record(_ fig: Figure) throws -> RecordingBackend {
    let r = RecordingBackend()
    try fig.draw(on: r)
    return r
}

private extension RecordingBackend {
    func fills(_ color: Color) -> [Path] {
        commands.compactMap { if case let .fill(p, c) = $0, c == color { return p } else { return nil } }
    }
    func strokes(_ color: Color) -> [(Path, StrokeStyle)] {
        commands.compactMap { if case let .stroke(p, s) = $0, s.color == color { return (p, s) } else { return nil } }
    }
    var images: [(RasterImage, Rect)] {
        commands.compactMap { if case let .image(i, r) = $0 { return (i, r) } else { return nil } }
    }
    /// The data clip rectangle of the first axes.
    var plotRect: Rect? {
        commands.compactMap { if case let .clip(r) = $0 { return r } else { return nil } }.first
    }
}

private func circles(_ p: Path) -> [Point] {
    p.elements.compactMap { if case let .circle(c, _) = $0 { return c } else { return nil } }
}
private func rects(_ p: Path) -> Int { p.elements.filter { $0 == .close }.count }

@Suite struct RecordingBackendTests {
    @Test func lineWithMarkersDrawsOnePolylineAndOneMarkerPerPoint() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 1, 2, 3], [0, 1, 4, 9], label: "squares", marker: .circle)
        let r = try record(fig)
        let lines = r.strokes(Color.palette[0])
        #expect(lines.count == 1) // markers are fills; no legend was asked for
        let data = try #require(lines.first)
        #expect(data.0.elements.count == 4)
        #expect(data.1.width == 1.75)
        let markers = r.fills(Color.palette[0])
        #expect(markers.count == 1)
        let centres = circles(markers[0])
        #expect(centres.count == 4)
        // y grows downwards on the page, so larger values sit higher.
        #expect(centres[3].y < centres[0].y && centres[3].x > centres[0].x)
        let plot = try #require(r.plotRect)
        #expect(centres.allSatisfy { plot.contains($0) })
    }

    @Test func scatterDrawsMarkersOnly() throws {
        let fig = Figure()
        fig.axes().scatter([1, 2, 3], [3, 1, 2], color: .green)
        let r = try record(fig)
        #expect(r.strokes(.green).isEmpty)
        #expect(circles(try #require(r.fills(.green).first)).count == 3)
    }

    @Test func scatterColouredByValueUsesTheColormapAndAColourbar() throws {
        let fig = Figure()
        fig.axes().scatter([1, 2, 3], [1, 2, 3], colorBy: [0, 5, 10], colorbarLabel: "size")
        let r = try record(fig)
        #expect(r.fills(Colormap.viridis.color(at: 0)).count == 1)
        #expect(r.fills(Colormap.viridis.color(at: 1)).count == 1)
        #expect(r.images.count == 1 && r.images[0].0.height == 256) // the colour bar
        #expect(r.texts.contains("size") && r.texts.contains("10"))
        let bad = Figure()
        bad.axes().scatter([1, 2], [1, 2], colorBy: [1])
        #expect(throws: PlotError.self) { try bad.draw(on: RecordingBackend()) }
    }

    @Test func errorBarsSpanValueMinusToPlusError() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.errorbar([0, 1, 2], [1, 2, 3], yerr: [0.5, 0, 1], color: .purple, capWidth: 6)
        let r = try record(fig)
        let strokes = r.strokes(.purple)
        #expect(strokes.count == 2) // connecting line, then the bars with caps
        let bars = strokes[1].0
        #expect(bars.elements.count == 12) // two bars × (shaft + two caps); the zero error draws none
        let f = try fig.allAxes[0].plan()
        #expect(f.yLower < 0.5 && f.yUpper > 4) // limits include y ± error
        #expect(circles(try #require(r.fills(.purple).first)).count == 3)
        let bad = Figure()
        bad.axes().errorbar([1, 2], [1, 2], yerr: [-1, 1])
        #expect(throws: PlotError.self) { try bad.draw(on: RecordingBackend()) }
    }

    @Test func lineBreaksAtNaNAndTheAxesSaysSo() throws {
        let fig = Figure()
        fig.axes().plot([0, 1, 2, 3, 4], [1, 2, .nan, 4, .infinity])
        let r = try record(fig)
        let path = try #require(r.strokes(Color.palette[0]).first?.0)
        #expect(path.elements.filter { if case .move = $0 { return true } else { return false } }.count == 1)
        #expect(path.elements.count == 2) // only 0→1 is drawn; 3 stands alone
        #expect(r.texts.contains("2 NaN/∞ values skipped"))
    }

    @Test func barsFillOneRectanglePerCategoryFromZero() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.bar(["a", "b", "c"], [3, 1, 2], color: .orange)
        let r = try record(fig)
        let bars = try #require(r.fills(.orange).first)
        #expect(rects(bars) == 3)
        #expect(r.texts.contains("a") && r.texts.contains("c"))
        // Sticky baseline: the bars start exactly on the bottom spine.
        let plot = try #require(r.plotRect)
        let bottoms = bars.elements.compactMap { if case let .line(p) = $0 { return p.y } else { return nil } }
        #expect(bottoms.contains { abs($0 - plot.maxY) < 1e-9 })
    }

    @Test func groupedAndStackedBars() throws {
        let fig = Figure()
        let axs = fig.subplots(rows: 1, columns: 2)
        axs[0].bar(["x", "y"], groups: ["p": [1, 2], "q": [3, 4]])
        axs[1].bar(["x", "y"], groups: ["p": [1, 2], "q": [3, 4]], stacked: true)
        axs[0].legend(); axs[1].legend()
        let r = try record(fig)
        // Each group's bars plus its legend patch.
        let p = r.fills(Color.palette[0]), q = r.fills(Color.palette[1])
        #expect(p.count == 4 && q.count == 4)
        #expect(r.texts.filter { $0 == "p" }.count == 2)
        // Stacked: q's bar on x sits on top of p's bar (shares its top edge).
        func ys(_ path: Path) -> [Double] { path.elements.compactMap { if case let .move(pt) = $0 { return pt.y } else { return nil } } }
        let stackedP = ys(p[2])
        let qBottoms = q[2].elements.compactMap { if case let .line(pt) = $0 { return pt.y } else { return nil } }
        #expect(stackedP.contains { top in qBottoms.contains { abs($0 - top) < 1e-9 } })
    }

    @Test func stemDrawsStemsBaselineAndMarkers() throws {
        let fig = Figure()
        fig.axes().stem([0, 1, 2], [1, -1, 2], color: .purple)
        let r = try record(fig)
        let stems = try #require(r.strokes(.purple).first?.0)
        #expect(stems.elements.count == 6)
        #expect(circles(try #require(r.fills(.purple).first)).count == 3)
        #expect(r.strokes(.darkGray).count >= 1) // baseline
    }

    @Test func histogramBinsAndReportsSkippedValues() throws {
        let fig = Figure()
        fig.axes().hist([1, 2, 2, 3, 3, 3, .nan], bins: 3, color: .skyBlue)
        let r = try record(fig)
        #expect(rects(try #require(r.fills(.skyBlue).first)) == 3)
        #expect(r.texts.contains("1 NaN/∞ value skipped"))
    }

    @Test func heatmapDrawsAnImageAndAColourbar() throws {
        let fig = Figure(width: 500, height: 400)
        fig.axes().heatmap([[0, 1, 2], [3, 4, 5]], xTickLabels: ["a", "b", "c"], annotate: true)
        let r = try record(fig)
        let images = r.images
        #expect(images.count == 2)
        let (grid, rect) = images[0]
        #expect(grid.width == 3 && grid.height == 2)
        #expect(grid.pixels[0] == Colormap.viridis.color(at: 0))
        #expect(grid.pixels[5] == Colormap.viridis.color(at: 1))
        #expect(abs(rect.width / 3 - rect.height / 2) < 1e-9) // square cells
        #expect(images[1].0.width == 1 && images[1].0.height == 256)
        #expect(r.texts.contains("5") && r.texts.contains("b"))
    }

    @Test func referenceLinesSpanThePlot() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 10], [0, 10])
        ax.axhline(5, color: .red)
        ax.axvline(2, color: .blue.withAlpha(0.5))
        let r = try record(fig)
        let plot = try #require(r.plotRect)
        let h = try #require(r.strokes(.red).first)
        guard case let .move(a) = h.0.elements[0], case let .line(b) = h.0.elements[1] else {
            Issue.record("expected a segment"); return
        }
        #expect(a.x == plot.x && b.x == plot.maxX && abs(a.y - plot.midY) < 1e-9 && a.y == b.y)
        #expect(!h.1.dash.isEmpty)
        let v = try #require(r.strokes(Color.blue.withAlpha(0.5)).first?.0)
        if case let .move(a) = v.elements[0] { #expect(a.y == plot.y) } else { Issue.record("expected a move") }
    }

    @Test func textAnnotationsLandAtTheirDataPoint() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 10], [0, 10])
        ax.text("peak", x: 5, y: 5, anchor: .center)
        let r = try record(fig)
        let plot = try #require(r.plotRect)
        let hit = r.commands.contains {
            if case let .text(m, p, _, a, _) = $0 { return m.plainText == "peak" && a == .center
                && abs(p.x - plot.midX) < 1e-9 && abs(p.y - plot.midY) < 1e-9 }
            return false
        }
        #expect(hit)
    }

    @Test func fillBetweenShadesUnderTheLinesInTheLineColour() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 1, 2, 3], [1, 2, 3, 4], color: .orange)
        ax.fillBetween([0, 1, 2, 3], [0.5, 1.5, .nan, 3.5], [1.5, 2.5, 3.5, 4.5], label: "band")
        ax.legend()
        let r = try record(fig)
        let band = Color.orange.withAlpha(0.25)
        let fills = r.fills(band)
        #expect(fills.count == 2) // the area and its legend patch
        // NaN at index 2 splits the area: one polygon over x = 0…1 (index 3 alone is dropped).
        #expect(fills[0].elements.filter { $0 == .close }.count == 1)
        #expect(fills[0].elements.count == 5)
        // Drawn before (under) the line even though it was added after it.
        let areaIndex = r.commands.firstIndex { if case let .fill(_, c) = $0 { return c == band } else { return false } }
        let lineIndex = r.commands.firstIndex { if case let .stroke(_, s) = $0 { return s.color == .orange } else { return false } }
        #expect(try #require(areaIndex) < (try #require(lineIndex)))
        #expect(r.texts.contains("1 NaN/∞ value skipped"))
    }

    @Test func annotateDrawsTextAndAnArrowToThePoint() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 10], [0, 10])
        ax.annotate("here", x: 8, y: 8, textX: 2, textY: 6, color: .purple)
        let r = try record(fig)
        #expect(r.texts.contains("here"))
        let shaft = try #require(r.strokes(.purple).first?.0)
        let head = try #require(r.fills(.purple).first)
        #expect(shaft.elements.count == 2)
        #expect(head.elements.count == 4) // a closed triangle
        let plot = try #require(r.plotRect)
        guard case let .move(tip) = head.elements[0] else { Issue.record("expected the tip first"); return }
        // The tip stops 2 units short of (8, 8).
        // Limits are −0.5…10.5 (5 % margins), so 8 sits at 8.5/11 of each axis.
        let target = Point(plot.x + 8.5 / 11 * plot.width, plot.maxY - 8.5 / 11 * plot.height)
        let gap = ((tip.x - target.x) * (tip.x - target.x) + (tip.y - target.y) * (tip.y - target.y)).squareRoot()
        #expect(abs(gap - 2) < 0.5)
    }

    @Test func legendAvoidsTheData() throws {
        let fig = Figure()
        let ax = fig.axes()
        // A hinge: flat along the bottom, then rising to the top right; only the upper left is empty.
        let xs = Array(0...100).map(Double.init)
        ax.plot(xs, xs.map { $0 < 50 ? 0 : ($0 - 50) * 2 }, label: "hinge")
        ax.legend()
        let r = try record(fig)
        let plot = try #require(r.plotRect)
        let labelPoint = r.commands.compactMap { if case let .text(m, p, _, _, _) = $0, m.plainText == "hinge" { return p } else { return nil } }.first
        let p = try #require(labelPoint)
        #expect(p.x < plot.midX && p.y < plot.midY) // upper left
    }

    @Test func logAxisWithNonPositiveValuesSaysSo() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([1, 2, 3], [-1, 10, 100])
        ax.yScale = .log
        let r = try record(fig)
        #expect(r.texts.contains("1 value ≤ 0 not shown on log axis"))
        #expect(r.texts.contains("10") && r.texts.contains("20") && r.texts.contains("100")) // 1-2-5 within two decades
    }

    @Test func emptyHistogramBinsOnALogAxisAreNotReported() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.hist([1, 1, 1, 5], bins: 4, color: .green)
        ax.yScale = .log
        let r = try record(fig)
        #expect(!r.texts.contains { $0.contains("not shown") })
        #expect(rects(try #require(r.fills(.green).first)) == 2) // the two non-empty bins
    }

    @Test func allNonPositiveOnLogAxisGivesAReadableMessage() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([1, 2], [0, -3])
        ax.yScale = .log
        let r = try record(fig)
        #expect(r.texts.contains("no positive data for the log y axis"))
    }

    @Test func emptyAxesSayNoData() throws {
        let fig = Figure()
        _ = fig.axes()
        let r = try record(fig)
        #expect(r.texts.contains("no data"))
        #expect(r.texts.contains("0.0") && r.texts.contains("1.0"))
    }

    @Test func mismatchedLengthsThrowANamedError() {
        let fig = Figure()
        let axs = fig.subplots(rows: 1, columns: 2)
        axs[1].plot([1, 2, 3], [1, 2], label: "loss")
        #expect(throws: PlotError.lengthMismatch(context: "axes (1, 2): plot \"loss\"", xCount: 3, yCount: 2)) {
            try fig.draw(on: RecordingBackend())
        }
        let e = PlotError.lengthMismatch(context: "axes (1, 2): plot \"loss\"", xCount: 3, yCount: 2)
        #expect(e.description == "axes (1, 2): plot \"loss\": x has 3 values but y has 2")
    }

    @Test func badLimitsAndArgumentsThrow() {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([1, 2], [1, 2])
        ax.yScale = .log
        ax.ylim = 0...10
        #expect(throws: PlotError.self) { try fig.draw(on: RecordingBackend()) }
        let fig2 = Figure()
        fig2.axes().heatmap([[1, 2], [3]])
        #expect(throws: PlotError.self) { try fig2.draw(on: RecordingBackend()) }
        let fig3 = Figure()
        fig3.axes().hist([1, 2, 3], bins: 0)
        #expect(throws: PlotError.self) { try fig3.draw(on: RecordingBackend()) }
        #expect(throws: PlotError.self) { try Figure(width: 0, height: 100).svg() }
        let tiny = Figure(width: 60, height: 40)
        _ = tiny.subplots(rows: 3, columns: 3)
        #expect(throws: PlotError.self) { try tiny.draw(on: RecordingBackend()) }
    }

    @Test func labelsArePlainUnlessMarkupIsAskedFor() throws {
        let fig = Figure()
        let axs = fig.subplots(rows: 1, columns: 2)
        for ax in axs {
            ax.plot([1, 2], [1, 2], label: "x<sub>i</sub> & y")
            ax.ylabel = "‖∂L/∂h<sub>l</sub>‖"
            ax.legend()
        }
        axs[1].usesMarkup = true
        let r = try record(fig)
        let sources = r.commands.compactMap { if case let .text(m, _, _, _, _) = $0 { return m.source } else { return nil } }
        #expect(sources.contains("‖∂L/∂h&lt;sub&gt;l&lt;/sub&gt;‖")) // plain: escaped, shown as typed
        #expect(sources.contains("‖∂L/∂h<sub>l</sub>‖"))             // markup: a subscript
        #expect(sources.contains("x<sub>i</sub> & y"))
    }

    @Test func zeroRangeDataStillGetsTicks() throws {
        let fig = Figure()
        fig.axes().plot([1, 2, 3], [5, 5, 5])
        let r = try record(fig)
        #expect(r.texts.contains { $0 == "5.0" || $0 == "5.00" })
    }

    @Test func extremeLogRangeIsLabelledWithPowersOfTen() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot([0, 1, 2], [1e-30, 1, 1e30])
        ax.yScale = .log
        let r = try record(fig)
        #expect(r.commands.contains { if case let .text(m, _, _, _, _) = $0 { return m.source == "10<sup>\u{2212}30</sup>" } else { return false } })
        #expect(r.commands.contains { if case let .text(m, _, _, _, _) = $0 { return m.source == "10<sup>30</sup>" } else { return false } })
    }

    @Test func acceptsFloatAndIntSequences() throws {
        let fig = Figure()
        let ax = fig.axes()
        ax.plot(0..<3, [Float(1), 2, 3])
        ax.scatter([1, 2], [Int32(4), 5])
        ax.hist([Float(0.5), 1.5])
        let fig2 = Figure()
        fig2.axes().heatmap([[Float(1), 2], [3, 4]])
        _ = try record(fig)
        _ = try record(fig2)
        let line = try #require(ax.series.first as? LineSeries)
        #expect(line.xs == [0, 1, 2] && line.ys == [1, 2, 3])
    }
}

/// Hostile inputs must give a figure or a PlotError, never a trap.
@Suite struct RobustnessTests {
    static let nasty: [[Double]] = [
        [], [.nan], [.infinity, -.infinity], [0], [-1e308, 1e308], [.leastNonzeroMagnitude, 1e-300, 1],
        [1e-30, 1e30], [.greatestFiniteMagnitude, 0], [-0.0, 0.0], [1, 1, 1, 1],
    ]

    @Test(arguments: [Scale.linear, Scale.log])
    func everySeriesKindSurvivesHostileData(scale: Scale) throws {
        for values in Self.nasty {
            let fig = Figure(width: 960, height: 540)
            let axs = fig.subplots(rows: 2, columns: 3)
            let xs = Array(0..<values.count)
            axs[0].plot(xs, values, label: "line", marker: .circle)
            axs[1].scatter(values, values, label: "scatter")
            axs[2].bar(x: xs, heights: values, label: "bar")
            axs[3].hist(values.filter { abs($0) < 1e300 }, label: "hist")
            axs[4].stem(xs, values, label: "stem")
            axs[5].heatmap(values, rows: 1, columns: values.count, annotate: true)
            for ax in axs.prefix(5) { ax.yScale = scale; ax.xScale = scale; ax.legend() }
            let r = RecordingBackend()
            try fig.draw(on: r)
            #expect(!r.commands.isEmpty)
            for command in r.commands {
                let path: Path
                switch command {
                case let .stroke(p, _): path = p
                case let .fill(p, _): path = p
                default: continue
                }
                for e in path.elements {
                    switch e {
                    case let .move(p), let .line(p): #expect(p.x.isFinite && p.y.isFinite, "\(values)")
                    case let .circle(c, radius): #expect(c.x.isFinite && c.y.isFinite && radius.isFinite)
                    case .close: break
                    }
                }
            }
        }
    }

    @Test func hostileDataRendersThroughCairo() throws {
        let fig = Figure(width: 400, height: 300)
        let ax = fig.axes()
        ax.plot([0, 1, 2, 3], [-1e308, 1e308, .nan, .leastNonzeroMagnitude])
        ax.hist([1e300, -1e300, 0])
        #expect(try fig.svg().contains("<svg"))
        #expect(try fig.png(scale: 1).count > 1000)
        // A sample whose range overflows Double cannot be binned: a clear error, not a trap.
        let overflow = Figure()
        overflow.axes().hist([1e308, -1e308])
        #expect(throws: PlotError.self) { try overflow.svg() }
    }
}
