import Foundation
import Testing
@testable import WeaveCore

/// Numbered equations, exercises with folded solutions, callouts, cross-references and glossary definitions,
/// rendered from small books written on the fly (no code is run), and each mistake in them as an error at
/// its file, line and column.
@Suite struct ScholarlyTests {
    /// A book in a temporary folder: chapters (file name → text) and, optionally, a `glossary.md`.
    func book(_ chapters: [String: String], glossary: String? = nil) throws -> Book {
        try temporaryBook(chapters, files: glossary.map { ["glossary.md": $0] } ?? [:])
    }

    // MARK: Equations

    @Test func equationsAreNumberedPerChapterAndLinkAcrossChapters() throws {
        let book = try book([
            "01-a.md": "# A\n\n$$ a = b $$ {#eq-first}\n\nPlain $$ c $$ here.\n\n$$\nx^2\n$$ {#eq-second}\n\nSee @eq-second.\n",
            "02-b.md": "# B\n\n$$ y $$ {#eq-third}\n\nBack to @eq-first and @eq-second, on to @eq-third.\n",
        ])
        let renderer = try PageRenderer(book: book, results: [:])
        #expect(renderer.equations["eq-first"]?.numberText == "1.1")
        #expect(renderer.equations["eq-second"]?.numberText == "1.2")
        #expect(renderer.equations["eq-third"]?.numberText == "2.1")
        let first = try renderer.chapterPage(0).html
        #expect(first.contains("<div class=\"equation\" id=\"eq-second\"><div class=\"math display\">\nx^2\n</div><span class=\"equation-number\"><a href=\"#eq-second\">(1.2)</a></span></div>"))
        #expect(first.contains("<a class=\"equation-ref\" href=\"#eq-second\">Equation (1.2)</a>"))
        #expect(!first.contains("{#eq-"), "the label is not shown as text")
        let second = try renderer.chapterPage(1).html
        #expect(second.contains("<a class=\"equation-ref\" href=\"01-a.html#eq-first\">Equation (1.1)</a>"))
        #expect(second.contains("<a class=\"equation-ref\" href=\"#eq-third\">Equation (2.1)</a>"))
    }

    @Test func unknownReferencesAreErrorsAtTheirLineAndColumn() throws {
        let book = try book(["01-a.md": "# A\n\n$$ a $$ {#eq-known}\n\nText `@eq-code` in code, mail me@eq-x.org, fine.\nThen @eq-missing, oops.\n"])
        let renderer = try PageRenderer(book: book, results: [:])
        let error = diagnostic { _ = try renderer.chapterPage(0) }
        #expect(error?.line == 6)
        #expect(error?.column == 6)
        #expect(error?.message.hasPrefix("unknown equation reference '@eq-missing'") == true)
        #expect(error?.message.contains("(known: @eq-known)") == true)
        #expect(error?.headline.hasSuffix("01-a.md:6:6: error: " + (error?.message ?? "")) == true)

        for (text, kind) in [("See @fig-nothing.", "figure"), ("See @ex-nothing.", "exercise")] {
            let other = try self.book(["01-a.md": "# A\n\n\(text)\n"])
            let error = diagnostic { _ = try PageRenderer(book: other, results: [:]).chapterPage(0) }
            #expect(error?.line == 3 && error?.column == 5, "\(text)")
            #expect(error?.message.hasPrefix("unknown \(kind) reference") == true, "\(text)")
        }
    }

    @Test func duplicateAndMalformedEquationLabelsAreErrors() throws {
        let duplicate = try book(["01-a.md": "# A\n\n$$ a $$ {#eq-x}\n", "02-b.md": "# B\n\nText.\n\n$$ b $$ {#eq-x}\n"])
        let error = diagnostic { _ = try PageRenderer(book: duplicate, results: [:]) }
        #expect(error?.file?.hasSuffix("02-b.md") == true)
        #expect(error?.line == 5)
        #expect(error?.message.contains("equation label 'eq-x' is already used at") == true)
        #expect(error?.message.hasSuffix("01-a.md:3") == true)

        for label in ["{#x}", "{#eq-}", "{#eq-a b}", "{#eq-a"] {
            let bad = try book(["01-a.md": "# A\n\nText.\n$$ a $$ \(label)\n"])
            let error = diagnostic { _ = try PageRenderer(book: bad, results: [:]) }
            #expect(error?.line == 4, "\(label)")
            #expect(error?.message.contains("{#eq-name}") == true, "\(label)")
        }
    }

    // MARK: Exercises and callouts

    @Test func exercisesAreNumberedWithFoldedSolutions() throws {
        let text = """
        # A

        ::: {.exercise #ex-first}
        Show that $a = b$.

        ::: {.solution}
        Because.
        :::
        :::

        ::: {.exercise}
        No solution, no id.
        :::

        See @ex-first.
        """
        let book = try book(["01-a.md": "# Zero\n", "02-a.md": text])
        let renderer = try PageRenderer(book: book, results: [:])
        let html = try renderer.chapterPage(1).html
        #expect(html.contains("<section class=\"exercise\" id=\"ex-first\"><p class=\"exercise-label\"><a href=\"#ex-first\">Exercise 2.1</a></p>"))
        #expect(html.contains("<details class=\"solution\"><summary>Solution</summary>\n<p>Because.</p>\n</details>\n</section>"))
        #expect(html.contains("<section class=\"exercise\" id=\"exercise-2\"><p class=\"exercise-label\"><a href=\"#exercise-2\">Exercise 2.2</a></p>"))
        #expect(html.contains("<span class=\"math inline\">a = b</span>"), "math inside an exercise is still math")
        #expect(html.contains("<a class=\"exercise-ref\" href=\"#ex-first\">Exercise 2.1</a>"))
        #expect(!html.contains(":::"))
    }

