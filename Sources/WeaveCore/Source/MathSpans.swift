/// Keeps TeX out of Markdown's hands. Before cmark-gfm sees a chapter, every `$…$` and `$$…$$` outside code
/// is swapped for an inert placeholder word; after rendering, each placeholder becomes an element holding the
/// TeX, HTML-escaped, which KaTeX typesets in the browser. Underscores, asterisks, backslashes and `<` in
/// math therefore reach the page untouched.
///
/// Rules (those of Pandoc's `tex_math_dollars`): an opening `$` must be followed by a non-space, a closing `$`
/// preceded by a non-space and not followed by a digit (so "$5 and $10" stays text); `\$` is a literal
/// dollar; inline math stays on one line; `$$…$$` may span lines. Code spans and code blocks are skipped.
struct MathSpans: Sendable {
    struct Span: Equatable, Sendable {
        var tex: String
        var display: Bool
        /// A display formula's label, from `$$ … $$ {#eq-name}`: it is numbered and can be referenced.
        var label: String? = nil
        /// 1-based line of the label.
        var labelLine: Int = 0
    }

    private(set) var spans: [Span] = []
    /// The chapter text with placeholders in place of math.
    private(set) var text = ""

    /// What placeholders start with: `WEAVEMATH`, lengthened until the chapter's text does not contain it, so
    /// nothing an author writes is ever taken for a placeholder.
    let tokenPrefix: String

    /// - Parameters:
    ///   - codeLines: 1-based line numbers that belong to code blocks.
    ///   - report: builds a diagnostic for a 1-based line.
    init(_ source: String, codeLines: Set<Int>, report: (Int, String) -> Diagnostic) throws {
        var prefix = "WEAVEMATH"
        while source.contains(prefix) { prefix += "Q" }
        tokenPrefix = prefix
        let lines = source.lineSplit()
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
                        var span = Span(tex: open.tex, display: true)
                        i += 2
                        // A label: `$$ … $$ {#eq-name}` (Quarto's syntax), on the line of the closing `$$`.
                        var j = i
                        while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
                        if j + 1 < chars.count, chars[j] == "{", chars[j + 1] == "#" {
                            let close = chars[j...].firstIndex(of: "}")
                            let label = close.map { String(chars[(j + 2)..<$0]) } ?? ""
                            guard close != nil, label.hasPrefix("eq-"), label.count > 3,
                                  label.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }), !label.hasSuffix("-") else {
                                throw report(lineNumber, "an equation's label is written {#eq-name} after the closing $$ (letters, digits, - and _)")
                            }
                            span.label = label
                            span.labelLine = lineNumber
                            i = close! + 1
                        }
                        out += placeholder(span)
                        display = nil
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
                } else if c == "$", case let closing = Self.closingDollar(chars, from: i + 1), closing != .rejected {
                    if case .at(let end) = closing {
                        out += placeholder(Span(tex: String(chars[(i + 1)..<end]), display: false))
                        i = end + 1
                    } else if index + 1 < lines.count, !codeLines.contains(lineNumber + 1),
                              !lines[index + 1].allSatisfy(\.isWhitespace),
                              case let joined = Array(chars[(i + 1)...]) + ["\n"] + Array(lines[index + 1]),
                              case .at(let end) = Self.closingDollar(joined, from: 0), end > chars.count - i - 1 {
                        // Inline math may wrap onto the next line of its paragraph (a soft line break). Only
                        // a `$` with no other after it on its line gets here, so this copy is made at most
                        // once a line and the scan stays linear.
                        out += placeholder(Span(tex: String(joined[0..<end]), display: false))
                        skip = end - (chars.count - i - 1)  // characters of the next line consumed
                        i = chars.count
                    } else {
                        out.append(c); i += 1
                    }
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
        return "\(tokenPrefix)\(spans.count - 1)X"
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

    enum Closing: Equatable {
        /// The closing `$` is at this index.
        case at(Int)
        /// The next `$` cannot close (or the opening one cannot open): this `$` is text.
        case rejected
        /// No `$` follows in `chars`.
        case endOfText
    }

    /// Where the inline formula opened just before `start` closes. Stops at the first unescaped `$`.
    private static func closingDollar(_ chars: [Character], from start: Int) -> Closing {
        guard start < chars.count, !chars[start].isWhitespace, chars[start] != "$" else { return .rejected }
        var i = start
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "$" {
                let before = chars[i - 1]
                let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                return !before.isWhitespace && !(after?.isNumber ?? false) ? .at(i) : .rejected
            }
            i += 1
        }
        return .endOfText
    }

    /// Replaces the placeholders in rendered HTML with math elements; a display formula alone in its
    /// paragraph replaces the paragraph.
    /// - Parameter equationNumbers: the number a labelled formula shows (`4.2`), by its label.
    func restore(in html: String, equationNumbers: [String: String] = [:]) -> String {
        guard !spans.isEmpty else { return html }
        func number(_ span: Span) -> String {
            guard let label = span.label, let number = equationNumbers[label] else { return "" }
            return "<span class=\"equation-number\"><a href=\"#\(HTML.escape(label))\">(\(HTML.escape(number)))</a></span>"
        }
        return replacingPlaceholders(in: html, inline: { span in
            let math = "<span class=\"math \(span.display ? "display" : "inline")\">\(HTML.escape(span.tex))</span>"
            guard let label = span.label else { return math }
            return "<span class=\"equation\" id=\"\(HTML.escape(label))\">\(math)\(number(span))</span>"
        }, alone: { span in
            let math = "<div class=\"math display\">\(HTML.escape(span.tex))</div>"
            guard let label = span.label else { return math }
            return "<div class=\"equation\" id=\"\(HTML.escape(label))\">\(math)\(number(span))</div>"
        })
    }

    /// Text as cmark saw it (placeholders) turned back into plain text with the TeX source.
    func plain(_ text: String) -> String {
        guard !spans.isEmpty else { return text }
        return replacingPlaceholders(in: text, inline: \.tex)
    }

    /// `text` with each placeholder replaced by `inline(span)`, in one pass over its UTF-8 bytes (linear in
    /// the text, whatever the number of formulas). With `alone`, a display formula that is the whole of a
    /// paragraph (`<p>TOKEN</p>`) replaces the paragraph with `alone(span)`.
    private func replacingPlaceholders(in text: String, inline: (Span) -> String, alone: ((Span) -> String)? = nil) -> String {
        let bytes = Array(text.utf8)
        let token = Array(tokenPrefix.utf8)
        let open = Array("<p>".utf8), close = Array("</p>".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == token[0], bytes[i...].starts(with: token) else {
                out.append(bytes[i]); i += 1; continue
            }
            var j = i + token.count
            var index = 0, digits = 0
            while j < bytes.count, digits < 10, (0x30...0x39).contains(bytes[j]) {
                index = index * 10 + Int(bytes[j] - 0x30); j += 1; digits += 1
            }
            guard digits > 0, j < bytes.count, bytes[j] == UInt8(ascii: "X"), index < spans.count else {
                out += token; i += token.count; continue
            }
            let span = spans[index]
            if let alone, span.display, out.count >= open.count, out[(out.count - open.count)...].elementsEqual(open),
               bytes[(j + 1)...].starts(with: close) {
                out.removeLast(open.count)
                out += alone(span).utf8
                i = j + 1 + close.count
            } else {
                out += inline(span).utf8
                i = j + 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
