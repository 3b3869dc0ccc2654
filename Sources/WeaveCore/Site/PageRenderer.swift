import Foundation

/// A figure as the site shows it: numbered per chapter (`Figure 3.2`), with an anchor for references.
struct FigureEntry {
    var chapterNumber: Int
    var number: Int
    var slug: String
    var file: String
    var anchor: String
    var caption: String?
    /// "Figure 3.2", in the edition's language.
    var label = ""
}

/// A block that declares `problem=ID`: the target of `[@problem_id:ID]` references, numbered per chapter
/// (`Experiment 4.2`).
struct ProblemEntry {
    var id: String
    var chapterNumber: Int
    var number: Int
    var slug: String
    var blockIndex: Int
    var line: Int
    /// "Experiment 4.2", in the edition's language.
    var label = ""
    var anchor: String { "problem-\(HTML.slug(id))" }
}

/// A numbered display formula (`$$ … $$ {#eq-name}`): the target of `@eq-name`, numbered per chapter (4.2).
struct EquationEntry {
    var label: String
    var chapterNumber: Int
    var number: Int
    var slug: String
    var line: Int
    var numberText: String { "\(chapterNumber).\(number)" }
}

/// An exercise with an id (`::: {.exercise #ex-name}`): the target of `@ex-name`.
struct ExerciseEntry {
    var id: String
    var chapterNumber: Int
    var number: Int
    var slug: String
    var line: Int
}

/// A chapter's text as the renderer feeds it to cmark-gfm: fenced divs turned into HTML, math into
/// placeholders. Made once per build for every chapter (equation numbers are needed book-wide).
struct PreparedChapter: Sendable {
    var math: MathSpans
    /// Source line of each line of the prepared text (fenced divs insert lines).
    var lineMap: [Int]
}

/// One chapter page, with what the site-wide pages need from it.
struct RenderedChapter: Codable {
    var html: String
    /// The page's `<article>` content alone (for `print.html`).
    var article: String
    var searchDocuments: [SearchDocument]
    var termUses: [TermUse]
    var citations: [CitationUse]
    /// What the page warns about without failing.
    var warnings: [Diagnostic]
}

/// The pages a site has besides its chapters; used to mark the current one in the sidebar.
enum SitePage: Equatable {
    case index, chapter(Int), glossary, bibliography, report, search, print

    /// The page's file in the site (the same in every edition).
    func file(_ book: Book) -> String {
        switch self {
        case .index: "index.html"
        case .chapter(let index): "\(book.chapters[index].slug).html"
        case .glossary: "glossary.html"
        case .bibliography: "bibliography.html"
        case .report: "report.html"
        case .search: "search.html"
        case .print: "print.html"
        }
    }
}

/// One edition of a book as the language switcher shows it.
struct EditionLink: Sendable {
    var language: String
    /// The language's name in that language ("中文").
    var label: String
    /// From the current edition's folder to that edition's (`zh/`, `../`, `` for itself).
    var base: String
    var current: Bool
}

/// Renders chapter pages, the index and the site-wide pages, all sharing one layout.
struct PageRenderer {
    var book: Book
    var results: [String: ChapterResult]
    /// Figures by chapter slug, in order.
    var figures: [String: [FigureEntry]]
    /// Experiments by problem id.
    var problems: [String: ProblemEntry]
    /// Numbered equations by label.
    var equations: [String: EquationEntry] = [:]
    /// Exercises with ids, by id.
    var exercises: [String: ExerciseEntry] = [:]
    /// Each chapter's prepared text, by slug.
    var prepared: [String: PreparedChapter] = [:]
    /// The tooltip of each defined glossary term, by id.
    var termTooltips: [String: String] = [:]
    /// Whether the book uses glossary terms (the sidebar then links the glossary page).
    var hasGlossary = false
    /// Citation labels and references from the book's `references.bib`.
    var citationStyle: CitationStyle
    /// The page layout and stylesheet (the book's `theme/`, or weave's defaults).
    var theme: Theme
    /// The words weave puts on pages, in the book's (or edition's) language.
    var ui: Interface
    /// The editions of the book, for the language switcher (empty for a book with no translations).
    var editions: [EditionLink] = []
    /// Highlighted code from earlier builds (nil: highlight everything).
    var highlights: HighlightCache? = nil

