import Foundation
import Testing
@testable import WeaveCore

/// The site's pieces, rendered from small books written on the fly (no code is run: cells render without output).
@Suite struct SiteTests {
    /// A book in a temporary folder with the given chapters (file name → text).
    func book(_ chapters: [String: String]) throws -> Book {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-site-unit-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in chapters { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try Book.load(root: root)
    }

    @Test func highlighterClassifiesSwiftAndKeepsTheText() {
        let source = "let x = \"a<b\" // note\n@MainActor func f(_ n: Int) -> Double { 1.5 }\n"
        let html = SwiftHighlighter.html(source)
        #expect(html.contains("<span class=\"hl-kw\">let</span>"))
        #expect(html.contains("<span class=\"hl-str\">&quot;a&lt;b&quot;</span>") || html.contains("a&lt;b</span>"))
        #expect(html.contains("<span class=\"hl-com\">// note</span>"))
        #expect(html.contains("<span class=\"hl-num\">1.5</span>"))
        #expect(html.contains("<span class=\"hl-ty\">Int</span>"))
        // Removing the spans gives back the escaped source, byte for byte.
        let stripped = html.replacingOccurrences(of: "<span class=\"hl-[a-z]+\">", with: "", options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: "")
        #expect(stripped == HTML.escape(source))
    }

    @Test func highlighterSurvivesBrokenCode() {
        let source = "func (((\n let \"unterminated\n"
        let stripped = SwiftHighlighter.html(source)
            .replacingOccurrences(of: "<span class=\"hl-[a-z]+\">", with: "", options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: "")
        #expect(stripped == HTML.escape(source))
    }

    @Test func unescapeUndoesEscape() {
        for text in ["a < b && c > \"d\" 'e'", "&amp;lt; literal", "no entities", "矩阵 & 乘法", "&unknown; &"] {
            #expect(HTML.unescape(Substring(HTML.escape(text))) == text)
        }
        #expect(HTML.unescape("x &lt;y&gt; &amp;amp;") == "x <y> &amp;")
    }

    @Test func cjkTextIsIndexedAsBigrams() {
        let terms = SearchIndex.terms("矩阵乘法 matrix 值").split(separator: " ").map(String.init)
        #expect(terms == ["矩阵", "阵乘", "乘法", "matrix", "值"])
        #expect(SearchIndex.terms("plain text") == "plain text")
    }

    @Test func searchDocumentsFollowSections() {
        let article = """
        <h1 id="t">Title <a class="anchor" href="#t">#</a></h1><p>intro words</p>
        <h2 id="one">One <a class="anchor" href="#one">#</a></h2><p>alpha &amp; <code>beta</code>gamma</p>
        <pre class="output"><code>printed 42</code></pre>
        <h3 id="two">二</h3><p>矩阵</p>
        """
        let documents = SearchIndex.documents(page: "01-x.html", chapter: "1. Title", article: article)
        #expect(documents.map(\.url) == ["01-x.html#t", "01-x.html#one", "01-x.html#two"])
        #expect(documents[1].title == "1. Title › One")
        #expect(documents[1].text == "alpha & betagamma printed 42")
        #expect(documents[2].terms?.contains("矩阵") == true)
        #expect(documents[1].terms == nil)
    }

    @Test func problemReferencesLinkToTheirBlockAcrossChapters() throws {
        let book = try book([
            "01-a.md": "# A\n\nSee [@problem_id:42] and `[@problem_id:nope]` in code.\n\n```swift-exec problem=42\nprint(1)\n```\n",
            "02-b.md": "# B\n\n## Later\n\nBack to [@problem_id:42].\n\n```swift-exec problem=7\nprint(2)\n```\n\n```swift-exec problem=8\nprint(3)\n```\n",
        ])
        let renderer = try PageRenderer(book: book, results: [:])
        let first = try renderer.chapterPage(0).html
        #expect(first.contains("<a class=\"problem-ref\" href=\"#problem-42\">Experiment 1.1</a>"))
        #expect(first.contains("<p class=\"cell-label\" id=\"problem-42\"><a href=\"#problem-42\">Experiment 1.1</a>"))
        #expect(first.contains("<code>[@problem_id:nope]</code>"))
        let second = try renderer.chapterPage(1).html
        #expect(second.contains("<a class=\"problem-ref\" href=\"01-a.html#problem-42\">Experiment 1.1</a>"))
        #expect(second.contains("id=\"problem-8\"><a href=\"#problem-8\">Experiment 2.2</a>"))
    }

    @Test func unknownProblemIsAnErrorAtTheReference() throws {
        let book = try book(["01-a.md": "# A\n\nText.\n\nMore [@problem_id:123] here.\n"])
        let renderer = try PageRenderer(book: book, results: [:])
        do {
            _ = try renderer.chapterPage(0)
            Issue.record("an unknown problem id must fail the build")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.line == 5)
            #expect(diagnostic.column == 6)
            #expect(diagnostic.headline.hasSuffix("01-a.md:5:6: error: unknown problem id '123': no swift-exec block declares problem=123"))
        }
    }

