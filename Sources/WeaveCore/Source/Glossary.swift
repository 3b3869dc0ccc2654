import Foundation

/// The book's glossary, gathered from every `[term](@article_id:N)` link: one entry per id, titled with the
/// term's first spelling (other spellings noted), linking back to every place the term is used.
struct Glossary {
    struct Entry {
        var id: String
        /// Distinct spellings, in order of first use.
        var spellings: [String]
        var uses: [TermUse]
        var title: String { spellings.first ?? id }
    }

    /// Entries sorted by title (case-insensitive), then id.
    private(set) var entries: [Entry] = []

    /// The anchor of a term's entry on the glossary page.
    static func anchor(_ id: String) -> String { "term-\(HTML.slug(id))" }

    init(uses: [TermUse]) {
        var byID: [String: Entry] = [:]
        var order: [String] = []
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

    /// The page's `<article>`.
    func article(book: Book) -> String {
        var html = "<article>\n<h1>Glossary</h1>\n"
        if entries.isEmpty {
            html += "<p>This book marks no glossary terms. Mark one with <code>[term](@article_id:N)</code>.</p>\n"
        } else {
            html += "<p class=\"lede\">\(entries.count) term\(entries.count == 1 ? "" : "s"), each with the places the book uses it.</p>\n<dl class=\"glossary\">\n"
        }
        for entry in entries {
            html += "<dt id=\"\(Self.anchor(entry.id))\">\(HTML.escape(entry.title))"
            html += " <a class=\"anchor\" href=\"#\(Self.anchor(entry.id))\" aria-label=\"Link to this term\">#</a></dt>\n<dd>\n"
            if entry.spellings.count > 1 {
                html += "<p class=\"spellings\">Also written: \(entry.spellings.dropFirst().map { "<em>\(HTML.escape($0))</em>" }.joined(separator: ", ")).</p>\n"
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
