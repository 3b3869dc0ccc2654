/// HTML text helpers.
enum HTML {
    /// Escapes text for element content and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Undoes `escape` (the five entities weave writes), in one pass without Foundation.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        let entities: [(String, Unicode.Scalar)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
        var result = String.UnicodeScalarView()
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        outer: while index < scalars.endIndex {
            if scalars[index] == "&" {
                for (entity, replacement) in entities where scalars[index...].starts(with: entity.unicodeScalars) {
                    result.append(replacement)
                    index = scalars.index(index, offsetBy: entity.unicodeScalars.count)
                    continue outer
                }
            }
            result.append(scalars[index])
            index = scalars.index(after: index)
        }
        return String(result)
    }

    /// A URL fragment for a heading: lower-case words joined by '-', other scripts kept as they are.
    static func slug(_ text: String) -> String {
        Slug.make(text, fallback: "section", separates: { $0 == "-" || $0 == "_" || $0.isWhitespace })
    }
}