    @Test func pageNamesAreSafeInEveryContext() throws {
        #expect(Slug.page(forFile: "03 a\"b&c<d'e#f?g%h") == "03-a-b-c-d-e-f-g-h")
        #expect(Slug.page(forFile: "04 矩阵 乘法") == "04-矩阵-乘法")
        #expect(Slug.page(forFile: "01-Größe_ok") == "01-größe-ok")
        #expect(Slug.page(forFile: "%%") == "chapter")
        let book = try book(["03 a\"b&c<d'e#f?g%h.md": "Text, no heading.\n",
                             "04 z.md": "# Z\n\n[back](03%20a%22b%26c%3Cd'e%23f%3Fg%25h.md#top)\n"])
        #expect(book.chapters.map(\.slug) == ["03-a-b-c-d-e-f-g-h", "04-z"])
        #expect(book.chapters[0].title == "03 a\"b&c<d'e#f?g%h", "the file name, not its page name, is the fallback title")
        let renderer = try PageRenderer(book: book, results: [:])
        let html = try renderer.chapterPage(1).html
        #expect(html.contains("<a href=\"03-a-b-c-d-e-f-g-h.html#top\">back</a>"))
        #expect(html.contains("<title>Z — "))
        #expect(html.contains("<a href=\"03-a-b-c-d-e-f-g-h.html\">"), "the sidebar links the odd-named chapter")
        #expect(!html.contains("a\"b") && !html.contains("c<d"), "the file name appears only escaped")
    }

