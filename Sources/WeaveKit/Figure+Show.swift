import Plotting

extension Figure {
    /// Shows the figure under the block that is running: saves it as SVG into the chapter's figure folder,
    /// under the block's `fig=` id (or a generated name), and tells weave to put it on the page.
    /// Also writes a 2× PNG beside it when `png` is true (for use outside the site).
    /// A figure that cannot be drawn stops the chapter with the reason.
    public func show(png: Bool = false) {
        let name = WeaveRuntime.nextFigureName()
        let folder = WeaveRuntime.figureFolder
        do {
            try writeSVG(to: "\(folder)/\(name).svg")
            if png { try writePNG(to: "\(folder)/\(name).png") }
        } catch {
            fatalError("figure '\(name)' could not be drawn: \(error)")
        }
        WeaveRuntime.announceFigure("\(name).svg")
    }
}
