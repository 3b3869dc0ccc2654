import Foundation

/// The book's glossary, gathered from every `[term](@article_id:N)` link: one entry per id, titled with the
/// term's first spelling (other spellings noted), linking back to every place the term is used.
struct Glossary {
    struct Entry {
        var id: String
        /// Distinct spellings, in order of first use.
        var spellings: [String]
        var uses: [TermUse]
        /// The author's definition, from `glossary.md`.
        var definition: GlossaryDefinition?
        var title: String { definition?.term ?? spellings.first ?? id }
    }

    /// Entries sorted by title (case-insensitive), then id.
    private(set) var entries: [Entry] = []

    /// The anchor of a term's entry on the glossary page.
    static func anchor(_ id: String) -> String { "term-\(HTML.slug(id))" }

    /// - Parameter file: the author's `glossary.md`: its definitions are shown, used or not.
    init(uses: [TermUse], file: GlossaryFile? = nil) {
        var byID: [String: Entry] = [:]
        var order: [String] = []
        for definition in file?.definitions ?? [] {
            byID[definition.id] = Entry(id: definition.id, spellings: [], uses: [], definition: definition)
            order.append(definition.id)
        }
        for use in uses {
            let spelling = use.spelling.trimmingCharacters(in: .whitespacesAndNewlines)
            if byID[use.id] == nil {
                byID[use.id] = Entry(id: use.id, spellings: [], uses: [])
                order.append(use.id)
            }
            if !byID[use.id]!.spellings.contains(where: { $0.caseInsensitiveCompare(spelling) == .orderedSame }) {
                byID[use.id]!.spellings.append(spelling)
            }
            byID[use.id]!.uses.append(use)
        }
        entries = order.compactMap { byID[$0] }.sorted {
            let order = $0.title.localizedCaseInsensitiveCompare($1.title)
            return order == .orderedSame ? $0.id < $1.id : order == .orderedAscending
        }
    }

    /// What the glossary warns about: terms the book links but `glossary.md` does not define (each at its first
    /// use), and definitions no chapter links. Without a `glossary.md`, one warning for all undefined terms.
    func warnings(book: Book) -> [Diagnostic] {
        let undefined = entries.filter { $0.definition == nil }
        guard let file = book.glossary else {
            guard !undefined.isEmpty else { return [] }
            return [Diagnostic("\(undefined.count) glossary term\(undefined.count == 1 ? " has" : "s have") no definition: "
                               + "write them in \(GlossaryFile.fileName) beside chapters/ (## Term {#id}, then the definition)",
                               step: .site).asWarning()]
        }
        var warnings: [Diagnostic] = []
        for entry in undefined {
            guard let use = entry.uses.first else { continue }
            let chapter = book.chapters[use.chapterIndex]
            let found = chapter.locate("](\(PageRenderer.termURLPrefix)\(entry.id))")
            warnings.append(Diagnostic(file: chapter.displayPath, line: found?.0, column: found?.1,
                                       "glossary term '\(entry.id)' (\(entry.title)) has no definition in \(file.displayPath)",
                                       notes: found.map { [Chapter.quotedLine(chapter.text, $0.0, column: $0.1)] } ?? [],
                                       step: .site).asWarning())
        }
        for entry in entries where entry.uses.isEmpty {
            guard let definition = entry.definition else { continue }
            warnings.append(Diagnostic(file: file.displayPath, line: definition.line, column: 1,
                                       "glossary term '\(definition.id)' is defined but no chapter links it ([\(definition.term)](\(PageRenderer.termURLPrefix)\(definition.id)))",
                                       step: .site).asWarning())
        }
        return warnings
    }

    /// The page's `<article>`.
    func article(book: Book, ui: Interface = Interface(language: "en")) throws -> String {
        var html = "<article>\n<h1>\(ui("Glossary"))</h1>\n"
        if entries.isEmpty {
            html += "<p>This book marks no glossary terms. Mark one with <code>[term](@article_id:N)</code>.</p>\n"
        } else {
            let lede = ui.isEnglish ? "\(entries.count) term\(entries.count == 1 ? "" : "s"), each with the places the book uses it."
                : ui("%@ terms, each with the places the book uses it.", "\(entries.count)")
            html += "<p class=\"lede\">\(lede)</p>\n<dl class=\"glossary\">\n"
        }
        for entry in entries {
            html += "<dt id=\"\(Self.anchor(entry.id))\">\(HTML.escape(entry.title))"
            html += " <a class=\"anchor\" href=\"#\(Self.anchor(entry.id))\" aria-label=\"\(ui("Link to this term"))\">#</a></dt>\n<dd>\n"
            if let definition = entry.definition, let file = book.glossary {
                html += "<div class=\"definition\">\n\(try file.html(definition))</div>\n"
            }
            if entry.spellings.count > 1 {
                html += "<p class=\"spellings\">\(ui("Also written: %@.", entry.spellings.dropFirst().map { "<em>\(HTML.escape($0))</em>" }.joined(separator: ui(", "))))</p>\n"
            }
            if entry.uses.isEmpty {
                html += "<p class=\"spellings\">\(ui("No chapter links this term yet."))</p>\n</dd>\n"
                continue
            }
            html += "<ul class=\"uses\">\n"
            // One line per place (chapter and section); further uses in the same place are numbered links.
            var groups: [[TermUse]] = []
            for use in entry.uses {
                if let last = groups.last?.last, last.page == use.page, last.sectionTitle == use.sectionTitle {
                    groups[groups.count - 1].append(use)
                } else {
                    groups.append([use])
                }
            }
            for group in groups {
                let first = group[0]
                let chapter = book.chapters[first.chapterIndex]
                var place = "\(first.chapterIndex + 1). \(PageRenderer.plainTitle(chapter.title))"
                if let section = first.sectionTitle, !section.isEmpty { place += " › \(PageRenderer.plainTitle(section))" }
                html += "<li><a href=\"\(first.page)#\(first.anchor)\">\(HTML.escape(place))</a>"
                for (number, use) in group.enumerated().dropFirst() {
                    html += " <a class=\"again\" href=\"\(use.page)#\(use.anchor)\" aria-label=\"use \(number + 1) in this section\">\(number + 1)</a>"
                }
                html += "</li>\n"
            }
            html += "</ul>\n</dd>\n"
        }
        if !entries.isEmpty { html += "</dl>\n" }
        return html + "</article>"
    }
}
