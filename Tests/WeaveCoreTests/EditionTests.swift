import Foundation
import Testing
@testable import WeaveCore

/// Translated editions: gettext catalogues made and updated by `weave translate`, one run of the code
/// serving every edition, stale and missing translations reported at their lines, untranslated paragraphs
/// falling back to the source language and marked, the language switcher, `lang` and `hreflang`.
@Suite(.serialized) struct EditionTests {
    static let chapter = """
    # Signals

    A [spectral norm](@article_id:1) bounds the stretch, see @eq-bound and @fig-decay.

    $$ \\|Wx\\| \\le \\|W\\|_2 \\|x\\| $$ {#eq-bound}

    - First point, with $x$ in it
      and a second line.
    - Second point.

    | kind | value |
    |---|---:|
    | norm | 2 |

    ::: {.callout-tip title="Try this"}
    Change the seed.
    :::

    ```swift-exec fig=decay caption="Decay by layer"
    import WeaveKit
    let weaveEditionValue = 6 * 7
    print("answer", weaveEditionValue)
    let figure = Figure(width: 200, height: 150)
    figure.axes().plot([1, 2, 3], [3, 2, 1])
    figure.show()
    ```

    ## Summary

    The answer printed above is 42.

    """

    func book(code: Bool = false) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-editions-\(UUID().uuidString)")
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        var text = Self.chapter
        if !code {
            // Without code: the block becomes a plain listing (no figure, so no @fig reference).
            text = text.replacingOccurrences(of: "```swift-exec fig=decay caption=\"Decay by layer\"", with: "```swift")
                .replacingOccurrences(of: " and @fig-decay", with: "")
        }
        try text.write(to: chapters.appendingPathComponent("01-signals.md"), atomically: true, encoding: .utf8)
        try "# Second\n\nBack to [the first](01-signals.md#summary).\n".write(to: chapters.appendingPathComponent("02-second.md"), atomically: true, encoding: .utf8)
        try "# Glossary\n\n## Spectral norm {#1}\n\nThe largest singular value.\n".write(to: root.appendingPathComponent("glossary.md"), atomically: true, encoding: .utf8)
        try #"{"title": "Editions", "translations": {"zh": {"language": "zh-CN", "title": "版本"}}}"#
            .write(to: root.appendingPathComponent("book.json"), atomically: true, encoding: .utf8)
        return root
    }

    /// Fills every empty msgstr of the edition's catalogues with "译：" + the source (references kept),
    /// except entries whose msgid contains `skip`.
    func translateAll(_ root: URL, skip: String? = nil) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("po/zh").path) {
            let url = root.appendingPathComponent("po/zh/\(name)")
            var file = try #require(try POFile.load(url))
            for index in file.entries.indices where file.entries[index].msgstr.isEmpty {
                if let skip, file.entries[index].msgid.contains(skip) { continue }
                let msgid = file.entries[index].msgid
                file.entries[index].msgstr = msgid.hasPrefix("|") ? msgid.replacingOccurrences(of: "kind", with: "种类")
                    : "译：" + msgid.replacingOccurrences(of: "\n", with: " ")
            }
            try Data(file.text().utf8).write(to: url)
        }
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    // MARK: Catalogues

    @Test func weaveTranslateWritesACatalogueOfEveryTranslatableUnit() throws {
        let root = try book()
        let written = try BookTranslations.updateCatalogues(bookRoot: root)
        #expect(written.map(\.lastPathComponent).sorted() == ["01-signals.po", "02-second.po", "glossary.po"])
        let file = try #require(try POFile.load(root.appendingPathComponent("po/zh/01-signals.po")))
        #expect(file.header["Language"] == "zh-CN")
        let ids = file.entries.map { ($0.context.map { "[\($0)] " } ?? "") + $0.msgid }
        #expect(ids == [
            "Signals",
            "A [spectral norm](@article_id:1) bounds the stretch, see @eq-bound.",
            "First point, with $x$ in it\nand a second line.",
            "Second point.",
            "| kind | value |\n|---|---:|\n| norm | 2 |",
            "[title] Try this",
            "Change the seed.",
            "Summary",
            "The answer printed above is 42.",
        ], "prose, list items without their markers, a table whole, the callout title; no code, no formula on its own")
        #expect(file.entries[1].references == ["\(userPath(root.appendingPathComponent("chapters/01-signals.md"))):3"])
        let glossary = try #require(try POFile.load(root.appendingPathComponent("po/zh/glossary.po")))
        #expect(glossary.entries.map(\.msgid) == ["Glossary", "Spectral norm", "The largest singular value."], "a term's {#id} stays out")
        #expect(try BookTranslations.updateCatalogues(bookRoot: root).isEmpty, "a second run changes nothing")
    }

    @Test func anUpdateKeepsTranslationsMarksChangedOnesFuzzyAndKeepsRemovedOnesObsolete() throws {
        let root = try book()
        try BookTranslations.updateCatalogues(bookRoot: root)
        try translateAll(root)
        let chapter = root.appendingPathComponent("chapters/01-signals.md")
        var text = try read(chapter)
        text = text.replacingOccurrences(of: "The answer printed above is 42.", with: "The answer printed above is 42, as asserted.")
            .replacingOccurrences(of: "- Second point.\n", with: "")
        try text.write(to: chapter, atomically: true, encoding: .utf8)
        try BookTranslations.updateCatalogues(bookRoot: root)
        let catalogue = try read(root.appendingPathComponent("po/zh/01-signals.po"))
        #expect(catalogue.contains("#, fuzzy\n#| msgid \"The answer printed above is 42.\"\nmsgid \"The answer printed above is 42, as asserted.\"\nmsgstr \"译：The answer printed above is 42.\""))
        #expect(catalogue.contains("#~ msgid \"Second point.\"\n#~ msgstr \"译：Second point.\""), "a removed paragraph's translation is kept, obsolete")
        #expect(catalogue.contains("msgid \"Signals\"\nmsgstr \"译：Signals\""), "unchanged translations stay")
    }

    @Test func aCatalogueWithWindowsLineEndsReadsTheSame() throws {
        let text = "#: chapters/01-a.md:3\nmsgid \"\"\n\"Two \"\n\"lines\"\nmsgstr \"两行\"\n\n#, fuzzy\nmsgid \"b\"\nmsgstr \"乙\"\n"
        // Read from a file, as the build reads catalogues (line ends normalized like a chapter's).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("weave-crlf-\(UUID().uuidString).po")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(to: file, atomically: true, encoding: .utf8)
        let unix = try POFile(displayPath: "x.po", text: text)
        let windows = try #require(try POFile.load(file))
        #expect(windows.entries == unix.entries && unix.entries.count == 2)
        #expect(unix.entries.first?.msgid == "Two lines" && unix.entries.last?.fuzzy == true)
    }

    @Test func catalogueMistakesAreErrorsAtTheirLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("msgid \"a\"\nmsgstr \"b\n", 2, 8, "this string is never closed"),
            ("msgid \"a\"\n", 1, 1, "this entry has a msgid but no msgstr"),
            ("msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n", 3, 1, "already translated at line 1"),
            ("msgid \"a\"\nmsgstr \"b\" x\n", 2, 11, "text after the closing quote"),
            ("msgid \"a\\q\"\nmsgstr \"\"\n", 1, 9, "unknown escape '\\q'"),
            ("msgid \"a\"\nmsgstr[0] \"b\"\n", 2, 1, "plural forms"),
            ("hello\n", 1, 1, "expected msgctxt, msgid, msgstr"),
            ("msgstr \"b\"\n", 1, 1, "msgstr without a msgid"),
        ]
        for (text, line, column, message) in cases {
            var error: Diagnostic?
            do { _ = try POFile(displayPath: "po/zh/x.po", text: text) } catch let diagnostic as Diagnostic { error = diagnostic } catch {}
            #expect(error?.file == "po/zh/x.po")
            #expect(error?.line == line && error?.column == column, "\(text): \(error.map { "\($0.line ?? 0):\($0.column ?? 0)" } ?? "none")")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
        }
        // Multi-line strings, escapes, context and flags read back as written.
        let file = try? POFile(displayPath: "x.po", text: "#, fuzzy\n#| msgid \"old\"\nmsgctxt \"caption\"\nmsgid \"\"\n\"a \\\"b\\\"\\n\"\n\"c\"\nmsgstr \"甲\"\n")
        #expect(file?.entries == [POEntry(context: "caption", msgid: "a \"b\"\nc", msgstr: "甲", fuzzy: true, previous: "old", line: 4)])
    }

    // MARK: The sites

    @Test func oneRunServesBothEditionsAndEachPageSaysItsLanguage() throws {
        let root = try book(code: true)
        try BookTranslations.updateCatalogues(bookRoot: root)
        try translateAll(root, skip: "Change the seed")
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 120, fresh: true)).build()
        #expect(report.succeeded, "\(report.chapters.compactMap { $0.failure?.diagnostic.description })")
        #expect(report.chapters.count == 2 && report.chapters[0].state == .ran, "each chapter ran once, for both editions")
        let english = try read(root.appendingPathComponent("site/01-signals.html"))
        let chinese = try read(root.appendingPathComponent("site/zh/01-signals.html"))
        #expect(english.contains("<html lang=\"en\">") && chinese.contains("<html lang=\"zh-CN\">"))
        // The code and its output are the source's, in both.
        for page in [english, chinese] { #expect(page.contains("<pre class=\"output\"><code>answer 42\n</code></pre>")) }
        #expect(chinese.contains("<figcaption><a href=\"#fig-decay\">图 1.1</a>: 译：Decay by layer</figcaption>"))
        #expect(chinese.contains("<a class=\"equation-ref\" href=\"#eq-bound\">式 (1.1)</a>"))
        #expect(chinese.contains("<p class=\"callout-title\">译：Try this</p>"))
        #expect(chinese.contains("<p class=\"untranslated\" lang=\"en\" title=\"尚未翻译：以英文显示\">Change the seed.</p>"), "the untranslated paragraph falls back, marked")
        #expect(chinese.contains("<th>种类</th>"), "a table is translated whole, row by row")
        // Anchors are the source's, so links into a section work in every edition.
        #expect(english.contains("<h2 id=\"summary\">") && chinese.contains("<h2 id=\"summary\">译：Summary"))
        #expect(try read(root.appendingPathComponent("site/zh/02-second.html")).contains("href=\"01-signals.html#summary\""))
        // The switcher leads to the same page in the other language, both ways; alternates say the language.
        #expect(english.contains("<a class=\"edition\" href=\"zh/01-signals.html\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a>"))
        #expect(chinese.contains("<a class=\"edition\" href=\"../01-signals.html\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(english.contains("<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"zh/01-signals.html\">"))
        #expect(chinese.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../01-signals.html\">"))
        // weave's own words are translated; the glossary definition too; search is the edition's own.
        #expect(chinese.contains("<title>译：Signals — 版本</title>") && chinese.contains(">术语表</a>") && chinese.contains("下一章 →"))
        #expect(try read(root.appendingPathComponent("site/zh/glossary.html")).contains("译：The largest singular value."))
        // The build report is in the edition's words too: headings, states, reasons, the machine.
        let chineseReport = try read(root.appendingPathComponent("site/zh/report.html"))
        for words in ["<h1>构建报告</h1>", "<th scope=\"col\">章节</th>", "<th scope=\"col\" class=\"num\">编译</th>",
                      ">已运行</span>", "已运行（--fresh（强制重新运行）），耗时", "<h2 id=\"machine\">机器</h2>", "CPU：", "字节", "01-signals.md</a>"] {
            #expect(chineseReport.contains(words), "the Chinese build report says \(words)")
        }
        for english in ["spent on chapters", ">Chapter<", ">State<", "ran (", "Compiler:", ">ok<", " bytes", "zh edition"] {
            #expect(!chineseReport.contains(english), "no English left in the Chinese build report: \(english)")
        }
        #expect(try read(root.appendingPathComponent("site/report.html")).contains("<th scope=\"col\">Chapter</th>"))
        let index = try read(root.appendingPathComponent("site/zh/assets/search-index.js"))
        #expect(index.contains("译：Signals"), "the edition's own search index")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/zh/figures/01-signals/decay.svg").path))
        // What is missing is a warning at the source line; `untranslated` counts it for the strict check.
        #expect(report.untranslated == 1)
        #expect(report.warnings.contains { $0.isWarning && $0.line == 16 && $0.message.hasPrefix("1 of 10 paragraphs have no zh translation") })
    }

    @Test func eachEditionSearchesItsOwnTextInChromium() throws {
        guard let chromium = SiteValidationTests.chromium() else {
            Issue.record("chromium is not installed: run scripts/setup (apt-get install chromium)")
            return
        }
        let root = try book()
        defer { try? FileManager.default.removeItem(at: root) }
        try BookTranslations.updateCatalogues(bookRoot: root)
        try translateAll(root)
        // One paragraph in real Chinese, to search for.
        let url = root.appendingPathComponent("po/zh/01-signals.po")
        var file = try #require(try POFile.load(url))
        let index = try #require(file.entries.firstIndex { $0.msgid == "The answer printed above is 42." })
        file.entries[index].msgstr = "上面打印的答案是四十二。"
        try Data(file.text().utf8).write(to: url)
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 60)).build()
        #expect(report.succeeded)
        func search(_ edition: String, _ query: String) throws -> String {
            let page = root.appendingPathComponent("site/\(edition)search.html").absoluteString
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            let (dom, console) = try SiteValidationTests.dumpDOM(chromium, "\(page)?q=\(encoded)", width: 1280, height: 900)
            #expect(console.isEmpty, "search for \(query) wrote to the console:\n\(console.joined(separator: "\n"))")
            return dom
        }
        // The Chinese edition finds its own text (two characters of it, and three), and links within itself.
        for query in ["四十", "答案是"] {
            let dom = try search("zh/", query)
            #expect(dom.contains("<a href=\"01-signals.html#summary\">"), "zh search for \(query)")
            #expect(dom.contains("<html lang=\"zh-CN\" class=\"js\""), "scripts ran on the Chinese search page")
        }
        // The English edition's index holds only English text.
        #expect(try search("", "四十").contains("data-count=\"0\""))
        #expect(try search("", "answer printed").contains("<a href=\"01-signals.html#summary\">"))
    }

    @Test func aChangedSourceParagraphIsStaleAtItsCatalogueLine() throws {
        let root = try book()
        try BookTranslations.updateCatalogues(bookRoot: root)
        try translateAll(root)
        let chapter = root.appendingPathComponent("chapters/01-signals.md")
        try read(chapter).replacingOccurrences(of: "The answer printed above is 42.", with: "The answer printed above is 42 exactly.")
            .write(to: chapter, atomically: true, encoding: .utf8)
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 60)).build()
        let stale = report.warnings.filter { $0.message.hasPrefix("stale zh translation") }
        let catalogue = try read(root.appendingPathComponent("po/zh/01-signals.po")).split(separator: "\n", omittingEmptySubsequences: false)
        let line = (catalogue.firstIndex { $0 == "msgid \"The answer printed above is 42.\"" } ?? -1) + 1
        #expect(stale.count == 1 && stale.first?.line == line && stale.first?.file?.hasSuffix("po/zh/01-signals.po") == true,
                "\(stale.map(\.description))")
        #expect(stale.first?.message.contains("its source changed since it was translated (") == true)
        #expect(report.untranslated == 1)
        let page = try read(root.appendingPathComponent("site/zh/01-signals.html"))
        #expect(page.contains("<p class=\"untranslated\" lang=\"en\" title=\"尚未翻译：以英文显示\">The answer printed above is 42 exactly.</p>"))
    }

    @Test func aTranslationThatDropsAReferenceIsNotUsed() throws {
        let root = try book()
        try BookTranslations.updateCatalogues(bookRoot: root)
        let url = root.appendingPathComponent("po/zh/01-signals.po")
        var file = try #require(try POFile.load(url))
        let index = try #require(file.entries.firstIndex { $0.msgid.contains("@eq-bound") })
        file.entries[index].msgstr = "谱范数限制了拉伸。"
        try Data(file.text().utf8).write(to: url)
        let reloaded = try #require(try POFile.load(url))
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 60)).build()
        let problem = report.warnings.first { $0.message.contains("this translation drops") }
        #expect(problem?.line == reloaded.entries[index].line && problem?.message.contains("(@article_id:1), @eq-bound") == true,
                "\(report.warnings.map(\.description))")
        #expect(try read(root.appendingPathComponent("site/zh/01-signals.html")).contains("<a class=\"equation-ref\" href=\"#eq-bound\">式 (1.1)</a>"),
                "the source paragraph is shown instead, its reference intact")
    }

    @Test func bookJSONEditionMistakesAreErrors() {
        let cases: [(String, String)] = [
            (#"{"translations": {"zh": {"language": "zh CN"}}}"#, "needs \"language\": a language tag"),
            (#"{"translations": {"zh": {"language": "zh-CN", "titel": "x"}}}"#, "unknown key \"titel\" in the \"zh\" edition"),
            (#"{"translations": {"assets": {"language": "zh-CN"}}}"#, "edition name \"assets\""),
            (#"{"translations": ["zh"]}"#, "\"translations\" must be an object"),
            (#"{"language": 3}"#, "\"language\" must be a language tag"),
        ]
        for (json, message) in cases {
            var error: Diagnostic?
            do { _ = try BookConfig.parse(Data(json.utf8), file: "book.json") } catch let diagnostic as Diagnostic { error = diagnostic } catch {}
            #expect(error?.message.contains(message) == true, "\(json): \(error?.message ?? "no error")")
            #expect(error?.line == 1)
        }
    }

    @Test func referencesWorkRightBesideChineseText() throws {
        let book = try temporaryBook(["01-a.md": "# A\n\n$$ x $$ {#eq-x}\n\n见@eq-x的推导，以及@saxe2014的结果。\n"],
                                     files: ["references.bib": "@misc{saxe2014, author = {Saxe, A.}, title = {T}, year = 2014}\n"])
        let html = try PageRenderer(book: book, results: [:]).chapterPage(0).html
        #expect(html.contains("见<a class=\"equation-ref\" href=\"#eq-x\">Equation (1.1)</a>的推导"))
        #expect(html.contains(">Saxe (2014)</a>的结果"))
    }
}
