import Foundation

/// A figure as the site shows it: numbered per chapter (`Figure 3.2`), with an anchor for references.
struct FigureEntry {
    var chapterNumber: Int
    var number: Int
    var slug: String
    var file: String
    var anchor: String
    var caption: String?
    var label: String { "Figure \(chapterNumber).\(number)" }
}

/// Renders chapter pages and the index, all sharing one layout.
struct PageRenderer {
    var book: Book
    var results: [String: ChapterResult]
    /// Figures by chapter slug, in order.
    var figures: [String: [FigureEntry]]

    init(book: Book, results: [String: ChapterResult]) {
        self.book = book
        self.results = results
        var figures: [String: [FigureEntry]] = [:]
        for (chapterIndex, chapter) in book.chapters.enumerated() {
            var entries: [FigureEntry] = []
            for block in chapter.execBlocks {
                for file in results[chapter.slug]?.blocks[safe: block.index]?.figures ?? [] {
                    let stem = (file as NSString).deletingPathExtension
                    entries.append(FigureEntry(
                        chapterNumber: chapterIndex + 1, number: entries.count + 1, slug: chapter.slug, file: file,
                        anchor: "fig-\(stem)",
                        caption: stem == block.options.figureID ? block.options.caption : nil))
                }
            }
            figures[chapter.slug] = entries
        }
        self.figures = figures
    }

    // MARK: Pages

