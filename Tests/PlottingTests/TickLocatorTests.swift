import Testing
@testable import Plotting

@Suite struct TickLocatorTests {
    @Test func niceStepsAreOneTwoFiveTimesPowersOfTen() {
        #expect(TickLocator.niceStep(atLeast: 0.7) == 1)
        #expect(TickLocator.niceStep(atLeast: 1) == 1)
        #expect(TickLocator.niceStep(atLeast: 1.01) == 2)
        #expect(TickLocator.niceStep(atLeast: 3) == 5)
        #expect(TickLocator.niceStep(atLeast: 6) == 10)
        #expect(TickLocator.niceStep(atLeast: 0.013) == 0.02)
        #expect(TickLocator.niceStep(atLeast: 4200) == 5000)
    }

    @Test func linearTicksCoverTheRangeWithNiceSteps() {
        let (values, step) = TickLocator.linearValues(lower: -0.2, upper: 4.2, maxCount: 6)
        #expect(step == 1)
        #expect(values == [0, 1, 2, 3, 4])
        let (small, smallStep) = TickLocator.linearValues(lower: 0, upper: 0.4, maxCount: 5)
        #expect(smallStep == 0.1)
        #expect(small.count == 5)
        #expect(small.last == 0.4) // integer multiples: no 0.30000000000000004 drift
        #expect(small[3] == 3 * 0.1)
    }

    @Test func linearTicksNeverExceedTheRequestedCountByMoreThanOne() {
        for maxCount in 2...10 {
            for (lo, hi) in [(0.0, 1.0), (-3.7, 12.2), (1e-6, 3e-6), (-1e9, 2.5e9), (0.999, 1.001)] {
                let (values, _) = TickLocator.linearValues(lower: lo, upper: hi, maxCount: maxCount)
                #expect(values.count >= 1)
                #expect(values.count <= maxCount + 1, "\(lo)…\(hi) max \(maxCount): \(values)")
                #expect(values.allSatisfy { $0 >= lo - 1e-9 * (hi - lo) && $0 <= hi + 1e-9 * (hi - lo) })
            }
        }
    }

    @Test func linearLabelsUseTypographicMinusAndEnoughDecimals() {
        let ticks = TickLocator.linear(lower: -1, upper: 1, maxCount: 4)
        #expect(ticks.map(\.label.source) == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        let big = TickLocator.linear(lower: 0, upper: 3e6, maxCount: 4)
        #expect(big.map(\.label.source) == ["0", "1×10<sup>6</sup>", "2×10<sup>6</sup>", "3×10<sup>6</sup>"])
    }

    @Test func logTicksSpanSixtyDecadesWithAFewLabels() {
        let ticks = TickLocator.log(lower: 1e-30, upper: 1e30, maxCount: 8)
        let major = ticks.filter(\.major)
        #expect(major.map(\.value) == [1e-30, 1e-20, 1e-10, 1, 1e10, 1e20, 1e30])
        #expect(major.first?.label.source == "10<sup>\u{2212}30</sup>")
        #expect(major[3].label.source == "10<sup>0</sup>")
    }

    @Test func logTicksAddMinorTicksWhenDecadesAreFew() {
        let ticks = TickLocator.log(lower: 1, upper: 1000, maxCount: 8)
        #expect(ticks.filter(\.major).map(\.value) == [1, 10, 100, 1000])
        let minor = ticks.filter { !$0.major }.map(\.value)
        #expect(minor.count == 24)
        #expect(minor.contains(2) && minor.contains(900))
    }

