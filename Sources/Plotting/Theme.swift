// Sizes, fonts and colours of the figure furniture (in figure units, pixels at 1×).
// The proportions follow matplotlib's defaults (10 pt text at 100 dpi, 3.5 pt ticks).

enum Theme {
    static let ink = Color.darkGray
    static let tickText = TextStyle(size: 11, color: Color(hex: 0x333333))
    static let labelText = TextStyle(size: 12.5, color: Color(hex: 0x1A1A1A))
    static let titleText = TextStyle(size: 14, color: Color(hex: 0x111111))
    static let figureTitleText = TextStyle(size: 16, color: Color(hex: 0x111111))
    static let legendText = TextStyle(size: 11, color: Color(hex: 0x1A1A1A))
    static let noteText = TextStyle(size: 10, color: Color(hex: 0x777777), italic: true)
    static let emptyText = TextStyle(size: 12, color: Color(hex: 0x888888), italic: true)

    static let majorTick = 4.5
    static let minorTick = 2.5
    static let tickPad = 3.5
    static let labelPad = 6.0
    static let titlePad = 8.0
    static let outerPad = 8.0
    static let minimumLabelGap = 8.0

    static let spine = StrokeStyle(color: Color(hex: 0x333333), width: 0.9)
    static let tickStroke = StrokeStyle(color: Color(hex: 0x333333), width: 0.9)
    static let minorTickStroke = StrokeStyle(color: Color(hex: 0x333333), width: 0.7)
    static let gridStroke = StrokeStyle(color: Color(hex: 0xE3E3E3), width: 0.8)
    static let minorGridStroke = StrokeStyle(color: Color(hex: 0xF1F1F1), width: 0.6)

    static let colorbarWidth = 14.0
    static let colorbarGap = 14.0
}