    func highlighted(_ code: String) -> String { highlights?.html(code) ?? SwiftHighlighter.html(code) }
    /// Whether the book has a bibliography (the sidebar then links its page).
    var hasBibliography: Bool { book.bibliography != nil }

    static let problemPrefix = "[@problem_id:"
    static let termURLPrefix = "@article_id:"

    init(book: Book, results: [String: ChapterResult]) throws {
        self.book = book
        self.results = results
        citationStyle = CitationStyle(file: book.bibliography)
        ui = Interface(language: book.language)
        theme = try Theme.load(bookRoot: book.root)
        var figures: [String: [FigureEntry]] = [:]
        var problems: [String: ProblemEntry] = [:]
        for (chapterIndex, chapter) in book.chapters.enumerated() {
            var entries: [FigureEntry] = []
            var experiments = 0
            for block in chapter.execBlocks {
                for file in results[chapter.slug]?.blocks[safe: block.index]?.figures ?? [] {
                    let stem = (file as NSString).deletingPathExtension
                    entries.append(FigureEntry(
                        chapterNumber: chapterIndex + 1, number: entries.count + 1, slug: chapter.slug, file: file,
                        anchor: "fig-\(stem)",
                        caption: stem == block.options.figureID ? block.options.caption : nil,
                        label: ui("Figure %@", "\(chapterIndex + 1).\(entries.count + 1)")))
                }
                if let id = block.options.problemID {
                    if let earlier = problems[id] {
                        let other = book.chapters.first { $0.slug == earlier.slug }?.displayPath ?? earlier.slug
                        throw Diagnostic(file: chapter.displayPath, line: block.line,
                                         "problem id '\(id)' is already declared at \(other):\(earlier.line)")
                    }
                    experiments += 1
                    problems[id] = ProblemEntry(id: id, chapterNumber: chapterIndex + 1, number: experiments,
                                                slug: chapter.slug, blockIndex: block.index, line: block.line,
                                                label: ui("Experiment %@", "\(chapterIndex + 1).\(experiments)"))
                }
            }
            figures[chapter.slug] = entries
        }
        self.figures = figures
        self.problems = problems
        hasGlossary = book.chapters.contains { $0.text.contains("](\(Self.termURLPrefix)") } || book.glossary != nil

        for definition in book.glossary?.definitions ?? [] {
            termTooltips[definition.id] = GlossaryFile.tooltip(definition)
        }

        var problemsFound: [Diagnostic] = []
        for (chapterIndex, chapter) in book.chapters.enumerated() {
            let divs = FencedDivs.htmlText(chapter.text, divs: chapter.divs, chapterNumber: chapterIndex + 1, ui: ui)
            let sourceCodeLines = chapter.codeLines  // computed: once, not once per line
            let codeLines = Set(divs.lineMap.indices.filter { sourceCodeLines.contains(divs.lineMap[$0]) }.map { $0 + 1 })
            do {
                let math = try MathSpans(divs.text, codeLines: codeLines) { line, message in
                    Diagnostic(file: chapter.displayPath, line: divs.lineMap[safe: line - 1] ?? line, message, step: .site)
                }
                prepared[chapter.slug] = PreparedChapter(math: math, lineMap: divs.lineMap)
                var number = 0
                for span in math.spans {
                    guard let label = span.label else { continue }
                    let line = divs.lineMap[safe: span.labelLine - 1] ?? span.labelLine
                    if let earlier = equations[label] {
                        let other = book.chapters.first { $0.slug == earlier.slug }?.displayPath ?? earlier.slug
                        problemsFound.append(Diagnostic(file: chapter.displayPath, line: line,
                                                        "equation label '\(label)' is already used at \(other):\(earlier.line)",
                                                        notes: [Chapter.quotedLine(chapter.text, line)], step: .site))
                        continue
                    }
                    number += 1
                    equations[label] = EquationEntry(label: label, chapterNumber: chapterIndex + 1, number: number,
                                                     slug: chapter.slug, line: line)
                }
            } catch let diagnostic as Diagnostic {
                problemsFound.append(diagnostic)
            }
            for exercise in chapter.exercises {
                guard let id = exercise.id else { continue }
                if let earlier = exercises[id] {
                    let other = book.chapters.first { $0.slug == earlier.slug }?.displayPath ?? earlier.slug
                    problemsFound.append(Diagnostic(file: chapter.displayPath, line: exercise.line,
                                                    "exercise id '\(id)' is already used at \(other):\(earlier.line)",
                                                    notes: [Chapter.quotedLine(chapter.text, exercise.line)], step: .site))
                    continue
                }
                exercises[id] = ExerciseEntry(id: id, chapterNumber: chapterIndex + 1, number: exercise.number ?? 0,
                                              slug: chapter.slug, line: exercise.line)
            }
        }
        if problemsFound.count == 1 { throw problemsFound[0] }
        if !problemsFound.isEmpty { throw DiagnosticList(problemsFound) }
    }

