/// Fenced divs, in pandoc's and Quarto's syntax: a line of three or more colons opens a div, with its
/// attributes in braces (`::: {.exercise #ex-depth}`) or as one bare class name (`::: exercise`); a line of
/// colons alone closes the innermost open div. weave gives meaning to these classes:
/// - `exercise` — numbered per chapter (Exercise 4.3); an id, if given, starts with `ex-` and can be referenced
///   as `@ex-…` from any chapter;
/// - `solution` — directly inside an exercise; folded on the page;
/// - `callout-note`, `callout-tip`, `callout-warning`, `callout-important`, `callout-caution` — boxed, titled
///   with the kind or with `title="…"`;
/// any other class gives a plain `<div>` with those classes (as pandoc does), for a theme to style.
///
/// Fences count only at the start of a line (up to three spaces of indentation) and outside code blocks, so a
/// div cannot begin inside a list item or a block quote. Markdown inside a div is rendered as usual; a
/// `swift-exec` block inside a solution is one of the chapter's blocks like any other.
struct FencedDiv: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case exercise
        case solution
        /// A callout, by its kind: note, tip, warning, important, caution.
        case callout(String)
        case plain
    }

    var kind: Kind
    var classes: [String]
    var id: String?
    /// `key="value"` attributes (`title` for callouts).
    var attributes: [String: String]
    /// 1-based lines of the opening and the closing fence.
    var line: Int
    var endLine: Int
    /// Exercises: the 1-based number among the chapter's exercises.
    var number: Int?

    static let calloutKinds = ["note", "tip", "warning", "important", "caution"]

    /// The anchor of an exercise: its id, or `exercise-N`.
    var anchor: String { id ?? "exercise-\(number ?? 0)" }
}

enum FencedDivs {
    /// The divs of a chapter, in the order they open. Throws a diagnostic at the offending fence for a div that
    /// is never closed, a closing fence with nothing open, attributes that do not parse, an exercise id that does
    /// not start with `ex-`, a solution outside an exercise, or an exercise inside an exercise.
    static func parse(_ text: String, codeLines: Set<Int>, file: String) throws -> [FencedDiv] {
        var divs: [FencedDiv] = []
        var open: [Int] = []  // indexes into divs
        var exercises = 0
        for (index, line) in text.lineSplit().enumerated() {
            let number = index + 1
            guard !codeLines.contains(number), let fence = Self.fence(line) else { continue }
            func error(_ column: Int, _ message: String) -> Diagnostic {
                Diagnostic(file: file, line: number, column: column, message,
                           notes: [Chapter.quotedLine(text, number, column: column)], step: .read)
            }
            guard let rest = fence.rest else {
                guard let last = open.popLast() else {
                    throw error(fence.column, "closing ':::' with no open div")
                }
                divs[last].endLine = number
                continue
            }
            var div = try Self.attributes(rest.text) { offset, message in error(rest.column + offset, message) }
            div.line = number
            div.endLine = number
            let parent = open.last.map { divs[$0] }
            switch div.kind {
            case .exercise:
                if let outer = open.map({ divs[$0] }).first(where: { $0.kind == .exercise }) {
                    throw error(fence.column, "an exercise inside an exercise (the one at line \(outer.line) is still open)")
                }
                if let id = div.id, !id.hasPrefix("ex-") || id.count < 4 {
                    throw error(rest.column, "an exercise's id starts with 'ex-' (#ex-\(id)), so that @ex-… can refer to it")
                }
                exercises += 1
                div.number = exercises
            case .solution:
                guard parent?.kind == .exercise else {
                    throw error(fence.column, "a solution belongs directly inside an exercise (::: {.exercise} … ::: {.solution} … ::: :::)")
                }
            case .callout, .plain:
                break
            }
            open.append(divs.count)
            divs.append(div)
        }
        if let first = open.first {
            let div = divs[first]
            throw Diagnostic(file: file, line: div.line, column: 1,
                             "this div is never closed: add a line ':::' where it ends",
                             notes: [Chapter.quotedLine(text, div.line)], step: .read)
        }
        return divs
    }

