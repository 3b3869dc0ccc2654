import Foundation
import Testing
@testable import WeaveCore

/// `references.bib` as real BibTeX files are written, pandoc citations in chapters, the author–year style,
/// the References sections and the bibliography page; every mistake an error (or warning) at its line.
@Suite struct BibliographyTests {
    func book(_ chapters: [String: String], bib: String? = nil) throws -> Book {
        try temporaryBook(chapters, files: bib.map { ["references.bib": $0] } ?? [:])
    }

    static let bib = #"""
    % A comment line, as in real files.
    @string{ tams = "ACM Transactions on " # {Mathematical Software} }
    @comment{ this {whole} block is ignored }
    @preamble{ "\newcommand{\noop}[1]{}" }

    @Article{goto2008,
      author  = {Goto, Kazushige and van de Geijn, Robert A.},
      title   = {Anatomy of High-Performance Matrix Multiplication},
      journal = tams,
      volume  = 34, number = {3},
      pages   = {12:1--12:25},
      month   = may,
      year    = 2008,
      doi     = {10.1145/1356052.1356053},
    }

    @book(higham2002,
      author = "Nicholas J. Higham",
      title = "Accuracy and Stability of Numerical Algorithms",
      edition = {2},
      publisher = {{SIAM}},
      address = {Philadelphia},
      year = {2002}
    )

    @inproceedings{saxe2014a,
      author = {Saxe, Andrew M. and McClelland, James L. and Ganguli, Surya},
      title = {Exact solutions to the nonlinear dynamics of learning in deep linear neural networks},
      booktitle = {International Conference on Learning Representations ({ICLR})},
      year = {2014},
      eprint = {1312.6120}, archivePrefix = {arXiv}
    }
    @misc{saxe2014b,
      author = {Saxe, Andrew M. and others},
      title = {The second work by the same authors},
      year = {2014},
      url = {https://example.org/a\_b}
    }
    @article{marchenko1967,
      author = {Mar{\v{c}}enko, V. A. and Pastur, L. A.},
      title = {Distribution of eigenvalues for some sets of random matrices},
      journal = {Mathematics of the {USSR}-Sbornik},
      year = {1967}
    }
    @techreport{accents,
      author = {G{\"o}del, Kurt and Erd\H{o}s, P\'{a}l and Fran\c{c}ois, Andr\'e and {\O}rsted, Hans},
      title = {Stra\ss e \& Co.~--- a ``quoted'' \emph{title} with $x^2$},
      institution = {{OpenBLAS Developers}},
      year = {1999}
    }
    """#

    // MARK: BibTeX

    @Test func readsTheBibTeXThatRealFilesContain() throws {
        let file = try BibliographyFile(displayPath: "references.bib", text: Self.bib)
        #expect(file.entries.map(\.key) == ["goto2008", "higham2002", "saxe2014a", "saxe2014b", "marchenko1967", "accents"])
        let goto = try #require(file["goto2008"])
        #expect(goto.type == "article")
        #expect(goto.line == 6)
        #expect(goto["journal"] == "ACM Transactions on Mathematical Software", "@string and # concatenation")
        #expect(goto["month"] == "May", "month macros are predefined")
        #expect(goto["year"] == "2008" && goto["volume"] == "34" && goto["number"] == "3")
        #expect(file["higham2002"]?["publisher"] == "{SIAM}", "(…) entries and quoted values; braces kept until rendering")
        #expect(LaTeXText.plain(file["accents"]!["title"]!) == "Straße & Co.\u{A0}— a “quoted” title with $x^2$")
        #expect(LaTeXText.html(file["accents"]!["title"]!)
                == "Straße &amp; Co.\u{A0}— a “quoted” <em>title</em> with <span class=\"math inline\">x^2</span>")
        let names = BibName.list(file["accents"]!["author"]!).names.map(\.family)
        #expect(names == ["Gödel", "Erdős", "François", "Ørsted"])
        #expect(LaTeXText.plain("12:1--12:25") == "12:1–12:25")
        #expect(LaTeXText.plain(#"{\'\i}d\`{e}a na\"{\i}ve \c c \v{s} \k{a} \aa{}"#) == "ídèa naïve ç š ą å")
    }

    @Test func namesSplitAsBibTeXSplitsThem() {
        let list = BibName.list("Robert A. van de Geijn and Goto, Kazushige and de la Fuente, Jr, José and {World Health Organization} and others")
        #expect(list.others)
        #expect(list.names.map(\.family) == ["van de Geijn", "Goto", "de la Fuente", "World Health Organization"])
        #expect(list.names.map(\.invertedWithInitials)
                == ["van de Geijn, R. A.", "Goto, K.", "de la Fuente, Jr, J.", "World Health Organization"])
        #expect(BibName.parse("Jean-Baptiste Cordonnier").invertedWithInitials == "Cordonnier, J.-B.")
        #expect(BibName.list("Saxe, A.\n  and Ganguli,\tS.").names.map(\.family) == ["Saxe", "Ganguli"], "line breaks inside a list")
    }

    @Test func bibTeXMistakesAreErrorsAtTheirLineAndColumn() {
        let cases: [(String, Int, Int, String)] = [
            ("@article{a,\n  title = {T}\n  year = 2000\n}\n", 3, 3, "expected ',' or '}' after the value of field 'title' in entry 'a' (a missing comma?)"),
            ("@article{a, journal = jacm}\n", 1, 23, "unknown abbreviation 'jacm' in field 'journal'"),
            ("@misc{a, title={A}}\n\n@misc{a, title={B}}\n", 3, 1, "duplicate bibliography key 'a': first defined at line 1"),
            ("@misc{a,\n title = {Never {closed,\n year = 2000}\n\n@misc{b, title={B}}\n", 2, 10, "the value of field 'title' is never closed: a new entry starts at line 5"),
            ("@misc{a,\n title = {T},\n year = 2000\n\n@misc{b, title={B}}\n", 1, 1, "entry 'a' is not closed before the next entry starts at line 5 (a missing '}'?)"),
            ("@misc{a, title={A}\n", 1, 1, "this entry ('a') is never closed"),
            ("@misc{, title={A}}\n", 1, 7, "@misc entry has no key"),
            ("@misc{a, title={A}, title={B}}\n", 1, 21, "field 'title' appears twice in entry 'a'"),
            ("@misc{a, title {A}}\n", 1, 16, "expected '=' after field 'title'"),
            ("@misc{a, title = }\n", 1, 18, "expected a value for field 'title'"),
            ("@ {a}\n", 1, 2, "expected an entry type after '@'"),
        ]
        for (text, line, column, message) in cases {
            let error = diagnostic { _ = try BibliographyFile(displayPath: "references.bib", text: text) }
            #expect(error?.file == "references.bib")
            #expect(error?.line == line && error?.column == column, "\(text): \(error.map { "\($0.line ?? 0):\($0.column ?? 0)" } ?? "none")")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
        }
    }

    @Test func aBadBibFileFailsTheBookAtItsLine() throws {
        let error = diagnostic { _ = try book(["01-a.md": "# A\n"], bib: "@misc{a,\n  title = {T\n") }
        #expect(error?.file?.hasSuffix("references.bib") == true)
        #expect(error?.line == 2)
    }

    // MARK: Citations

    @Test func citationsRenderAuthorYearAndLinkTheChaptersReferences() throws {
        let text = """
        # A

        Deep linear networks [@saxe2014a]; see [see @goto2008, sec. 3; @higham2002, p. 92] and [-@higham2002].
        As @goto2008 shows, and @marchenko1967 [thm. 1] proves. Also [@saxe2014b].

        Mail a@b.org, code `@goto2008`, math $[@goto2008]$, a [plain note], [x@y] and
        [a link @goto2008](https://example.org) stay as written.
        """
        let book = try book(["01-a.md": text], bib: Self.bib)
        let page = try PageRenderer(book: book, results: [:]).chapterPage(0)
        let html = page.html.replacingOccurrences(of: #" title="[^"]*""#, with: "", options: .regularExpression)
        #expect(html.contains(##"Deep linear networks (<a class="citation" id="cite-1" href="#ref-saxe2014a">Saxe et al. 2014a</a>);"##))
        #expect(html.contains(##"see (see <a class="citation" id="cite-2" href="#ref-goto2008">Goto and van de Geijn 2008, sec. 3</a>; <a class="citation" id="cite-3" href="#ref-higham2002">Higham 2002, p. 92</a>) and (<a class="citation" id="cite-4" href="#ref-higham2002">2002</a>)."##))
        #expect(html.contains(##"As <a class="citation" id="cite-5" href="#ref-goto2008">Goto and van de Geijn (2008)</a> shows, and <a class="citation" id="cite-6" href="#ref-marchenko1967">Marčenko and Pastur (1967, thm. 1)</a> proves."##))
        #expect(html.contains(##"(<a class="citation" id="cite-7" href="#ref-saxe2014b">Saxe et al. 2014b</a>)"##), "same label and year: 2014a, 2014b by title")
        #expect(html.contains("<code>@goto2008</code>") && html.contains(#"<span class="math inline">[@goto2008]</span>"#))
        #expect(html.contains("[plain note]") && html.contains(">a@b.org</a>") && html.contains("a link @goto2008</a>"))
        #expect(page.citations.map(\.key) == ["saxe2014a", "goto2008", "higham2002", "higham2002", "goto2008", "marchenko1967", "saxe2014b"])
        // The chapter's References: each cited work once, sorted by author, then year.
        let section = try #require(html.range(of: "<section class=\"references\" id=\"references\">").map { html[$0.lowerBound...] })
        let order = ["ref-goto2008", "ref-higham2002", "ref-marchenko1967", "ref-saxe2014a", "ref-saxe2014b"].map { section.range(of: "id=\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted())
        #expect(!section.contains("ref-accents"), "uncited works are not listed")
        #expect(section.contains(#"<li id="ref-goto2008"><span class="ref-authors">Goto, K. and van de Geijn, R. A.</span> (2008). Anatomy of High-Performance Matrix Multiplication. <em>ACM Transactions on Mathematical Software</em> 34(3), 12:1–12:25. <a href="https://doi.org/10.1145/1356052.1356053">doi:10.1145/1356052.1356053</a>.</li>"#))
        #expect(section.contains(#"<span class="ref-authors">Higham, N. J.</span> (2002). <em>Accuracy and Stability of Numerical Algorithms</em>, 2nd ed. SIAM, Philadelphia."#))
        #expect(section.contains(#"(2014a). Exact solutions to the nonlinear dynamics of learning in deep linear neural networks. In <em>International Conference on Learning Representations (ICLR)</em>. <a href="https://arxiv.org/abs/1312.6120">arXiv:1312.6120</a>."#))
        #expect(section.contains(#"Saxe, A. M., et al.</span> (2014b). The second work by the same authors. <a href="https://example.org/a_b">https://example.org/a_b</a>."#))
        #expect(page.html.contains("<li class=\"level2\"><a href=\"#references\">References</a></li>"), "the outline lists the References")
        #expect(page.html.contains(#"title="Goto, K. and van de Geijn, R. A. (2008). Anatomy of High-Performance Matrix Multiplication""#))
        #expect(page.warnings.isEmpty)
    }

    @Test func anUnknownCitationIsAnErrorAtItsLineAndColumn() throws {
        let book = try book(["01-a.md": "# A\n\nFine [@goto2008].\nThen `[@x]` and [@goto2009, p. 3].\n"], bib: Self.bib)
        let error = diagnostic { _ = try PageRenderer(book: book, results: [:]).chapterPage(0) }
        #expect(error?.file?.hasSuffix("chapters/01-a.md") == true)
        #expect(error?.line == 4 && error?.column == 18)
        #expect(error?.message == "unknown citation '@goto2009': \(book.bibliography!.displayPath) has no entry 'goto2009' (did you mean @goto2008?)")

        let bare = try self.book(["01-a.md": "# A\n\nAs shown [@saxe2014].\n"])
        let missing = diagnostic { _ = try PageRenderer(book: bare, results: [:]).chapterPage(0) }
        #expect(missing?.line == 3 && missing?.column == 11)
        #expect(missing?.message.contains("the book has no references.bib") == true)
    }

    @Test func anInTextAtWordThatNamesNoEntryIsAWarningAndStaysText() throws {
        let book = try book(["01-a.md": "# A\n\nIn code `@MainActor`, in prose @MainActor.\n"], bib: Self.bib)
        let page = try PageRenderer(book: book, results: [:]).chapterPage(0)
        #expect(page.html.contains("in prose @MainActor."))
        #expect(page.warnings.count == 1)
        #expect(page.warnings.first?.isWarning == true)
        #expect(page.warnings.first?.line == 3 && page.warnings.first?.column == 32, "the prose use, not the one in backticks")
    }

    @Test func theBibliographyPageListsCitedWorksWithBackLinksAndWarnsOfUncitedOnes() throws {
        let book = try book(["01-a.md": "# A\n\n## Start\n\n[@goto2008]\n", "02-b.md": "# B\n\n@goto2008 and [@higham2002].\n"],
                            bib: Self.bib)
        let renderer = try PageRenderer(book: book, results: [:])
        let uses = try (0..<2).flatMap { try renderer.chapterPage($0).citations }
        let article = renderer.citationStyle.article(uses: uses, book: book)
        #expect(article.contains("2 works cited"))
        #expect(article.contains(#"<p class="cited-in">Cited in <a href="01-a.html#cite-1">1. A › Start</a>; <a href="02-b.html#cite-1">2. B</a>.</p>"#))
        let warnings = renderer.citationStyle.warnings(uses: uses)
        #expect(warnings.map(\.message).allSatisfy { $0.contains("is never cited") })
        #expect(warnings.map(\.line) == [26, 33, 39, 45], "saxe2014a, saxe2014b, marchenko1967, accents at their lines")
        #expect(renderer.indexPage().contains("<a href=\"bibliography.html\">the bibliography</a>"))
        #expect(try renderer.chapterPage(0).html.contains("<a href=\"bibliography.html\">Bibliography</a>"))
    }

    @Test func citationGroupsFollowPandocSyntax() {
        #expect(CitationItem.group("@a") == [CitationItem(prefix: "", key: "a", suppressAuthor: false, locator: "")])
        #expect(CitationItem.group("see @a:b-c, pp. 33--35; also -@d") == [
            CitationItem(prefix: "see", key: "a:b-c", suppressAuthor: false, locator: "pp. 33--35"),
            CitationItem(prefix: "also", key: "d", suppressAuthor: true, locator: ""),
        ])
        #expect(CitationItem.group("a note") == nil)
        #expect(CitationItem.group("x@y") == nil, "an address is no citation")
        #expect(CitationItem.group("@a; no key") == nil, "every item names a key")
        #expect(CitationItem.group("@problem_id:12") == nil && CitationItem.group("@fig-x") == nil)
        #expect(CitationItem.key(in: Array("saxe2014.")) == "saxe2014")
        #expect(CitationItem.key(in: Array("a.b.")) == "a.b")
    }
}
