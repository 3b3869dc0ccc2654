import Foundation

/// `print.html`: the whole book on one page, for printing and for `weave pdf` — a title page, a table of
/// contents that links each chapter and section, then every chapter on its own pages, numbered.
/// Chapter pages share anchor names (`#summary`, `#cite-1`, `#fig-x` is unique but `#references` is not), so
/// on this page every id is scoped by its chapter (`04-signals--summary`) and every link to a chapter page
/// or an anchor in one is rewritten to point inside the page.
struct PrintPage {
    var book: Book
    /// Each chapter's `<article>` content, in book order.
    var articles: [String]
    var ui = Interface(language: "en")

    func html() -> String {
        let slugs = Set(book.chapters.map(\.slug))
        var toc = ""
        var body = ""
        for (index, chapter) in book.chapters.enumerated() {
            let article = Self.scope(articles[index], slug: chapter.slug, chapters: slugs)
            let title = HTML.escape(PageRenderer.plainTitle(chapter.title))
            toc += "<li><a href=\"#\(chapter.slug)\"><span class=\"number\">\(index + 1).</span> \(title)</a>"
            let sections = Self.sections(article)
            if !sections.isEmpty {
                toc += "\n<ol>\n" + sections.map { "<li><a href=\"#\($0.id)\">\($0.title)</a></li>" }.joined(separator: "\n") + "\n</ol>"
            }
            toc += "</li>\n"
            body += "<section class=\"print-chapter\" id=\"\(chapter.slug)\">\n<p class=\"chapter-number\">\(ui("Chapter %@", "\(index + 1)"))</p>\n<article>\n\(article)\n</article>\n</section>\n"
        }
        let blocks = book.chapters.reduce(0) { $0 + $1.execBlocks.count }
        let lede = ui.isEnglish
            ? "\(book.chapters.count) chapter\(book.chapters.count == 1 ? "" : "s"); every number and figure computed by the \(blocks) code block\(blocks == 1 ? "" : "s") shown, when this book was built."
            : ui("%@ chapters; every number and figure computed by the %@ code blocks shown, when this book was built.", "\(book.chapters.count)", "\(blocks)")
        return """
        <!DOCTYPE html>
        <html lang="\(book.language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(book.title))</title>
        <script src="assets/theme.js"></script>
        <link rel="stylesheet" href="assets/katex/katex.min.css">
        <link rel="stylesheet" href="assets/weave.css">
        </head>
        <body class="print-book">
        <main id="content">
        <section class="print-title">
        <h1>\(HTML.escape(book.title))</h1>
        <p class="lede">\(lede)</p>
        </section>
        <nav class="print-toc" aria-label="\(ui("Contents"))">
        <h2>\(ui("Contents"))</h2>
        <ol class="toc">
        \(toc)</ol>
        </nav>
        \(body)</main>
        <script src="assets/katex/katex.min.js"></script>
        <script src="assets/weave.js"></script>
        </body>
        </html>

        """
    }

    /// The level-2 headings of a scoped article: their ids and titles (HTML).
    static func sections(_ article: String) -> [(id: String, title: String)] {
        var result: [(String, String)] = []
        var rest = Substring(article)
        while let open = rest.range(of: "<h2 id=\"") {
            let afterID = rest[open.upperBound...]
            guard let idEnd = afterID.firstIndex(of: "\""), let tagEnd = afterID.firstIndex(of: ">") else { break }
            let id = String(afterID[..<idEnd])
            let inner = afterID[afterID.index(after: tagEnd)...]
            guard let close = inner.range(of: "</h2>") else { break }
            var title = String(inner[..<close.lowerBound])
            if let anchor = title.range(of: " <a class=\"anchor\"") { title = String(title[..<anchor.lowerBound]) }
            result.append((id, title))
            rest = inner[close.upperBound...]
        }
        return result
    }

    /// Scopes the ids of one chapter's article by its slug, and turns links to chapter pages into links
    /// inside the print page. Links to the site's other pages (glossary, bibliography) are left as they are.
    static func scope(_ article: String, slug: String, chapters: Set<String>) -> String {
        // On UTF-8 bytes: a book's articles are megabytes, and this runs on every build.
        let bytes = Array(article.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        let prefix = Array("\(slug)--".utf8)
        /// The slug of a chapter page a path names (`04-x.html`, percent-encoded or not), or nil.
        func chapterSlug(_ path: String) -> String? {
            guard path.hasSuffix(".html") else { return nil }
            let name = String(path.dropLast(5))
            let decoded = name.removingPercentEncoding ?? name
            return chapters.contains(decoded) ? decoded : nil
        }
        func endsWith(_ name: String, before index: Int) -> Bool {
            let tail = Array(name.utf8)
            return index >= tail.count && Array(bytes[(index - tail.count)..<index]) == tail
        }
        var index = 0
        var copied = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"") else { index += 1; continue }
            let isID = endsWith(" id", before: index), isHref = endsWith(" href", before: index)
            let start = index + 2
            guard isID || isHref, let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { index += 2; continue }
            out += bytes[copied..<start]
            let value = String(decoding: bytes[start..<end], as: UTF8.self)
            if isID {
                out += prefix
                out += bytes[start..<end]
            } else if value.hasPrefix("#") {
                out += Array("#".utf8) + prefix + bytes[(start + 1)..<end]
            } else if let hash = value.firstIndex(of: "#"), let target = chapterSlug(String(value[..<hash])) {
                out += Array("#\(HTML.escape(target))--\(value[value.index(after: hash)...])".utf8)
            } else if !value.contains("#"), let target = chapterSlug(value) {
                out += Array("#\(HTML.escape(target))".utf8)
            } else {
                out += bytes[start..<end]
            }
            copied = end
            index = end
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }
}
