import Foundation

/// One use of a glossary term in a chapter: where the glossary page links back to.
struct TermUse: Equatable, Codable {
    /// The term id (`N` in `[term](@article_id:N)`).
    var id: String
    /// The term as spelled at this place.
    var spelling: String
    var chapterIndex: Int
    var page: String
    /// The anchor of this use (`term-use-N-K`), on the link itself.
    var anchor: String
    var sectionTitle: String?
}

/// Turns the references weave resolves itself into links, in a chapter's rendered HTML (outside code):
/// - `@fig-ID` → `Figure 3.2`, `@eq-ID` → `Equation (4.2)`, `@ex-ID` → `Exercise 4.3`, linked to the target in
///   whatever chapter shows it (an id that names nothing is an error at the reference);
/// - `[@problem_id:N]` → `Experiment 4.2`, linked to the block that declares `problem=N` (an unknown id is an
///   error at the reference's file and line);
/// - `<a href="@article_id:N">term</a>` (cmark's rendering of `[term](@article_id:N)`) → a link to the
///   glossary entry, with an anchor of its own so the glossary can link back to each use;
/// - pandoc citations, `[@key]`, `[see @a, p. 3; @b]`, `[-@key]` and in-text `@key` / `@key [p. 3]` → author–year
///   links to the chapter's References section (`CitationStyle`); a bracketed citation of a key that
///   `references.bib` lacks is an error at its line and column, an in-text `@word` that names no entry a
///   warning (it stays text: prose may say `@MainActor`).
/// The kinds of `@ID` reference, by the prefix of their ids (Quarto's convention).
enum CrossReference: String, CaseIterable {
    case figure = "fig-", equation = "eq-", exercise = "ex-"

    var cssClass: String {
        switch self {
        case .figure: "figure-ref"
        case .equation: "equation-ref"
        case .exercise: "exercise-ref"
        }
    }
    var noun: String {
        switch self {
        case .figure: "figure"
        case .equation: "equation"
        case .exercise: "exercise"
        }
    }
    /// How an id of this kind is declared, for the error that names none.
    var declaration: String {
        switch self {
        case .figure: "no swift-exec block shows a figure with that id (fig=ID, or a figure file named ID)"
        case .equation: "no display formula is labelled so ($$ … $$ {#eq-name})"
        case .exercise: "no exercise has that id (::: {.exercise #ex-name})"
        }
    }
}

struct ReferenceLinker {
    let renderer: PageRenderer
    let chapter: Chapter
    let chapterIndex: Int
    /// The chapter's `@article_id:` links in document order, for their spelling.
    let termLinks: [MarkdownLink]
    private(set) var uses: [TermUse] = []
    /// The chapter's citations, in order.
    private(set) var citations: [CitationUse] = []
    /// What the chapter's references warn about (an in-text `@word` naming no bibliography entry).
    private(set) var warnings: [Diagnostic] = []
    private var currentSection: String?

    init(renderer: PageRenderer, chapter: Chapter, chapterIndex: Int, termLinks: [MarkdownLink]) {
        self.renderer = renderer
        self.chapter = chapter
        self.chapterIndex = chapterIndex
        self.termLinks = termLinks
    }

