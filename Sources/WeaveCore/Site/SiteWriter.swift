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
    /// The editions, for the language switcher (empty for a book without translations).
    var editions: [EditionLink] = []
    /// Rendered pages kept between builds (nil: render every page).
    var pageCache: PageCache? = nil
    /// The page-cache keys this writer used (for pruning the cache).
    final class UsedKeys: @unchecked Sendable {
        var keys = Set<String>()
        /// Chapter pages rendered (not taken from the page cache), for tests and profiles.
        var rendered = 0
    }
    var usedKeys = UsedKeys()
    /// Highlighted code, shared by the editions of one build.
    var highlights: HighlightCache? = nil

    /// Writes the book's site into `site` and each translated edition into `site/<edition>/`, all from the
    /// same results (the code ran once). Returns the warnings (stale and missing translations among them)
    /// and how many translated paragraphs are stale or missing (what `weave check --strict-translations` fails on).
    static func writeAll(book: Book, results: [String: ChapterResult], reports: [ChapterReport], machine: BuildMachine?,
                         into site: URL, figures: URL, pageCache: PageCache? = nil) throws -> (warnings: [Diagnostic], untranslated: Int) {
        let used = UsedKeys()
        let highlights = HighlightCache(folder: pageCache?.folder)
        defer {
            pageCache?.prune(keeping: used.keys)
            highlights.save(keeping: book.chapters.flatMap { $0.codeBlocks.map(\.code) })
        }
        let links = { (current: String?) -> [EditionLink] in
            guard !book.editions.isEmpty else { return [] }
            var all = [EditionLink(language: book.language, label: Interface.name(of: book.language),
                                   base: current == nil ? "" : "../", current: current == nil)]
            for edition in book.editions {
                let base = current == nil ? "\(edition.name)/" : current == edition.name ? "" : "../\(edition.name)/"
                all.append(EditionLink(language: edition.language, label: Interface.name(of: edition.language), base: base,
                                       current: current == edition.name))
            }
            return all
        }
        var warnings = try SiteWriter(book: book, results: results, reports: reports, machine: machine, editions: links(nil),
                                      pageCache: pageCache, usedKeys: used, highlights: highlights)
            .write(into: site, figures: figures)
        var untranslated = 0
        for edition in book.editions {
            let (translated, status) = try Editions.book(book, edition: edition)
            let folder = site.appendingPathComponent(edition.name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            warnings += status.problems + status.stale + status.missing
            untranslated += status.total - status.translated
            warnings += try SiteWriter(book: translated, results: results, reports: reports, machine: machine,
                                       editions: links(edition.name), pageCache: pageCache, usedKeys: used,
                                       highlights: highlights)
                .write(into: folder, figures: figures)
        }
        return (warnings, untranslated)
    }

    /// Returns the warnings (a glossary term without definition…): they do not stop the build.
    @discardableResult
    func write(into site: URL, figures: URL) throws -> [Diagnostic] {
        var clock = ChildProcess.now()
        /// With `WEAVE_PROFILE=1`, how long each part of writing the site took (to standard error).
        func lap(_ what: String) {
            guard ProcessInfo.processInfo.environment["WEAVE_PROFILE"] == "1" else { return }
            FileHandle.standardError.write(Data(String(format: "profile:   %-26@ %7.3f s\n", what as NSString, ChildProcess.now() - clock).utf8))
            clock = ChildProcess.now()
        }
        var renderer = try PageRenderer(book: book, results: results)
        renderer.editions = editions
        renderer.highlights = highlights
        lap("prepare pages")
        try SiteAssets.write(into: site, stylesheet: renderer.theme.stylesheet)
        lap("copy assets")
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
        let context = pageCache == nil ? nil : renderer.contextSignature
        for index in book.chapters.indices {
            do {
                let key = context.map { pageCache?.key(renderer: renderer, context: $0, index: index) } ?? nil
                let page: RenderedChapter
                if let key, let cached = pageCache?.page(key) {
                    page = cached
                } else {
                    page = try renderer.chapterPage(index)
                    usedKeys.rendered += 1
                    if let key { pageCache?.store(page, key) }
                }
                if let key { usedKeys.keys.insert(key) }
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
        lap("chapter pages (\(usedKeys.rendered) rendered)")
        if renderer.hasBibliography {
            let style = renderer.citationStyle
            try writeOwn(renderer.layout(title: "Bibliography", page: .bibliography, outline: "",
                                         main: style.article(uses: citations, book: book, ui: renderer.ui)), "bibliography")
            warnings += style.warnings(uses: citations)
        }
        if renderer.hasGlossary {
            let glossary = Glossary(uses: uses, file: book.glossary)
            try writeOwn(renderer.layout(title: renderer.ui("Glossary"), page: .glossary, outline: "", main: glossary.article(book: book, ui: renderer.ui)),
                         "glossary")
            warnings += glossary.warnings(book: book)
        }
        lap("glossary and bibliography")
        let report = ReportPage(book: book, reports: reports, figures: renderer.figures, machine: machine, ui: renderer.ui)
        try writeOwn(renderer.layout(title: renderer.ui("Build report"), page: .report, outline: "", main: report.article()), "report")
        lap("build report")
        try writeOwn(renderer.searchPage(), "search")
        try writeOwn(PrintPage(book: book, articles: articles, ui: renderer.ui).html(), "print")
        lap("print page")
        try write(SearchIndex.script(documents), "assets/search-index.js")
        lap("search index")

        // The site carries its own copy of the figures, so it can be published on its own.
        let fm = FileManager.default
        let siteFigures = site.appendingPathComponent("figures")
        try fm.createDirectory(at: siteFigures, withIntermediateDirectories: true)
        for chapter in book.chapters {
            let source = figures.appendingPathComponent(chapter.slug)
            guard fm.fileExists(atPath: source.path) else { continue }
            try fm.copyItem(at: source, to: siteFigures.appendingPathComponent(chapter.slug))
        }
        lap("copy figures")
        return warnings
    }
}
