import Foundation

/// Writes the pages, assets and figures of a built book into a folder: the index, one page per chapter, the
/// glossary, the bibliography, the build report, the whole book on one page (print.html), the search page and its index.
struct SiteWriter {
    var book: Book
    var results: [String: ChapterResult]
    /// How each chapter fared (for the build report page).
    var reports: [ChapterReport] = []
    /// What the chapter programs ran on (for the build report page).
    var machine: BuildMachine? = nil

    /// Returns the warnings (a glossary term without definition…): they do not stop the build.
    @discardableResult
    func write(into site: URL, figures: URL) throws -> [Diagnostic] {
        let renderer = try PageRenderer(book: book, results: results)
        try SiteAssets.write(into: site, stylesheet: renderer.theme.stylesheet)
        func write(_ text: String, _ name: String) throws {
            try Data(text.utf8).write(to: site.appendingPathComponent(name))
        }
        /// One of weave's own pages: its name must be reserved, so no chapter's page can be written over it.
        func writeOwn(_ text: String, _ page: String) throws {
            precondition(Slug.reservedPages.contains(page), "weave writes \(page).html: add it to Slug.reservedPages")
            try write(text, "\(page).html")
        }
        try writeOwn(renderer.indexPage(), "index")
        var documents: [SearchDocument] = []
        var articles: [String] = []
        var uses: [TermUse] = []
        var citations: [CitationUse] = []
        var warnings: [Diagnostic] = renderer.theme.warnings
        var problems: [Diagnostic] = []
        for index in book.chapters.indices {
            do {
                let page = try renderer.chapterPage(index)
                try write(page.html, "\(book.chapters[index].slug).html")
                documents += page.searchDocuments
                articles.append(page.article)
                uses += page.termUses
                citations += page.citations
                warnings += page.warnings
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            }
        }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        if renderer.hasBibliography {
            let style = renderer.citationStyle
            try writeOwn(renderer.layout(title: "Bibliography", page: .bibliography, outline: "",
                                         main: style.article(uses: citations, book: book)), "bibliography")
            warnings += style.warnings(uses: citations)
        }
        if renderer.hasGlossary {
            let glossary = Glossary(uses: uses, file: book.glossary)
            try writeOwn(renderer.layout(title: "Glossary", page: .glossary, outline: "", main: glossary.article(book: book)),
                         "glossary")
            warnings += glossary.warnings(book: book)
        }
        let report = ReportPage(book: book, reports: reports, figures: renderer.figures, machine: machine)
        try writeOwn(renderer.layout(title: "Build report", page: .report, outline: "", main: report.article()), "report")
        try writeOwn(renderer.searchPage(), "search")
        try writeOwn(PrintPage(book: book, articles: articles).html(), "print")
        try write(SearchIndex.script(documents), "assets/search-index.js")

        // The site carries its own copy of the figures, so it can be published on its own.
        let fm = FileManager.default
        let siteFigures = site.appendingPathComponent("figures")
        try fm.createDirectory(at: siteFigures, withIntermediateDirectories: true)
        for chapter in book.chapters {
            let source = figures.appendingPathComponent(chapter.slug)
            guard fm.fileExists(atPath: source.path) else { continue }
            try fm.copyItem(at: source, to: siteFigures.appendingPathComponent(chapter.slug))
        }
        return warnings
    }
}