    /// Everything a chapter page shows of the rest of the book: when it is unchanged, a page whose own text
    /// and results are unchanged renders as before (`PageCache`).
    var contextSignature: String {
        var parts = [book.title, book.language, book.editionName ?? "", "\(hasGlossary)", theme.templateText,
                     book.bibliography?.text ?? ""]
        parts += book.chapters.map { "\($0.slug)\u{2}\($0.title)" }
        parts += figures.keys.sorted().flatMap { slug in
            figures[slug]!.map { "\($0.slug) \($0.file) \($0.anchor) \($0.label) \($0.caption ?? "")" }
        }
        parts += problems.keys.sorted().map { let p = problems[$0]!; return "\(p.id) \(p.slug) \(p.label)" }
        parts += equations.keys.sorted().map { let e = equations[$0]!; return "\(e.label) \(e.slug) \(e.numberText)" }
        parts += exercises.keys.sorted().map { let e = exercises[$0]!; return "\(e.id) \(e.slug) \(e.chapterNumber).\(e.number)" }
        parts += termTooltips.keys.sorted().map { "\($0)\u{2}\(termTooltips[$0]!)" }
        parts += editions.map { "\($0.language) \($0.base) \($0.current)" }
        return SHA256.hex(of: parts.joined(separator: "\u{1F}"))
    }

    // MARK: Pages