    mutating func link(_ html: String) throws -> String {
        var figures: [String: FigureEntry] = [:]
        for entries in renderer.figures.values { for entry in entries { figures[String(entry.anchor.dropFirst(4))] = entry } }
        var result = ""
        result.reserveCapacity(html.utf8.count + 1024)
        var rest = Substring(html)
        var insideCode = 0
        var insideLink = 0
        var heading: (level: Character, anchor: String, text: String)?
        var section: String?
        while let at = rest.firstIndex(where: { $0 == "@" || $0 == "<" || $0 == "[" }) {
            result += rest[..<at]
            if heading != nil { heading!.text += Self.text(rest[..<at]) }
            if rest[at] == "<" {
                let tagEnd = rest[at...].firstIndex(of: ">") ?? rest.endIndex
                let tag = rest[at..<tagEnd]
                let end = tagEnd == rest.endIndex ? tagEnd : rest.index(after: tagEnd)
                rest = rest[end...]
                if tag.hasPrefix("<pre") || tag.hasPrefix("<code") { insideCode += 1 }
                if tag.hasPrefix("</pre") || tag.hasPrefix("</code") { insideCode = max(0, insideCode - 1) }
                if tag.hasPrefix("<a "), !tag.hasPrefix("<a class=\"anchor\"") { insideLink += 1 }
                if tag == "</a" { insideLink = max(0, insideLink - 1) }
                // A formula is TeX for KaTeX, not prose: copied as it is.
                if tag.hasPrefix("<span class=\"math"), let close = rest.range(of: "</span>") {
                    result += tag + ">" + rest[..<close.upperBound]
                    if heading != nil { heading!.text += Self.text(rest[..<close.lowerBound]) }
                    rest = rest[close.upperBound...]
                    continue
                }
                if let level = Self.headingLevel(tag), let anchor = Self.attribute("id", in: tag) {
                    heading = (level, anchor, "")
                } else if let open = heading, tag == "</h\(open.level)" {
                    if open.level != "1" { section = open.text.trimmingCharacters(in: .whitespaces) }
                    currentSection = section
                    heading = nil
                } else if tag.hasPrefix("<a class=\"anchor\"") {
                    // The "#" of a heading anchor is not part of its title.
                    if let close = rest.range(of: "</a>") {
                        result += tag + ">" + rest[..<close.upperBound]
                        rest = rest[close.upperBound...]
                        continue
                    }
                }
                if tag.hasPrefix("<a "), let href = Self.attribute("href", in: tag), href.hasPrefix(PageRenderer.termURLPrefix) {
                    let id = String(href.dropFirst(PageRenderer.termURLPrefix.count))
                    let anchor = "term-use-\(HTML.slug(id))-\(uses.count + 1)"
                    let spelling = termLinks[safe: uses.count]?.text ?? id
                    uses.append(TermUse(id: id, spelling: spelling, chapterIndex: chapterIndex, page: "\(chapter.slug).html",
                                        anchor: anchor, sectionTitle: section))
                    let title = renderer.termTooltips[id].map { " title=\"\(HTML.escape($0))\"" } ?? ""
                    result += "<a class=\"term\" id=\"\(anchor)\" href=\"glossary.html#\(Glossary.anchor(id))\"\(title)>"
                    continue
                }
                result += tag
                if end != tagEnd { result += ">" }
                continue
            }
            let after = rest.index(after: at)
            // `@fig-…`, `@eq-…`, `@ex-…`: not after a letter or digit (an e-mail address is not a reference).
            if insideCode == 0, rest[at] == "@", !(result.last.map(SearchIndex.isWordCharacter) ?? false),
               let kind = CrossReference.allCases.first(where: { rest[after...].hasPrefix($0.rawValue) }) {
                let idEnd = rest[after...].firstIndex { !(SearchIndex.isWordCharacter($0) || $0 == "-" || $0 == "_") } ?? rest.endIndex
                var id = String(rest[after..<idEnd])
                while id.hasSuffix("-") || id.hasSuffix("_") { id.removeLast() }
                if id.count > kind.rawValue.count {
                    guard let target = self.target(kind, id, figures: figures) else { throw unknownReference(kind, id) }
                    let href = target.slug == chapter.slug ? "#\(target.anchor)" : "\(target.slug).html#\(target.anchor)"
                    result += "<a class=\"\(kind.cssClass)\" href=\"\(href)\">\(target.label)</a>"
                    if heading != nil { heading!.text += target.label }
                    rest = rest[rest.index(after, offsetBy: id.count)...]
                    continue
                }
            }
            // In-text `@key`, optionally followed by ` [locator]`.
            if insideCode == 0, insideLink == 0, rest[at] == "@", !(result.last.map(SearchIndex.isWordCharacter) ?? false) {
                let key = CitationItem.key(in: rest[after...])
                if !key.isEmpty, !CitationItem.isReserved(key) {
                    var end = rest.index(after, offsetBy: key.count)
                    if renderer.citationStyle.has(key) {
                        var locator = ""
                        if rest[end...].hasPrefix(" ["), let close = rest[end...].dropFirst(2).firstIndex(where: { "[]<>@".contains($0) }),
                           rest[close] == "]" {
                            locator = HTML.unescape(rest[rest.index(end, offsetBy: 2)..<close]).trimmingCharacters(in: .whitespacesAndNewlines)
                            end = rest.index(after: close)
                        }
                        let text = cite(key, renderer.citationStyle.label(key, inText: true, locator: locator))
                        result += text
                        if heading != nil { heading!.text += renderer.citationStyle.label(key, inText: true, locator: locator) }
                        rest = rest[end...]
                        continue
                    }
                    if key.count > 1 { warnings.append(unknownInTextCitation(key)) }
                    result += rest[at..<end]
                    if heading != nil { heading!.text += rest[at..<end] }
                    rest = rest[end...]
                    continue
                }
            }
            // A reference is one piece of text: `[@problem_id:` and its `]` with no tag, line break or other
            // bracket between them (else it is prose that happens to start like one).
            if insideCode == 0, rest[at] == "[", rest[at...].hasPrefix(PageRenderer.problemPrefix),
               let close = rest[at...].dropFirst().firstIndex(where: { "[]<>\n".contains($0) }), rest[close] == "]" {
                let idStart = rest.index(at, offsetBy: PageRenderer.problemPrefix.count)
                let id = HTML.unescape(rest[idStart..<close]).trimmingCharacters(in: .whitespaces)
                guard let problem = renderer.problems[id] else {
                    throw unknownProblem(id)
                }
                let href = problem.slug == chapter.slug ? "#\(problem.anchor)" : "\(problem.slug).html#\(problem.anchor)"
                result += "<a class=\"problem-ref\" href=\"\(href)\">\(problem.label)</a>"
                if heading != nil { heading!.text += problem.label }
                rest = rest[rest.index(after: close)...]
                continue
            }
            // `[@key]`, `[see @a, p. 3; -@b]`: one piece of text up to its `]`.
            if insideCode == 0, insideLink == 0, rest[at] == "[",
               let close = rest[after...].firstIndex(where: { "[]<>".contains($0) }), rest[close] == "]",
               let items = CitationItem.group(HTML.unescape(rest[after..<close])) {
                let style = renderer.citationStyle
                if let missing = items.first(where: { !style.has($0.key) }) { throw unknownCitation(missing.key) }
                let parts = items.map { item in
                    (item.prefix.isEmpty ? "" : HTML.escape(item.prefix) + " ")
                        + cite(item.key, style.label(item.key, inText: false, suppressAuthor: item.suppressAuthor,
                                                     locator: item.locator))
                }
                result += "(" + parts.joined(separator: "; ") + ")"
                if heading != nil {
                    heading!.text += "(" + items.map { style.label($0.key, inText: false, locator: $0.locator) }.joined(separator: "; ") + ")"
                }
                rest = rest[rest.index(after: close)...]
                continue
            }
            result.append(rest[at])
            if heading != nil { heading!.text.append(rest[at]) }
            rest = rest[after...]
        }
        result += rest
        return result
    }

