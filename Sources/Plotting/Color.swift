// Colours and the categorical palette.

/// An sRGB colour with alpha, components in 0…1.
public struct Color: Equatable, Hashable, Sendable {
    /// Red component, 0…1.
    public var red: Double
    /// Green component, 0…1.
    public var green: Double
    /// Blue component, 0…1.
    public var blue: Double
    /// Opacity, 0 (transparent) … 1 (opaque).
    public var alpha: Double

    /// Creates a colour from components in 0…1.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// Creates a colour from a 24-bit hexadecimal literal such as `0x0072B2`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Relative luminance (ITU-R BT.709 weights on linearised sRGB), used to pick readable
    /// text on top of a colour.
    var luminance: Double {
        func lin(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
    }

    /// Black.
    public static let black = Color(hex: 0x000000)
    /// White.
    public static let white = Color(hex: 0xFFFFFF)
    /// A neutral grey.
    public static let gray = Color(hex: 0x808080)
    /// Dark grey used for text and axes spines.
    public static let darkGray = Color(hex: 0x262626)
    /// Light grey used for grid lines.
    public static let lightGray = Color(hex: 0xDDDDDD)

    // The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008,
    // https://jfly.uni-koeln.de/color/), distinguishable under the common forms of colour blindness.
    /// Okabe–Ito blue.
    public static let blue = Color(hex: 0x0072B2)
    /// Okabe–Ito vermillion.
    public static let vermillion = Color(hex: 0xD55E00)
    /// Okabe–Ito bluish green.
    public static let green = Color(hex: 0x009E73)
    /// Okabe–Ito orange.
    public static let orange = Color(hex: 0xE69F00)
    /// Okabe–Ito sky blue.
    public static let skyBlue = Color(hex: 0x56B4E9)
    /// Okabe–Ito reddish purple.
    public static let purple = Color(hex: 0xCC79A7)
    /// Okabe–Ito yellow (low contrast on white: last in the cycle).
    public static let yellow = Color(hex: 0xF0E442)
    /// An alias of ``vermillion``.
    public static let red = vermillion

    /// The categorical colour cycle: Okabe–Ito without black, ordered so that the first colours
    /// are the most distinct on white. Series without an explicit colour take the next one.
    public static let palette: [Color] = [.blue, .vermillion, .green, .orange, .skyBlue, .purple, .yellow, .darkGray]
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