    func chapterPage(_ index: Int) throws -> RenderedChapter {
        let chapter = book.chapters[index]
        let result = results[chapter.slug]
        guard let math = prepared[chapter.slug]?.math else { preconditionFailure("chapter \(chapter.slug) was not prepared") }
        let document = MarkdownDocument(math.text)
        let termLinks = document.links.filter { $0.url.hasPrefix(Self.termURLPrefix) }
        let execByCodeIndex = Dictionary(uniqueKeysWithValues: chapter.execBlocks.map { ($0.codeBlockIndex, $0) })
        var usedAnchors: [String: Int] = [:]
        var sections: [(level: Int, text: String, anchor: String)] = []
        let body = document.render(
            codeBlock: { codeIndex, block in
                if let exec = execByCodeIndex[codeIndex] {
                    return cell(chapter: chapter, block: exec, result: result?.blocks[safe: exec.index])
                }
                return codeListing(block)
            },
            heading: { headingIndex, heading, inner in
                let named = chapter.sourceHeadings?[safe: headingIndex].map { $0.text } ?? heading.text
                var anchor = HTML.slug(math.plain(named))
                if let count = usedAnchors[anchor] {
                    usedAnchors[anchor] = count + 1
                    anchor += "-\(count + 1)"
                } else {
                    usedAnchors[anchor] = 1
                }
                if heading.level == 2 || heading.level == 3 { sections.append((heading.level, heading.text, anchor)) }
                return "<h\(heading.level) id=\"\(anchor)\">\(inner) <a class=\"anchor\" href=\"#\(anchor)\" aria-label=\"\(ui("Link to this section"))\">#</a></h\(heading.level)>"
            },
            linkURL: Self.rewriteChapterLink)
        var article = math.restore(in: body, equationNumbers: equations.mapValues(\.numberText))
        var references = ReferenceLinker(renderer: self, chapter: chapter, chapterIndex: index, termLinks: termLinks)
        article = try references.link(article)
        if article.contains(TranslationUnits.untranslatedMark) {
            // A paragraph or list item shown in the source language says so, in its own `lang`.
            let note = HTML.escape(ui("Not yet translated: shown in English"))
            for tag in ["p", "li"] {
                article = article.replacingOccurrences(of: "<\(tag)>\(TranslationUnits.untranslatedMark)",
                                                       with: "<\(tag) class=\"untranslated\" lang=\"en\" title=\"\(note)\">")
            }
            article = article.replacingOccurrences(of: TranslationUnits.untranslatedMark,
                                                   with: "<span class=\"untranslated\" lang=\"en\" title=\"\(note)\"></span>")
        }
        var outline = sections.map { section in
            "<li class=\"level\(section.level)\"><a href=\"#\(section.anchor)\">\(HTML.escape(math.plain(section.text)))</a></li>"
        }.joined(separator: "\n")
        // The works this chapter cites, where its citations link.
        if !references.citations.isEmpty {
            let anchor = usedAnchors["references"] == nil ? "references" : "references-cited"
            article += "\n<section class=\"references\" id=\"\(anchor)\">\n<h2>\(ui("References")) <a class=\"anchor\" href=\"#\(anchor)\" aria-label=\"\(ui("Link to this section"))\">#</a></h2>\n"
            article += citationStyle.list(references.citations.map(\.key)) + "</section>"
            outline += (outline.isEmpty ? "" : "\n") + "<li class=\"level2\"><a href=\"#\(anchor)\">\(ui("References"))</a></li>"
        }
        var pager = "<nav class=\"pager\" aria-label=\"\(ui("Previous and next chapter"))\">"
        if index > 0 {
            let previous = book.chapters[index - 1]
            pager += "<a class=\"prev\" rel=\"prev\" href=\"\(previous.slug).html\"><span>\(ui("← Previous"))</span>\(HTML.escape(Self.plainTitle(previous.title)))</a>"
        } else {
            pager += "<a class=\"prev\" rel=\"prev\" href=\"index.html\"><span>\(ui("← Previous"))</span>\(ui("Contents"))</a>"
        }
        if index + 1 < book.chapters.count {
            let next = book.chapters[index + 1]
            pager += "<a class=\"next\" rel=\"next\" href=\"\(next.slug).html\"><span>\(ui("Next →"))</span>\(HTML.escape(Self.plainTitle(next.title)))</a>"
        }
        pager += "</nav>"
        let html = layout(title: chapter.title, page: .chapter(index), outline: outline,
                          main: "<article>\n\(article)\n</article>\n\(pager)")
        let documents = SearchIndex.documents(
            page: "\(chapter.slug).html", chapter: "\(index + 1). \(Self.plainTitle(chapter.title))", article: article)
        return RenderedChapter(html: html, article: article, searchDocuments: documents, termUses: references.uses,
                               citations: references.citations, warnings: references.warnings)
    }