    @Test func calloutsRenderWithTheirKindAndTitle() throws {
        let book = try book(["01-a.md": "# A\n\n::: {.callout-tip title=\"Try \\\"this\\\" & that\"}\nA *tip*.\n:::\n\n::: {.callout-note}\nA note.\n:::\n"])
        let html = try PageRenderer(book: book, results: [:]).chapterPage(0).html
        #expect(html.contains("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Try &quot;this&quot; &amp; that</p>\n<p>A <em>tip</em>.</p>\n</div>"))
        #expect(html.contains("<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>\n<p>A note.</p>\n</div>"))
    }

    @Test func fencedDivMistakesAreErrorsAtTheirLine() throws {
        let cases: [(String, Int, String)] = [
            ("# A\n\n::: {.exercise}\nNever closed.\n", 3, "never closed"),
            ("# A\n\nText.\n:::\n", 4, "closing ':::' with no open div"),
            ("# A\n\n::: {.exercise #first}\nx\n:::\n", 3, "starts with 'ex-'"),
            ("# A\n\n::: {.solution}\nx\n:::\n", 3, "a solution belongs directly inside an exercise"),
            ("# A\n\n::: {.exercise}\n::: {.exercise}\nx\n:::\n:::\n", 4, "an exercise inside an exercise"),
            ("# A\n\n::: {.callout-danger}\nx\n:::\n", 3, "unknown callout 'callout-danger' (callouts: callout-note"),
            ("# A\n\n::: {.note title=\"open}\nx\n:::\n", 3, "closing quote"),
        ]
        for (text, line, message) in cases {
            let error = diagnostic { _ = try book(["01-a.md": text]) }
            #expect(error?.line == line, "\(text)")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
            #expect(error?.file?.hasSuffix("chapters/01-a.md") == true)
        }
        // `:::` inside a code block is code, not a fence.
        let fine = try book(["01-a.md": "# A\n\n```\n:::\n```\n"])
        #expect(fine.chapters[0].divs.isEmpty)
    }

    @Test func errorsAfterADivPointAtTheSourceLine() throws {
        // The div's fences become HTML lines; a math error below them must still name its own line.
        let book = try book(["01-a.md": "# A\n\n::: {.callout-note}\nx\n:::\n\nText $$ unclosed\n"])
        let error = diagnostic { _ = try PageRenderer(book: book, results: [:]) }
        #expect(error?.line == 7)
    }

    // MARK: Glossary definitions

    @Test func glossaryDefinitionsShowOnThePageAndAsTooltips() throws {
        let glossary = "# Glossary\n\nIntro.\n\n## Spectral norm {#7}\n\nThe largest singular value, $\\|A\\|_2 = \\sigma_1$.\n\n## Unused {#8}\n\nNobody links this.\n"
        let book = try book(["01-a.md": "# A\n\nThe [norm](@article_id:7) and an\n[undefined one](@article_id:9).\n"], glossary: glossary)
        let renderer = try PageRenderer(book: book, results: [:])
        let page = try renderer.chapterPage(0)
        #expect(page.html.contains("<a class=\"term\" id=\"term-use-7-1\" href=\"glossary.html#term-7\" title=\"The largest singular value, \\|A\\|_2 = \\sigma_1.\">norm</a>"))
        #expect(page.html.contains("<a class=\"term\" id=\"term-use-9-2\" href=\"glossary.html#term-9\">undefined one</a>"))
        let entries = Glossary(uses: page.termUses, file: book.glossary)
        #expect(entries.entries.map(\.title) == ["Spectral norm", "undefined one", "Unused"])
        let html = try entries.article(book: book)
        #expect(html.contains("<dt id=\"term-7\">Spectral norm"))
        #expect(html.contains("<div class=\"definition\">\n<p>The largest singular value, <span class=\"math inline\">\\|A\\|_2 = \\sigma_1</span>.</p>\n</div>"))
        #expect(html.contains("No chapter links this term yet."))
        let warnings = entries.warnings(book: book)
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.isWarning })
        #expect(warnings[0].file?.hasSuffix("chapters/01-a.md") == true && warnings[0].line == 4 && warnings[0].column == 15)
        let headline = warnings[0].headline
        #expect(headline.contains(": warning: glossary term '9' (undefined one) has no definition in "))
        #expect(warnings[1].file?.hasSuffix("glossary.md") == true && warnings[1].line == 9)
        #expect(warnings[1].message.contains("defined but no chapter links it"))
    }

    @Test func withoutAGlossaryFileOneWarningCoversEveryUndefinedTerm() throws {
        let book = try book(["01-a.md": "# A\n\n[a](@article_id:1), [b](@article_id:2).\n"])
        let page = try PageRenderer(book: book, results: [:]).chapterPage(0)
        let warnings = Glossary(uses: page.termUses, file: nil).warnings(book: book)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.hasPrefix("2 glossary terms have no definition") == true)
    }

    @Test func glossaryFileMistakesAreErrorsAtTheirLine() throws {
        let cases: [(String, Int, String)] = [
            ("## Term without id\n\nText.\n", 1, "needs the id"),
            ("# G\n\n## A {#1}\n\nOne.\n\n## B {#1}\n\nTwo.\n", 7, "already defined at line 3"),
            ("# G\n\n## A {#1}\n\n## B {#2}\n\nTwo.\n", 3, "has no definition"),
            ("## A {#two words}\n\nx\n", 1, "one word in braces"),
        ]
        for (text, line, message) in cases {
            let error = diagnostic { _ = try book(["01-a.md": "# A\n"], glossary: text) }
            #expect(error?.file?.hasSuffix("glossary.md") == true, "\(text)")
            #expect(error?.line == line, "\(text)")
            #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "no error")")
        }
    }
}
