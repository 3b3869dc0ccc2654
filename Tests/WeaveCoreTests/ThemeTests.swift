import Foundation
import Testing
@testable import WeaveCore

/// The page layout as a Mustache template and the stylesheet, weave's or the book's own (`theme/`), and
/// every mistake in a template an error or warning at its line and column.
@Suite struct ThemeTests {
    func bookFolder(_ theme: [String: String] = [:]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-theme-\(UUID().uuidString)")
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try "# Alpha\n\n## One\n\nText.\n".write(to: chapters.appendingPathComponent("01-alpha.md"), atomically: true, encoding: .utf8)
        try "# Beta\n".write(to: chapters.appendingPathComponent("02-beta.md"), atomically: true, encoding: .utf8)
        if !theme.isEmpty {
            let folder = root.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in theme { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        return root
    }

    @Test func theDefaultTemplateLaysOutEveryPage() throws {
        let book = try Book.load(root: try bookFolder())
        let renderer = try PageRenderer(book: book, results: [:])
        let page = try renderer.chapterPage(0).html
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), "the template's comment leaves no line behind")
        #expect(page.contains("<title>Alpha — \(book.title)</title>"))
        #expect(page.contains("<li><a href=\"01-alpha.html\" aria-current=\"page\"><span class=\"number\">1.</span> Alpha</a>\n<ol class=\"sections\">\n<li class=\"level2\"><a href=\"#one\">One</a></li>\n</ol></li>"))
        #expect(page.contains("<li><a href=\"02-beta.html\"><span class=\"number\">2.</span> Beta</a></li>"))
        #expect(page.contains("<li><a href=\"report.html\">Build report</a></li>"))
        #expect(page.contains("<main id=\"content\">\n<article>"))
        #expect(renderer.indexPage().contains("<title>\(book.title)</title>"))
    }

    @Test func aBooksThemeReplacesTheTemplateAndTheStylesheet() throws {
        let root = try bookFolder([
            "page.mustache": "<!DOCTYPE html>\n<html lang=\"{{lang}}\"><head><title>{{title}}</title></head><body class=\"mine\">\n<ul>{{#chapters}}<li>{{number}} {{title}}{{#current}} (here){{/current}}</li>{{/chapters}}</ul>\n{{{content}}}\n</body></html>\n",
            "weave.css": "body { color: rebeccapurple; }\n",
        ])
        let book = try Book.load(root: root)
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let warnings = try SiteWriter(book: book, results: [:]).write(into: site, figures: root.appendingPathComponent("figures"))
        #expect(warnings.isEmpty)
        let page = try String(contentsOf: site.appendingPathComponent("02-beta.html"), encoding: .utf8)
        #expect(page.contains("<body class=\"mine\">\n<ul><li>1 Alpha</li><li>2 Beta (here)</li></ul>\n<article>"))
        #expect(try String(contentsOf: site.appendingPathComponent("assets/weave.css"), encoding: .utf8) == "body { color: rebeccapurple; }\n")
    }

    @Test func templateMistakesAreErrorsAtTheirLineAndColumn() throws {
        let cases: [(String, Int, Int, String)] = [
            ("<html>\n{{#chapters}}\n{{title}}\n{{/pages}}\n{{{content}}}\n", 4, 4, "a section is closed with another name than it was opened with"),
            ("<html>\n<body>\n{{#chapters}}{{title}}\n{{{content}}}\n", 5, 1, "a section is never closed"),
            ("<html>{{title}}</html>\n", 1, 1, "never shows the page: it needs {{{content}}}"),
            ("<html>\n  {{content}}\n", 2, 3, "{{content}} would show the page's HTML as text: write {{{content}}}"),
        ]
        for (text, line, column, message) in cases {
            let root = try bookFolder(["page.mustache": text])
            let book = try Book.load(root: root)
            let error = diagnostic { _ = try PageRenderer(book: book, results: [:]) }
            #expect(error?.file == userPath(root.appendingPathComponent("theme/page.mustache")))
            #expect(error?.line == line && error?.column == column, "\(text): \(error.map { "\($0.line ?? 0):\($0.column ?? 0)" } ?? "none")")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
        }
    }