    func indexPage() -> String {
        var items = ""
        for chapter in book.chapters {
            let sections = chapter.headings.filter { $0.level == 2 }.map { HTML.escape(Self.plainTitle($0.text)) }
            items += "<li><a href=\"\(chapter.slug).html\">\(HTML.escape(Self.plainTitle(chapter.title)))</a>"
            if !sections.isEmpty {
                items += "<p class=\"sections\">\(sections.joined(separator: " · "))</p>"
            }
            items += "</li>\n"
        }
        let blocks = book.chapters.reduce(0) { $0 + $1.execBlocks.count }
        let figureCount = figures.values.reduce(0) { $0 + $1.count }
        var parts = [hasGlossary ? "<a href=\"glossary.html\">\(ui("the glossary"))</a>" : nil,
                     hasBibliography ? "<a href=\"bibliography.html\">\(ui("the bibliography"))</a>" : nil].compactMap { $0 }
        let report = "<a href=\"report.html\">\(ui("the build report: how long each chapter and block took, and what came from the cache"))</a>"
        let extras = parts.isEmpty ? report : parts.joined(separator: ui(", ")) + ui(", and ") + report
        parts = []
        let lede = ui.isEnglish
            ? "Every number and figure in this book was computed by the code shown with it, when the site was built: "
              + "\(book.chapters.count) chapter\(book.chapters.count == 1 ? "" : "s"), \(blocks) code block\(blocks == 1 ? "" : "s") run, "
              + "\(figureCount) figure\(figureCount == 1 ? "" : "s")."
            : ui("Every number and figure in this book was computed by the code shown with it, when the site was built: %@ chapters, %@ code blocks run, %@ figures.",
                 "\(book.chapters.count)", "\(blocks)", "\(figureCount)")
        let main = """
        <article>
        <h1>\(HTML.escape(book.title))</h1>
        <p class="lede">\(lede)</p>
        <h2 id="contents">\(ui("Contents"))</h2>
        <ol class="toc">
        \(items)</ol>
        <p class="extras">\(ui("See also %@.", extras))</p>
        </article>
        """
        return layout(title: book.title, page: .index, outline: "", main: main)
    }

    /// The search page: `search.html?q=words` shows the results (the sidebar's box leads here on Enter).
    func searchPage() -> String {
        let main = """
        <article>
        <h1>\(ui("Search"))</h1>
        <form class="search-page" action="search.html" role="search">
        <input type="search" name="q" id="search-page-input" aria-label="\(ui("Search the book"))" placeholder="\(ui("Search prose, code and outputs"))">
        <button type="submit">\(ui("Search"))</button>
        </form>
        <div id="search-page-results" aria-live="polite"></div>
        <noscript><p>\(ui("Search needs JavaScript."))</p></noscript>
        </article>
        """
        return layout(title: ui("Search"), page: .search, outline: "", main: main)
    }

    /// A whole page: the theme's layout (`page.mustache`) around the page's main HTML.
    func layout(title: String, page: SitePage, outline: String, main: String) -> String {
        let chapters: [[String: Any]] = book.chapters.enumerated().map { index, chapter in
            let isCurrent = page == .chapter(index)
            var entry: [String: Any] = ["number": index + 1, "title": Self.plainTitle(chapter.title),
                                        "href": "\(chapter.slug).html", "current": isCurrent]
            if isCurrent && !outline.isEmpty { entry["outline"] = outline }
            return entry
        }
        var pages: [[String: Any]] = []
        func extra(_ target: SitePage, _ file: String, _ label: String) {
            pages.append(["title": label, "href": file, "current": page == target])
        }
        if hasGlossary { extra(.glossary, "glossary.html", ui("Glossary")) }
        if hasBibliography { extra(.bibliography, "bibliography.html", ui("Bibliography")) }
        extra(.report, "report.html", ui("Build report"))
        extra(.print, "print.html", ui("Whole book (print)"))
        let pageTitle = page == .index ? book.title : "\(Self.plainTitle(title)) — \(book.title)"
        var isChapter = false
        if case .chapter = page { isChapter = true }
        let file = page.file(book)
        let switcher: [[String: Any]] = editions.map {
            ["name": $0.label, "lang": $0.language, "href": $0.base + file, "current": $0.current]
        }
        return theme.render([
            "lang": book.language, "title": pageTitle, "bookTitle": book.title, "root": "",
            "chapters": chapters, "pages": pages, "content": main,
            "isIndex": page == .index, "isChapter": isChapter,
            "editions": switcher, "alternates": switcher.filter { !($0["current"] as? Bool ?? false) },
            "hasEditions": editions.count > 1,
            "ui": [
                "skip": ui("Skip to content"), "themeToggle": ui("Switch between dark and light"),
                "themeTitle": ui("Dark or light"), "menu": ui("Show the chapters"), "search": ui("Search…"),
                "searchLabel": ui("Search the book"), "languages": ui("Languages"),
            ],
        ])
    }

