/// Keeps TeX out of Markdown's hands. Before cmark-gfm sees a chapter, every `$…$` and `$$…$$` outside code
/// is swapped for an inert placeholder word; after rendering, each placeholder becomes an element holding the
/// TeX, HTML-escaped, which KaTeX typesets in the browser. Underscores, asterisks, backslashes and `<` in
/// math therefore reach the page untouched.
///
/// Rules (those of Pandoc's `tex_math_dollars`): an opening `$` must be followed by a non-space, a closing `$`
/// preceded by a non-space and not followed by a digit (so "$5 and $10" stays text); `\$` is a literal
/// dollar; inline math stays on one line; `$$…$$` may span lines. Code spans and code blocks are skipped.
struct MathSpans {
    struct Span: Equatable {
        var tex: String
        var display: Bool
    }

    private(set) var spans: [Span] = []
    /// The chapter text with placeholders in place of math.
    private(set) var text = ""

    static let tokenPrefix = "WEAVEMATH"

    /// - Parameters:
    ///   - codeLines: 1-based line numbers that belong to code blocks.
    ///   - report: builds a diagnostic for a 1-based line.
    init(_ source: String, codeLines: Set<Int>, report: (Int, String) -> Diagnostic) throws {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var output: [String] = []
        var display: (line: Int, tex: String)?
        var carry = ""
        var skip = 0
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            if codeLines.contains(lineNumber) && display == nil {
                output.append(String(line))
                continue
            }
            let chars = Array(line)
            var out = ""
            var i = skip
            skip = 0
            if display != nil && chars.allSatisfy(\.isWhitespace) {
                throw report(display!.line, "display math ($$) is not closed before the blank line \(lineNumber)")
            }
            while i < chars.count {
                if var open = display {
                    if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                        out += placeholder(Span(tex: open.tex, display: true))
                        display = nil
                        i += 2
                    } else {
                        open.tex.append(chars[i])
                        display = open
                        i += 1
                    }
                    continue
                }
                let c = chars[i]
                if c == "\\", i + 1 < chars.count {
                    out.append(c); out.append(chars[i + 1]); i += 2
                } else if c == "`" {
                    var run = 0
                    while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                    if let end = Self.closingBackticks(chars, from: i + run, count: run) {
                        out += String(chars[i..<(end + run)])
                        i = end + run
                    } else {
                        out += String(repeating: "`", count: run)
                        i += run
                    }
                } else if c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                    display = (lineNumber, "")
                    i += 2
                } else if c == "$", let end = Self.closingDollar(chars, from: i + 1) {
                    out += placeholder(Span(tex: String(chars[(i + 1)..<end]), display: false))
                    i = end + 1
                } else if c == "$", index + 1 < lines.count, !codeLines.contains(lineNumber + 1),
                          !lines[index + 1].allSatisfy(\.isWhitespace),
                          case let joined = Array(chars[(i + 1)...]) + ["\n"] + Array(lines[index + 1]),
                          let end = Self.closingDollar(joined, from: 0), end > chars.count - i - 1 {
                    // Inline math may wrap onto the next line of its paragraph (a soft line break).
                    out += placeholder(Span(tex: String(joined[0..<end]), display: false))
                    skip = end - (chars.count - i - 1) - 1 + 1  // characters of the next line consumed
                    i = chars.count
                } else {
                    out.append(c); i += 1
                }
            }
            if var open = display {
                // The formula goes on: keep this line's text and join the next line to it, so the
                // placeholder lands in the paragraph where the formula began.
                open.tex.append("\n")
                display = open
                carry += out
                continue
            }
            output.append(carry + out)
            carry = ""
        }
        if let open = display {
            throw report(open.line, "display math ($$) is never closed")
        }
        text = output.joined(separator: "\n")
    }

    private mutating func placeholder(_ span: Span) -> String {
        spans.append(span)
        return "\(Self.tokenPrefix)\(spans.count - 1)X"
    }

    private static func closingBackticks(_ chars: [Character], from start: Int, count: Int) -> Int? {
        var i = start
        while i < chars.count {
            if chars[i] == "`" {
                var run = 0
                while i + run < chars.count, chars[i + run] == "`" { run += 1 }
                if run == count { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func closingDollar(_ chars: [Character], from start: Int) -> Int? {
        guard start < chars.count, !chars[start].isWhitespace, chars[start] != "$" else { return nil }
        var i = start
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "$" {
                let before = chars[i - 1]
                let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if !before.isWhitespace && !(after?.isNumber ?? false) { return i }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// Replaces the placeholders in rendered HTML with math elements.
    func restore(in html: String) -> String {
        guard !spans.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.count)
        var rest = Substring(html)
        while let range = rest.range(of: Self.tokenPrefix) {
            result += rest[..<range.lowerBound]
            var cursor = range.upperBound
            var digits = ""
            while cursor < rest.endIndex, rest[cursor].isASCII, rest[cursor].isNumber {
                digits.append(rest[cursor]); cursor = rest.index(after: cursor)
            }
            if let index = Int(digits), index < spans.count, cursor < rest.endIndex, rest[cursor] == "X" {
                let span = spans[index]
                // A display formula alone in its paragraph replaces the paragraph.
                if span.display, result.hasSuffix("<p>"),
                   rest[rest.index(after: cursor)...].hasPrefix("</p>") {
                    result.removeLast(3)
                    result += "<div class=\"math display\">\(HTML.escape(span.tex))</div>"
                    rest = rest[rest.index(cursor, offsetBy: 5)...]
                    continue
                }
                result += "<span class=\"math \(span.display ? "display" : "inline")\">\(HTML.escape(span.tex))</span>"
                rest = rest[rest.index(after: cursor)...]
            } else {
                result += Self.tokenPrefix
                rest = rest[range.upperBound...]
            }
        }
        result += rest
        return result
    }
}