    @Test func chaptersCannotTakeWeavesPagesOrEachOthers() throws {
        for name in ["index", "Search", "report", "glossary", "bibliography"] {
            #expect { try book(["\(name).md": "# X\n"]) } throws: { error in
                let d = error as! Diagnostic
                return d.file?.hasSuffix("chapters/\(name).md") == true && d.message.contains("weave's own") && d.step == .read
            }
        }
        #expect { try book(["01 a b.md": "# A\n", "01-A_B.md": "# B\n"]) } throws: { error in
            let d = error as! Diagnostic
            return d.file?.hasSuffix("chapters/01-A_B.md") == true && d.message.contains("01-a-b.html")
                && d.notes.first?.hasSuffix("chapters/01 a b.md: note: the other chapter") == true
        }
    }

    @Test func duplicateProblemIDIsAnError() throws {
        let book = try book(["01-a.md": "# A\n\n```swift-exec problem=5\nprint(1)\n```\n\n```swift-exec problem=5\nprint(2)\n```\n"])
        #expect(throws: Diagnostic.self) { try PageRenderer(book: book, results: [:]) }
    }

    @Test func glossaryGathersSpellingsAndUses() throws {
        let book = try book([
            "01-a.md": "# A\n\nA [Matrix](@article_id:9) here.\n\n## Second $x$ part\n\nThe [matrix](@article_id:9) and [Jacobians](@article_id:3).\n",
            "02-b.md": "# B\n\nNo terms but [matrices](@article_id:9).\n",
        ])
        let renderer = try PageRenderer(book: book, results: [:])
        #expect(renderer.hasGlossary)
        let first = try renderer.chapterPage(0)
        let second = try renderer.chapterPage(1)
        #expect(first.html.contains("<a class=\"term\" id=\"term-use-9-1\" href=\"glossary.html#term-9\">Matrix</a>"))
        #expect(first.termUses.map(\.sectionTitle) == [nil, "Second x part", "Second x part"])
        let glossary = Glossary(uses: first.termUses + second.termUses)
        #expect(glossary.entries.map(\.title) == ["Jacobians", "Matrix"])
        #expect(glossary.entries[1].spellings == ["Matrix", "matrices"])
        let html = try glossary.article(book: book)
        #expect(html.contains("<dt id=\"term-9\">Matrix"))
        #expect(html.contains("Also written: <em>matrices</em>"))
        #expect(html.contains("<a href=\"01-a.html#term-use-9-2\">1. A › Second x part</a>"))
        #expect(html.contains("<a href=\"02-b.html#term-use-9-1\">2. B</a>"))
    }

    @Test func liveReloadIsInjectedBeforeBodyEnd() {
        let page = LiveReload.inject(into: "<html><body><p>x</p></body></html>")
        #expect(page == "<html><body><p>x</p><script src=\"/__weave/live.js\"></script>\n</body></html>")
        let state = PreviewState()
        #expect(state.statusJSON == "{\"version\": 1, \"error\": null}")
        state.failed("chapters/01.md:3: error: \"bad\"")
        #expect(state.statusJSON == "{\"version\": 2, \"error\": \"chapters\\/01.md:3: error: \\\"bad\\\"\"}")
        state.built()
        #expect(state.status.version == 3 && state.status.error == nil)
    }

    @Test func watcherSeesChapterEdits() throws {
        let book = try book(["01-a.md": "# A\n"])
        let watcher = PreviewWatcher(bookRoot: book.root)
        let before = watcher.snapshot()
        #expect(before.keys.contains { $0.hasSuffix("chapters/01-a.md") })
        try "# A, edited at length\n".write(to: book.chaptersFolder.appendingPathComponent("01-a.md"), atomically: true, encoding: .utf8)
        try "# B\n".write(to: book.chaptersFolder.appendingPathComponent("02-b.md"), atomically: true, encoding: .utf8)
        let changes = PreviewWatcher.changes(from: before, to: watcher.snapshot())
        #expect(changes.count == 2)
        #expect(changes.allSatisfy { $0.hasSuffix(".md") })
        // The glossary and the bibliography are the book's sources too.
        let middle = watcher.snapshot()
        try "## T {#1}\nA term.\n".write(to: book.root.appendingPathComponent("glossary.md"), atomically: true, encoding: .utf8)
        try "@misc{k, title={T}}\n".write(to: book.root.appendingPathComponent("references.bib"), atomically: true, encoding: .utf8)
        #expect(PreviewWatcher.changes(from: middle, to: watcher.snapshot()).map { ($0 as NSString).lastPathComponent }
                == ["glossary.md", "references.bib"])
    }

    @Test func initRefusesAnExistingBook() throws {
        let book = try book(["01-a.md": "# A\n"])
        #expect(throws: Diagnostic.self) { try BookTemplate.create(at: book.root) }
    }
}

/// Highlighted code is kept between builds by its content, and only what a build used is kept.
@Suite struct HighlightCacheTests {
    @Test func highlightedCodeComesBackByContentAndCodeTheBookLostGoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weave-hl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = HighlightCache(folder: folder)
        #expect(first.html("let x = 1") == SwiftHighlighter.html("let x = 1"))
        _ = first.html("let y = 2")
        first.save(keeping: ["let x = 1", "let y = 2", "let z = 3"])
        // A later build reads the stored HTML instead of highlighting again (shown by a doctored entry).
        let file = folder.appendingPathComponent(HighlightCache.fileName)
        var stored = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
        #expect(stored.count == 2)
        stored[SHA256.hex(of: "let x = 1")] = "from the cache"
        try JSONEncoder().encode(stored).write(to: file)
        let second = HighlightCache(folder: folder)
        #expect(second.html("let x = 1") == "from the cache")
        // A build that renders only some pages keeps the rest of the book's code too; code the book no
        // longer has ("let y = 2") goes.
        second.save(keeping: ["let x = 1", "let z = 3"])
        let kept = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
        #expect(Array(kept.keys) == [SHA256.hex(of: "let x = 1")])
        let third = HighlightCache(folder: folder)
        _ = third.html("let z = 3")
        third.save(keeping: ["let x = 1", "let z = 3"])
        let both = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
        #expect(Set(both.keys) == [SHA256.hex(of: "let x = 1"), SHA256.hex(of: "let z = 3")],
                "the entry read but not used by this build is kept while the book has its code")
        // The page cache's pruning (it shares the folder) leaves the file alone, so a build that changed
        // nothing, and so writes nothing, still finds it next time.
        PageCache(folder: folder).prune(keeping: [])
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(HighlightCache(folder: folder).html("let x = 1") == "from the cache")
    }
}
