#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Matrix: CustomStringConvertible, CustomDebugStringConvertible {
    /// A header line `r×c Matrix<Scalar>` followed by the rows with right-aligned columns.
    /// Matrices with more than 10 rows or columns show the first and last 4 and elide the middle
    /// (`⋮` and `…`). Elements print with 6 significant digits (`%.6g`).
    public var description: String { formatted(maxRows: 10, maxColumns: 10, significantDigits: 6) }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// The text form with chosen limits: rows/columns beyond the limits are elided in the middle.
    public func formatted(maxRows: Int = 10, maxColumns: Int = 10, significantDigits: Int = 6) -> String {
        var text = "\(rows)×\(columns) Matrix<\(Scalar.scalarName)>"
        if isEmpty { return text }
        func shown(_ count: Int, _ limit: Int) -> [Int?] {
            if count <= limit { return Array(0..<count) }
            let half = Swift.max(1, limit / 2 - 1)
            return Array(0..<half) + [nil] + Array((count - half)..<count)
        }
        let rowIndices = shown(rows, maxRows), columnIndices = shown(columns, maxColumns)
        var cells: [[String]] = rowIndices.map { i in
            columnIndices.map { j in
                guard let i else { return "⋮" }
                guard let j else { return "…" }
                return Matrix.format(self[i, j], significantDigits)
            }
        }
        var widths = [Int](repeating: 0, count: columnIndices.count)
        for row in cells { for (c, cell) in row.enumerated() { widths[c] = Swift.max(widths[c], cell.count) } }
        for r in cells.indices {
            for c in cells[r].indices {
                cells[r][c] = String(repeating: " ", count: widths[c] - cells[r][c].count) + cells[r][c]
            }
        }
        for row in cells { text += "\n  " + row.joined(separator: "  ") }
        return text
    }

    static func format(_ x: Scalar, _ digits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        var buffer = [CChar](repeating: 0, count: 48)
        let value = Double(x) == 0 ? 0.0 : Double(x)   // print -0 as 0
        _ = buffer.withUnsafeMutableBufferPointer { p in
            withVaList([Int32(digits), value]) { vsnprintf(p.baseAddress, 48, "%.*g", $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