    /// A citation's link (to the chapter's References section), with an anchor the bibliography links back to.
    private mutating func cite(_ key: String, _ label: String) -> String {
        let anchor = "cite-\(citations.count + 1)"
        citations.append(CitationUse(key: key, chapterIndex: chapterIndex, page: "\(chapter.slug).html", anchor: anchor,
                                     sectionTitle: currentSection))
        let tooltip = HTML.escape(renderer.citationStyle.tooltip(key))
        return "<a class=\"citation\" id=\"\(anchor)\" href=\"#ref-\(HTML.escape(key))\" title=\"\(tooltip)\">\(HTML.escape(label))</a>"
    }

    /// The error for a bracketed citation of a key `references.bib` does not have, at its line and column.
    private func unknownCitation(_ key: String) -> Diagnostic {
        let found = chapter.locate("@" + key)
        let reason: String
        if let file = renderer.book.bibliography {
            let near = file.entries.map(\.key).filter { Self.isNear($0, key) }.prefix(3)
            reason = "\(file.displayPath) has no entry '\(key)'"
                + (near.isEmpty ? "" : " (did you mean \(near.map { "@" + $0 }.joined(separator: ", "))?)")
        } else {
            reason = "the book has no \(BibliographyFile.fileName): write one beside chapters/ with an entry @article{\(key), …}"
        }
        return Diagnostic(file: chapter.displayPath, line: found?.0, column: found?.1,
                          "unknown citation '@\(key)': \(reason)",
                          notes: found.map { [Chapter.quotedLine(chapter.text, $0.0, column: $0.1)] } ?? [], step: .site)
    }

    /// The warning for an in-text `@word` that names no bibliography entry (it stays as written).
    private func unknownInTextCitation(_ key: String) -> Diagnostic {
        let found = chapter.locate("@" + key)
        return Diagnostic(file: chapter.displayPath, line: found?.0, column: found?.1,
                          "'@\(key)' names no entry of \(BibliographyFile.fileName), so it stays text; to cite, add the entry (or put code in backticks)",
                          notes: found.map { [Chapter.quotedLine(chapter.text, $0.0, column: $0.1)] } ?? [], step: .site).asWarning()
    }