    @Test func logTicksWithinOneDecadeFallBackToOneTwoFive() {
        let ticks = TickLocator.log(lower: 0.15, upper: 0.9, maxCount: 6)
        #expect(ticks.count >= 2)
        #expect(ticks.allSatisfy { $0.value >= 0.15 && $0.value <= 0.9 })
        let ticks125 = TickLocator.log(lower: 0.3, upper: 15, maxCount: 6)
        #expect(ticks125.filter(\.major).map(\.value) == [0.5, 1, 2, 5, 10])
        #expect(ticks125.filter(\.major).map(\.label.source) == ["0.5", "1", "2", "5", "10"])
        #expect(ticks125.filter { !$0.major }.map(\.value).contains(3))
        let values = TickLocator.log(lower: 0.9, upper: 6, maxCount: 6).filter(\.major).map(\.value)
        #expect(values == [1, 2, 5])
        let small = TickLocator.log(lower: 1.5e-7, upper: 3e-6, maxCount: 6).filter(\.major).map(\.label.source)
        #expect(small == ["2×10<sup>\u{2212}7</sup>", "5×10<sup>\u{2212}7</sup>", "10<sup>\u{2212}6</sup>", "2×10<sup>\u{2212}6</sup>"])
    }

    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0.333333).source == "0.333")
        #expect(NumberFormat.compact(-2).source == "\u{2212}2")
        #expect(NumberFormat.compact(1e-7).source == "10<sup>\u{2212}7</sup>")
        #expect(NumberFormat.compact(2.5e8).source == "2.5×10<sup>8</sup>")
        #expect(NumberFormat.compact(99999.7).source == "100000")
        #expect(NumberFormat.compact(1000).source == "1000")
        #expect(NumberFormat.compact(0.000123456).source == "0.000123")
        #expect(NumberFormat.compact(2.5).source == "2.5")
        #expect(NumberFormat.compact(999999.9).source == "10<sup>6</sup>")
        #expect(NumberFormat.compact(.nan).source == "NaN")
    }
}

@Suite struct ScaleTests {
    @Test func linearMappingIsAffine() {
        let m = AxisMapping(scale: .linear, lower: -1, upper: 3, start: 100, end: 500)
        #expect(m.position(-1) == 100)
        #expect(m.position(3) == 500)
        #expect(m.position(0) == 200)
        #expect(abs(m.value(at: 300) - 1) < 1e-12)
    }

    @Test func yMappingRunsUpwards() {
        let m = AxisMapping(scale: .linear, lower: 0, upper: 10, start: 400, end: 0)
        #expect(m.position(10) == 0)
        #expect(m.position(2.5) == 300)
    }

    @Test func logMappingGivesEqualLengthsToEqualRatios() {
        let m = AxisMapping(scale: .log, lower: 1e-30, upper: 1e30, start: 0, end: 600)
        #expect(abs(m.position(1) - 300) < 1e-9)
        #expect(abs(m.position(1e10) - m.position(1) - 100) < 1e-9)
        #expect(abs(m.value(at: 400) / 1e10 - 1) < 1e-9)
        #expect(m.position(0) == -.infinity)
        #expect(!m.contains(-1))
        #expect(m.contains(1e-30) && m.contains(1e30) && !m.contains(1e31))
    }

    @Test func scalesRejectWhatTheyCannotShow() {
        #expect(Scale.linear.accepts(-5) && !Scale.linear.accepts(.nan) && !Scale.linear.accepts(.infinity))
        #expect(Scale.log.accepts(1e-300) && !Scale.log.accepts(0) && !Scale.log.accepts(-1))
    }

    @Test func histogramBinsFollowNumpyEdges() {
        let h = Histogram([0, 1, 1, 2, 3, 3, 3, 4, .nan], bins: 4, range: nil, density: false)
        #expect(h.heights == [1, 2, 1, 4]) // 4 lands in the last bin, like numpy
        #expect(h.binWidth == 1)
        #expect(h.centers == [0.5, 1.5, 2.5, 3.5])
        #expect(h.skipped == 1)
        let d = Histogram([0, 1, 1, 2, 3, 3, 3, 4], bins: 4, range: nil, density: true)
        #expect(abs(d.heights.reduce(0, +) * d.binWidth - 1) < 1e-12)
    }

    @Test func viridisIsTheRealTable() {
        #expect(Colormap.viridisTable.count == 256)
        let first = Colormap.viridis.color(at: 0), last = Colormap.viridis.color(at: 1)
        #expect(first == Color(red: 0.267004, green: 0.004874, blue: 0.329415))
        #expect(last == Color(red: 0.993248, green: 0.906157, blue: 0.143936))
        // Perceptually ordered: luminance rises monotonically along viridis.
        let lum = stride(from: 0.0, through: 1.0, by: 0.05).map { Colormap.viridis.color(at: $0).luminance }
        #expect(zip(lum, lum.dropFirst()).allSatisfy { $0 < $1 })
    }
}
