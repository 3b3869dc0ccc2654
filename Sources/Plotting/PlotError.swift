// Errors a figure reports instead of drawing something misleading.

/// A problem that stops a figure from being drawn or saved. The description names the axes
/// (row and column) and the series, like a compiler message.
public enum PlotError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A series' x and y (or heights) have different lengths.
    case lengthMismatch(context: String, xCount: Int, yCount: Int)
    /// Heatmap rows have different lengths, or a flat buffer does not match rows × columns.
    case malformedGrid(context: String, detail: String)
    /// An argument is out of its domain (histogram bin count, bar width, figure size…).
    case invalidArgument(context: String, detail: String)
    /// Axis limits that cannot be drawn (empty, non-finite, or non-positive on a log axis).
    case invalidLimits(context: String, detail: String)
    /// Cairo reported an error status.
    case cairo(String)
    /// A file could not be written.
    case io(path: String, detail: String)

    /// A one-line message, e.g. `axes (1, 2): plot "loss": x has 10 values but y has 9`.
    public var description: String {
        switch self {
        case let .lengthMismatch(context, x, y):
            return "\(context): x has \(x) values but y has \(y)"
        case let .malformedGrid(context, detail), let .invalidArgument(context, detail),
             let .invalidLimits(context, detail):
            return "\(context): \(detail)"
        case let .cairo(status):
            return "cairo: \(status)"
        case let .io(path, detail):
            return "\(path): \(detail)"
        }
    }
}