    @Test func anUnknownVariableIsAWarningAtItsTag() throws {
        let root = try bookFolder(["page.mustache": "<html>\n<title>{{titel}}</title>{{! a comment {{x}} }}\n{{{content}}} {{#pages}}{{href}}{{/pages}}\n"])
        let theme = try Theme.load(bookRoot: root)
        #expect(theme.warnings.count == 1)
        #expect(theme.warnings.first?.isWarning == true)
        #expect(theme.warnings.first?.line == 2 && theme.warnings.first?.column == 8)
        #expect(theme.warnings.first?.message.contains("'titel', which weave does not set") == true)
    }

    @Test func weaveThemeWritesTheDefaultsAndRefusesToOverwrite() throws {
        let root = try bookFolder()
        let plain = try PageRenderer(book: try Book.load(root: root), results: [:]).chapterPage(0).html
        let written = try Theme.export(to: root)
        #expect(written.map(\.lastPathComponent) == ["page.mustache", "weave.css"])
        let themed = try PageRenderer(book: try Book.load(root: root), results: [:]).chapterPage(0).html
        #expect(themed == plain, "the exported theme is weave's own")
        #expect(throws: Diagnostic.self) { try Theme.export(to: root) }
    }

    @Test func aThemeEditRebuildsTheSite() throws {
        let root = try bookFolder(["weave.css": "body { color: red; }\n"])
        let builder = BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 60))
        _ = try builder.build()
        #expect(try builder.build().chapters.allSatisfy { $0.disposition == .unchanged })
        try "body { color: blue; }\n".write(to: root.appendingPathComponent("theme/weave.css"), atomically: true, encoding: .utf8)
        #expect(try builder.build().chapters.allSatisfy { $0.disposition != .unchanged })
        #expect(try String(contentsOf: root.appendingPathComponent("site/assets/weave.css"), encoding: .utf8) == "body { color: blue; }\n")
        // The watcher of `weave serve` sees it too.
        let watcher = PreviewWatcher(bookRoot: root)
        let before = watcher.snapshot()
        try "{{{content}}}\n".write(to: root.appendingPathComponent("theme/page.mustache"), atomically: true, encoding: .utf8)
        #expect(PreviewWatcher.changes(from: before, to: watcher.snapshot()).map { ($0 as NSString).lastPathComponent } == ["page.mustache"])
    }
}

/// The page cache: a prose edit re-renders the page it touched and no other; what other pages show of it
/// (a title, a figure's number) re-renders them too.
@Suite struct PageCacheTests {
    @Test func aProseEditRendersOnlyItsPage() throws {
        let book1 = try temporaryBook(["01-a.md": "# Alpha\n\nSee [beta](02-b.md).\n", "02-b.md": "# Beta\n\nText.\n",
                                       "03-c.md": "# Gamma\n\nMore.\n"])
        let site = book1.root.appendingPathComponent("site")
        let cache = PageCache(folder: book1.root.appendingPathComponent(".weave-cache/pages"))
        func build(_ book: Book) throws -> Int {
            try? FileManager.default.removeItem(at: site)
            try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
            let used = SiteWriter.UsedKeys()
            try SiteWriter(book: book, results: [:], pageCache: cache, usedKeys: used).write(into: site, figures: site.appendingPathComponent("none"))
            cache.prune(keeping: used.keys)
            return used.rendered
        }
        #expect(try build(book1) == 3)
        #expect(try build(book1) == 0, "nothing changed: every page from the cache")
        let page = try String(contentsOf: site.appendingPathComponent("02-b.html"), encoding: .utf8)
        #expect(page.contains("<p>Text.</p>"), "a cached page is the page")
        let chapter = book1.chaptersFolder.appendingPathComponent("02-b.md")
        try "# Beta\n\nText, edited.\n".write(to: chapter, atomically: true, encoding: .utf8)
        #expect(try build(try Book.load(root: book1.root)) == 1, "a prose edit: its page only")
        #expect(try String(contentsOf: site.appendingPathComponent("02-b.html"), encoding: .utf8).contains("Text, edited."))
        try "# Beta renamed\n\nText, edited.\n".write(to: chapter, atomically: true, encoding: .utf8)
        #expect(try build(try Book.load(root: book1.root)) == 3, "a title shows in every page's sidebar")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.folder.path).count == 3, "old pages are pruned")
    }
}