    /// Keys that differ in case only, or by one edit: a likely typo.
    static func isNear(_ a: String, _ b: String) -> Bool {
        if a.lowercased() == b.lowercased() { return true }
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        guard abs(x.count - y.count) <= 1 else { return false }
        // Levenshtein distance, one row at a time.
        var row = Array(0...y.count)
        for i in x.indices {
            var next = [i + 1] + Array(repeating: 0, count: y.count)
            for j in y.indices {
                next[j + 1] = min(row[j + 1] + 1, next[j] + 1, row[j] + (x[i] == y[j] ? 0 : 1))
            }
            row = next
        }
        return row[y.count] <= 1
    }

    /// What `@ID` of a kind links to: the page's slug, the anchor and the text shown.
    private func target(_ kind: CrossReference, _ id: String, figures: [String: FigureEntry])
        -> (slug: String, anchor: String, label: String)? {
        switch kind {
        case .figure:
            return figures[String(id.dropFirst(4))].map { ($0.slug, $0.anchor, $0.label) }
        case .equation:
            return renderer.equations[id].map { ($0.slug, $0.label, renderer.ui("Equation (%@)", $0.numberText)) }
        case .exercise:
            return renderer.exercises[id].map { ($0.slug, $0.id, renderer.ui("Exercise %@", "\($0.chapterNumber).\($0.number)")) }
        }
    }

    /// The error for `@fig-…`, `@eq-…` or `@ex-…` that names nothing, at the reference's line and column.
    private func unknownReference(_ kind: CrossReference, _ id: String) -> Diagnostic {
        let found = chapter.locate("@" + id)
        let known: [String]
        switch kind {
        case .figure: known = renderer.figures.values.flatMap { $0.map(\.anchor) }
        case .equation: known = Array(renderer.equations.keys)
        case .exercise: known = Array(renderer.exercises.keys)
        }
        let list = known.sorted().prefix(12).map { "@" + $0 }.joined(separator: ", ")
        return Diagnostic(file: chapter.displayPath, line: found?.0, column: found?.1,
                          "unknown \(kind.noun) reference '@\(id)': \(kind.declaration)"
                          + (list.isEmpty ? "" : " (known: \(list))"),
                          notes: found.map { [Chapter.quotedLine(chapter.text, $0.0, column: $0.1)] } ?? [], step: .site)
    }

    /// The error for `[@problem_id:ID]` with no block declaring it, at the reference's line and column.
    private func unknownProblem(_ id: String) -> Diagnostic {
        let needle = PageRenderer.problemPrefix
        var line = 1
        var found: (Int, Int)?
        search: for text in chapter.text.lineSplit() {
            var from = text.startIndex
            while let range = text.range(of: needle, range: from..<text.endIndex) {
                let after = text[range.upperBound...]
                if after.prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces) == id {
                    found = (line, text.distance(from: text.startIndex, to: range.lowerBound) + 1)
                    break search
                }
                from = range.upperBound
            }
            line += 1
        }
        // Written so that the rendered text differs from the source (escapes, entities): the id's first use.
        if found == nil, let at = chapter.text.range(of: id) {
            let offset = chapter.text.utf8.distance(from: chapter.text.startIndex, to: at.lowerBound)
            found = Chapter.lineAndColumn(ofByte: offset, in: chapter.text.utf8)
        }
        let known = renderer.problems.keys.sorted().prefix(12).joined(separator: ", ")
        return Diagnostic(file: chapter.displayPath, line: found?.0, column: found?.1,
                          "unknown problem id '\(id)': no swift-exec block declares problem=\(id)"
                          + (known.isEmpty ? "" : " (declared: \(known))"),
                          notes: found.map { [Chapter.quotedLine(chapter.text, $0.0, column: $0.1)] } ?? [])
    }

    private static func headingLevel(_ tag: Substring) -> Character? {
        guard tag.count >= 3, tag.hasPrefix("<h") else { return nil }
        let level = tag[tag.index(tag.startIndex, offsetBy: 2)]
        guard "123456".contains(level) else { return nil }
        return level
    }

    /// The value of a double-quoted attribute in a start tag (without the closing `>`).
    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        let value = tag[range.upperBound...]
        guard let end = value.firstIndex(of: "\"") else { return nil }
        return String(value[..<end])
    }

    /// HTML text with its escapes undone (for titles collected from headings).
    static func text(_ html: Substring) -> String { HTML.unescape(html) }
}
