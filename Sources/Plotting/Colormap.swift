// Sequential colormaps for heatmaps.

/// Maps numbers in 0…1 to colours (for heatmaps and their colour bars).
public struct Colormap: Sendable {
    /// A name for messages.
    public let name: String
    /// Evenly spaced colour stops from 0 to 1 (linearly interpolated between).
    let stops: [Color]

    /// Creates a colormap interpolating linearly between evenly spaced `stops` (at least two).
    public init(name: String, stops: [Color]) {
        precondition(stops.count >= 2, "Colormap needs at least two stops")
        self.name = name
        self.stops = stops
    }

    /// viridis: perceptually uniform, readable in grey and for colour-blind readers (the default).
    public static let viridis = Colormap(
        name: "viridis", stops: viridisTable.map { Color(red: $0.0, green: $0.1, blue: $0.2) })

    /// Grey scale from black (0) to white (1).
    public static let grays = Colormap(name: "grays", stops: [.black, .white])

    /// A diverging map (Okabe–Ito blue, white, vermillion) for signed data centred on zero; pass a
    /// symmetric `range` to the heatmap.
    public static let blueWhiteRed = Colormap(name: "blueWhiteRed", stops: [.blue, .white, .vermillion])

    /// The colour at `t` (clamped to 0…1; NaN gives transparent).
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        let x = min(1, max(0, t)) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(x))
        let f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        return Color(red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
                     blue: a.blue + (b.blue - a.blue) * f, alpha: a.alpha + (b.alpha - a.alpha) * f)
    }
}