    /// A fence line: its column and, for an opening fence, the text after the colons (nil for a closing one).
    private static func fence(_ line: Substring) -> (column: Int, rest: (text: Substring, column: Int)?)? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let body = line.dropFirst(indent)
        let colons = body.prefix(while: { $0 == ":" }).count
        guard colons >= 3 else { return nil }
        var rest = body.dropFirst(colons)
        let lead = rest.prefix(while: { $0 == " " || $0 == "\t" }).count
        rest = rest.dropFirst(lead)
        // Pandoc allows colons after the attributes too (`::: note :::`).
        while rest.last == ":" || rest.last == " " || rest.last == "\t" { rest = rest.dropLast() }
        if rest.isEmpty { return (indent + 1, nil) }
        return (indent + 1, (rest, indent + colons + lead + 1))
    }

    /// Parses `{.class #id key="value" …}` or a bare class name. `report` gets a 0-based offset into `text`.
    static func attributes(_ text: Substring, report: (Int, String) -> Diagnostic) throws -> FencedDiv {
        var classes: [String] = []
        var id: String?
        var attributes: [String: String] = [:]
        let chars = Array(text)
        if chars.first != "{" {
            let word = String(chars)
            guard word.allSatisfy(Self.isNameCharacter) else {
                throw report(0, "a div's attributes go in braces: ::: {.class #id key=\"value\"}")
            }
            classes = [word]
        } else {
            guard chars.last == "}" else { throw report(chars.count, "the div's attributes need a closing '}'") }
            var i = 1
            let end = chars.count - 1
            while i < end {
                if chars[i] == " " || chars[i] == "\t" { i += 1; continue }
                let start = i
                if chars[i] == "." || chars[i] == "#" {
                    let sigil = chars[i]
                    i += 1
                    while i < end, isNameCharacter(chars[i]) { i += 1 }
                    let name = String(chars[(start + 1)..<i])
                    guard !name.isEmpty else { throw report(start, "expected a name after '\(sigil)'") }
                    if sigil == "." {
                        classes.append(name)
                    } else {
                        if id != nil { throw report(start, "a div has one id") }
                        id = name
                    }
                } else if isNameCharacter(chars[i]) {
                    while i < end, isNameCharacter(chars[i]) { i += 1 }
                    let key = String(chars[start..<i])
                    guard i < end, chars[i] == "=" else {
                        throw report(start, "expected .class, #id or key=\"value\", found '\(key)'")
                    }
                    i += 1
                    var value = ""
                    if i < end, chars[i] == "\"" {
                        i += 1
                        while i < end, chars[i] != "\"" {
                            if chars[i] == "\\", i + 1 < end { i += 1 }
                            value.append(chars[i]); i += 1
                        }
                        guard i < end else { throw report(start, "the value of '\(key)' is missing its closing quote") }
                        i += 1
                    } else {
                        while i < end, chars[i] != " " { value.append(chars[i]); i += 1 }
                    }
                    attributes[key] = value
                } else {
                    throw report(i, "unexpected '\(chars[i])' in the div's attributes (expected .class, #id or key=\"value\")")
                }
            }
        }
        var kind = FencedDiv.Kind.plain
        if classes.contains("exercise") {
            kind = .exercise
        } else if classes.contains("solution") {
            kind = .solution
        } else if let callout = classes.first(where: { $0.hasPrefix("callout-") }) {
            let name = String(callout.dropFirst("callout-".count))
            guard FencedDiv.calloutKinds.contains(name) else {
                throw report(0, "unknown callout '\(callout)' (callouts: \(FencedDiv.calloutKinds.map { "callout-" + $0 }.joined(separator: ", ")))")
            }
            kind = .callout(name)
        }
        return FencedDiv(kind: kind, classes: classes, id: id, attributes: attributes, line: 0, endLine: 0)
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "-" || c == "_" || c == ":" || c == "."
    }

    /// The chapter's text with each fence line replaced by the HTML that opens or closes its div, set off by
    /// blank lines so cmark-gfm takes it as an HTML block and renders the Markdown between as usual. Lines are
    /// inserted, so `lineMap[n - 1]` gives the source line of line `n` of the result.
    static func htmlText(_ text: String, divs: [FencedDiv], chapterNumber: Int,
                         ui: Interface = Interface(language: "en")) -> (text: String, lineMap: [Int]) {
        guard !divs.isEmpty else {
            let count = text.lineSplit().count
            return (text, Array(1...max(1, count)))
        }
        var opening: [Int: FencedDiv] = [:]
        var closing: [Int: FencedDiv] = [:]
        for div in divs {
            opening[div.line] = div
            closing[div.endLine] = div
        }
        var output: [Substring] = []
        var map: [Int] = []
        for (index, line) in text.lineSplit().enumerated() {
            let number = index + 1
            let html: String
            if let div = opening[number] {
                html = open(div, chapterNumber: chapterNumber, ui: ui)
            } else if let div = closing[number] {
                html = close(div)
            } else {
                output.append(line)
                map.append(number)
                continue
            }
            for piece in ["", html, ""] {
                output.append(Substring(piece))
                map.append(number)
            }
        }
        return (output.joined(separator: "\n"), map)
    }

    private static func open(_ div: FencedDiv, chapterNumber: Int, ui: Interface) -> String {
        switch div.kind {
        case .exercise:
            let label = ui("Exercise %@", "\(chapterNumber).\(div.number ?? 0)")
            return "<section class=\"exercise\" id=\"\(HTML.escape(div.anchor))\">"
                + "<p class=\"exercise-label\"><a href=\"#\(HTML.escape(div.anchor))\">\(HTML.escape(label))</a></p>"
        case .solution:
            return "<details class=\"solution\"><summary>\(ui("Solution"))</summary>"
        case .callout(let name):
            let title = div.attributes["title"] ?? ui(name.prefix(1).uppercased() + name.dropFirst())
            return "<div class=\"callout callout-\(name)\" role=\"note\"\(div.id.map { " id=\"\(HTML.escape($0))\"" } ?? "")>"
                + "<p class=\"callout-title\">\(HTML.escape(title))</p>"
        case .plain:
            return "<div class=\"\(HTML.escape(div.classes.joined(separator: " ")))\"\(div.id.map { " id=\"\(HTML.escape($0))\"" } ?? "")>"
        }
    }

    private static func close(_ div: FencedDiv) -> String {
        switch div.kind {
        case .exercise: "</section>"
        case .solution: "</details>"
        case .callout, .plain: "</div>"
        }
    }
}