    // MARK: Code

    private func cell(chapter: Chapter, block: ExecBlock, result: BlockResult?) -> String {
        var html = "<div class=\"cell\" id=\"\(chapter.slug)-block-\(block.index + 1)\"\(block.options.problemID.map { " data-problem=\"\(HTML.escape($0))\"" } ?? "")>\n"
        if let id = block.options.problemID, let problem = problems[id] {
            html += "<p class=\"cell-label\" id=\"\(problem.anchor)\"><a href=\"#\(problem.anchor)\">\(problem.label)</a>"
            html += " <span class=\"problem-id\">\(ui("problem %@", HTML.escape(id)))</span></p>\n"
        }
        let code = "<pre class=\"code\"><code class=\"language-swift\">\(highlighted(block.code))</code></pre>"
        if block.options.hideCode {
            html += "<details class=\"hidden-code\"><summary>\(ui("Show code"))</summary>\n\(code)\n</details>\n"
        } else {
            html += code + "\n"
        }
        if let result {
            if !block.options.hideOutput && (!result.output.isEmpty || result.omittedBytes > 0) {
                let kind = result.status == .failedAsExpected ? " expected-failure" : ""
                let utf8 = Array(result.output.utf8)
                let cut = result.omittedBytes > 0 ? min(result.omittedAt ?? utf8.count, utf8.count) : utf8.count
                let head = String(decoding: utf8[..<cut], as: UTF8.self), tail = String(decoding: utf8[cut...], as: UTF8.self)
                html += "<pre class=\"output\(kind)\"><code>\(HTML.escape(head))</code></pre>\n"
                if result.omittedBytes > 0 {
                    html += "<p class=\"output-cut\">\(ui("Output cut: %@ printed here are not shown", Self.formatBytes(result.omittedBytes)))\(tail.isEmpty ? "" : ui("; the end follows")).</p>\n"
                    if !tail.isEmpty { html += "<pre class=\"output\(kind)\"><code>\(HTML.escape(tail))</code></pre>\n" }
                }
            } else if result.status == .failedAsExpected {
                html += "<p class=\"output-cut\">\(ui("This block failed, as expected."))</p>\n"
            }
            for file in result.figures {
                guard let entry = figures[chapter.slug]?.first(where: { $0.file == file }) else { continue }
                let alt = entry.caption ?? entry.label
                html += "<figure id=\"\(entry.anchor)\">\n<img src=\"figures/\(chapter.slug)/\(HTML.escape(file))\" alt=\"\(HTML.escape(alt))\">\n"
                html += "<figcaption><a href=\"#\(entry.anchor)\">\(entry.label)</a>\(entry.caption.map { ": " + HTML.escape($0) } ?? "")</figcaption>\n</figure>\n"
            }
        }
        html += "</div>"
        return html
    }

    private func codeListing(_ block: MarkdownCodeBlock) -> String {
        let language = block.language
        let css = language.isEmpty ? "" : " class=\"language-\(HTML.escape(language))\""
        let body = language == "swift" ? highlighted(block.code) : HTML.escape(block.code)
        return "<pre class=\"code\"><code\(css)>\(body)</code></pre>"
    }

    // MARK: Helpers

    static func rewriteChapterLink(_ url: String) -> String {
        guard !url.contains("://"), !url.hasPrefix("#") else { return url }
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = parts.first, path.hasSuffix(".md") else { return url }
        let file = String(path.dropLast(3)).split(separator: "/").last.map(String.init) ?? ""
        return Slug.page(forFile: file.removingPercentEncoding ?? file) + ".html" + (parts.count > 1 ? "#" + parts[1] : "")
    }

    /// A heading's text without `$` math delimiters, for the sidebar and titles.
    static func plainTitle(_ text: String) -> String { text.replacingOccurrences(of: "$", with: "") }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
        return "\(bytes) bytes"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