    func chapterPage(_ index: Int) throws -> String {
        let chapter = book.chapters[index]
        let result = results[chapter.slug]
        let math = try MathSpans(chapter.text, codeLines: Self.codeLines(chapter)) { line, message in
            Diagnostic(file: chapter.displayPath, line: line, message)
        }
        let document = MarkdownDocument(math.text)
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
            heading: { _, heading, inner in
                var anchor = HTML.slug(math.plain(heading.text))
                if let count = usedAnchors[anchor] {
                    usedAnchors[anchor] = count + 1
                    anchor += "-\(count + 1)"
                } else {
                    usedAnchors[anchor] = 1
                }
                if heading.level == 2 || heading.level == 3 { sections.append((heading.level, heading.text, anchor)) }
                return "<h\(heading.level) id=\"\(anchor)\">\(inner) <a class=\"anchor\" href=\"#\(anchor)\" aria-label=\"Link to this section\">#</a></h\(heading.level)>"
            },
            linkURL: Self.rewriteChapterLink)
        var article = math.restore(in: body)
        article = linkFigureReferences(in: article)
        let outline = sections.map { section in
            "<li class=\"level\(section.level)\"><a href=\"#\(section.anchor)\">\(HTML.escape(math.plain(section.text)))</a></li>"
        }.joined(separator: "\n")
        var pager = "<nav class=\"pager\" aria-label=\"Chapters\">"
        if index > 0 {
            let previous = book.chapters[index - 1]
            pager += "<a class=\"prev\" rel=\"prev\" href=\"\(previous.slug).html\"><span>Previous</span>\(HTML.escape(previous.title))</a>"
        } else {
            pager += "<a class=\"prev\" rel=\"prev\" href=\"index.html\"><span>Previous</span>Contents</a>"
        }
        if index + 1 < book.chapters.count {
            let next = book.chapters[index + 1]
            pager += "<a class=\"next\" rel=\"next\" href=\"\(next.slug).html\"><span>Next</span>\(HTML.escape(next.title))</a>"
        }
        pager += "</nav>"
        return layout(title: chapter.title, current: index, outline: outline,
                      main: "<article>\n\(article)\n</article>\n\(pager)")
    }

    func indexPage() -> String {
        var items = ""
        for (index, chapter) in book.chapters.enumerated() {
            let sections = chapter.headings.filter { $0.level == 2 }.map { HTML.escape(Self.plainTitle($0.text)) }
            items += "<li><a href=\"\(chapter.slug).html\">\(index + 1). \(HTML.escape(Self.plainTitle(chapter.title)))</a>"
            if !sections.isEmpty {
                items += "<p class=\"sections\">\(sections.joined(separator: " · "))</p>"
            }
            items += "</li>\n"
        }
        let main = """
        <article>
        <h1>\(HTML.escape(book.title))</h1>
        <p class="lede">Every number and figure in this book was computed by the code shown with it, when the site was built.</p>
        <ol class="toc">
        \(items)</ol>
        </article>
        """
        return layout(title: book.title, current: nil, outline: "", main: main)
    }

    private func layout(title: String, current: Int?, outline: String, main: String) -> String {
        var chapters = ""
        for (index, chapter) in book.chapters.enumerated() {
            let isCurrent = index == current
            chapters += "<li><a href=\"\(chapter.slug).html\"\(isCurrent ? " aria-current=\"page\"" : "")>"
            chapters += "<span class=\"number\">\(index + 1).</span> \(HTML.escape(Self.plainTitle(chapter.title)))</a>"
            if isCurrent && !outline.isEmpty { chapters += "\n<ol class=\"sections\">\n\(outline)\n</ol>" }
            chapters += "</li>\n"
        }
        let pageTitle = current == nil ? HTML.escape(book.title)
            : "\(HTML.escape(Self.plainTitle(title))) — \(HTML.escape(book.title))"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(pageTitle)</title>
        <link rel="stylesheet" href="assets/katex/katex.min.css">
        <link rel="stylesheet" href="assets/weave.css">
        </head>
        <body>
        <nav class="sidebar" aria-label="Book">
        <a class="book-title" href="index.html">\(HTML.escape(book.title))</a>
        <ol class="chapters">
        \(chapters)</ol>
        </nav>
        <main>
        \(main)
        </main>
        <script src="assets/katex/katex.min.js"></script>
        <script src="assets/weave.js"></script>
        </body>
        </html>

        """
    }

    // MARK: Code

    private func cell(chapter: Chapter, block: ExecBlock, result: BlockResult?) -> String {
        var html = "<div class=\"cell\" id=\"\(chapter.slug)-block-\(block.index + 1)\"\(block.options.problemID.map { " data-problem=\"\(HTML.escape($0))\"" } ?? "")>\n"
        let code = "<pre class=\"code\"><code class=\"language-swift\">\(HTML.escape(block.code))</code></pre>"
        if block.options.hideCode {
            html += "<details class=\"hidden-code\"><summary>Show code</summary>\n\(code)\n</details>\n"
        } else {
            html += code + "\n"
        }
        if let result {
            if !block.options.hideOutput && (!result.output.isEmpty || result.omittedBytes > 0) {
                let kind = result.status == .failedAsExpected ? " expected-failure" : ""
                html += "<pre class=\"output\(kind)\"><code>\(HTML.escape(result.output))</code></pre>\n"
                if result.omittedBytes > 0 {
                    html += "<p class=\"output-cut\">Output cut: \(Self.formatBytes(result.omittedBytes)) more were printed and are not shown.</p>\n"
                }
            } else if result.status == .failedAsExpected {
                html += "<p class=\"output-cut\">This block failed, as expected.</p>\n"
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
        let language = block.language.isEmpty ? "" : " class=\"language-\(HTML.escape(block.language))\""
        return "<pre class=\"code\"><code\(language)>\(HTML.escape(block.code))</code></pre>"
    }

    // MARK: References

    /// `@fig-ID` in prose becomes a link to the numbered figure, in this chapter or another.
    func linkFigureReferences(in html: String) -> String {
        guard html.contains("@fig-") else { return html }
        var all: [String: FigureEntry] = [:]
        for entries in figures.values { for entry in entries { all[String(entry.anchor.dropFirst(4))] = entry } }
        var result = ""
        var rest = Substring(html)
        var insideCode = 0
        while let at = rest.firstIndex(where: { $0 == "@" || $0 == "<" }) {
            result += rest[..<at]
            if rest[at] == "<" {
                let tagEnd = rest[at...].firstIndex(of: ">") ?? rest.endIndex
                let tag = rest[at..<tagEnd]
                if tag.hasPrefix("<pre") || tag.hasPrefix("<code") { insideCode += 1 }
                if tag.hasPrefix("</pre") || tag.hasPrefix("</code") { insideCode = max(0, insideCode - 1) }
                let end = tagEnd == rest.endIndex ? tagEnd : rest.index(after: tagEnd)
                result += rest[at..<end]
                rest = rest[end...]
                continue
            }
            let after = rest.index(after: at)
            if insideCode == 0, rest[after...].hasPrefix("fig-") {
                let idStart = rest.index(after, offsetBy: 4)
                let idEnd = rest[idStart...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ?? rest.endIndex
                var id = String(rest[idStart..<idEnd])
                while id.hasSuffix("-") { id.removeLast() }
                if let entry = all[id] {
                    result += "<a class=\"figure-ref\" href=\"\(entry.slug).html#\(entry.anchor)\">\(entry.label)</a>"
                    rest = rest[rest.index(idStart, offsetBy: id.count)...]
                    continue
                }
            }
            result += "@"
            rest = rest[after...]
        }
        result += rest
        return result
    }

    // MARK: Helpers

    static func rewriteChapterLink(_ url: String) -> String {
        guard !url.contains("://"), !url.hasPrefix("#") else { return url }
        let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = parts.first, path.hasSuffix(".md") else { return url }
        let page = String(path.dropLast(3)).split(separator: "/").last.map(String.init) ?? ""
        return page + ".html" + (parts.count > 1 ? "#" + parts[1] : "")
    }

    static func codeLines(_ chapter: Chapter) -> Set<Int> {
        var lines = Set<Int>()
        for block in chapter.codeBlocks { lines.formUnion(block.line...max(block.line, block.endLine)) }
        return lines
    }

    /// A heading's text without `$` math delimiters, for the sidebar and titles.
    static func plainTitle(_ text: String) -> String { text.replacingOccurrences(of: "$", with: "") }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
        return "\(bytes) bytes"
    }
}

extension MathSpans {
    /// Heading text as cmark saw it (placeholders) turned back into plain text with the TeX source.
    func plain(_ text: String) -> String {
        var result = text
        for (index, span) in spans.enumerated().reversed() {
            result = result.replacingOccurrences(of: "\(Self.tokenPrefix)\(index)X", with: span.tex)
        }
        return result
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
