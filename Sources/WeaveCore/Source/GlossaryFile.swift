import Foundation

/// One definition from the book's `glossary.md`.
struct GlossaryDefinition: Equatable, Sendable {
    /// The id chapters use in `[term](@article_id:ID)`.
    var id: String
    /// The term as the glossary titles it.
    var term: String
    /// The definition, Markdown (math allowed).
    var markdown: String
    /// 1-based line of the entry's heading.
    var line: Int
}

/// The glossary an author writes: `glossary.md` beside `chapters/`, one level-2 heading per term with its
/// id in braces, the definition below it (Markdown, math allowed), up to the next level-2 heading:
///
///     # Glossary
///
///     ## Spectral norm {#spectral-norm}
///     The largest singular value of a matrix, $\|A\|_2 = \sigma_1(A)$: the most it stretches any vector.
///
/// Anything before the first entry (a title, a sentence) is not part of any definition.
struct GlossaryFile: Sendable {
    var displayPath: String
    var text: String
    var definitions: [GlossaryDefinition]

    static let fileName = "glossary.md"

    /// Reads `glossary.md` in `root`, or returns nil when the book has none.
    static func load(root: URL) throws -> GlossaryFile? {
        guard let (shown, text) = try readAuthorFile(root.appendingPathComponent(fileName), what: "the glossary") else { return nil }
        return try GlossaryFile(displayPath: shown, text: text)
    }

    init(displayPath: String, text: String) throws {
        self.displayPath = displayPath
        self.text = text
        let lines = text.lineSplit()
        let headings = MarkdownDocument(text).headings.filter { $0.level == 2 }
        var definitions: [GlossaryDefinition] = []
        var seen: [String: Int] = [:]
        for (index, heading) in headings.enumerated() {
            let source = String(lines[heading.line - 1]).trimmingCharacters(in: .whitespaces)
            guard source.hasSuffix("}"), let open = source.range(of: "{#", options: .backwards) else {
                throw Diagnostic(file: displayPath, line: heading.line, column: 1,
                                 "a glossary entry needs the id chapters use: ## \(heading.text) {#id}",
                                 notes: [source], step: .read)
            }
            let id = source[open.upperBound...].dropLast().trimmingCharacters(in: .whitespaces)
            let column = source.distance(from: source.startIndex, to: open.lowerBound) + 1
            guard !id.isEmpty, !id.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else {
                throw Diagnostic(file: displayPath, line: heading.line, column: column,
                                 "a glossary entry's id is one word in braces: {#id}", notes: [source], step: .read)
            }
            if let first = seen[id] {
                throw Diagnostic(file: displayPath, line: heading.line, column: column,
                                 "glossary id '\(id)' is already defined at line \(first)", notes: [source], step: .read)
            }
            seen[id] = heading.line
            var term = String(source[..<open.lowerBound]).trimmingCharacters(in: .whitespaces)
            while term.hasPrefix("#") { term.removeFirst() }
            term = term.trimmingCharacters(in: .whitespaces)
            let end = index + 1 < headings.count ? headings[index + 1].line - 1 : lines.count
            let body = heading.line < end ? lines[heading.line..<end].joined(separator: "\n") : ""
            let markdown = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if markdown.isEmpty {
                throw Diagnostic(file: displayPath, line: heading.line, column: 1,
                                 "glossary entry '\(term)' has no definition: write it below the heading",
                                 notes: [source], step: .read)
            }
            definitions.append(GlossaryDefinition(id: id, term: term.isEmpty ? id : term, markdown: markdown,
                                                  line: heading.line))
        }
        self.definitions = definitions
    }

    /// A definition as HTML, its math left for KaTeX as on chapter pages.
    func html(_ definition: GlossaryDefinition) throws -> String {
        let math = try MathSpans(definition.markdown, codeLines: []) { _, message in
            Diagnostic(file: displayPath, line: definition.line, "in the definition of '\(definition.term)': \(message)",
                       step: .read)
        }
        let body = MarkdownDocument(math.text).render(codeBlock: { _, _ in nil }, heading: { _, _, inner in inner },
                                                      linkURL: PageRenderer.rewriteChapterLink)
        return math.restore(in: body)
    }

    /// A definition as one line of plain text (TeX left as written), for a term link's tooltip.
    static func tooltip(_ definition: GlossaryDefinition, limit: Int = 280) -> String {
        let math = try? MathSpans(definition.markdown, codeLines: []) { _, message in Diagnostic(message) }
        let html = MarkdownDocument(math?.text ?? definition.markdown)
            .render(codeBlock: { _, _ in nil }, heading: { _, _, inner in inner }, linkURL: { $0 })
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false; text.append(" ") }
            else if !inTag { text.append(character) }
        }
        text = HTML.unescape(Substring(text)).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: " ,", with: ",")
        text = math?.plain(text) ?? text
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}
