import Testing
@testable import Plotting

@Suite struct EqualAspectTests {
    @Test func equalAspectMakesDataUnitsSquare() {
        let fig = Figure(width: 640, height: 400)
        let ax = fig.axes()
        let plan = AxesPlan(xLower: -2, xUpper: 2, yLower: -1, yUpper: 1, emptyReason: nil, note: nil, colorbar: nil)
        let available = Rect(x: 10, y: 20, width: 600, height: 360)
        #expect(ax.fittedPlot(plan, in: available) == available)
        ax.equalAspect = true
        let fitted = ax.fittedPlot(plan, in: available)
        // 4 data units wide, 2 high: the width limits the scale to 150 points per unit.
        #expect(abs(fitted.width / 4 - fitted.height / 2) < 1e-9)
        #expect(fitted.width == 600 && fitted.height == 300)
        #expect(fitted.y == 20 + 30)
    }
}
