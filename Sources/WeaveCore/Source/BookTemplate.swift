import Foundation

/// The starting point `weave init` writes: a book folder with `book.json`, one sample chapter (a `swift-exec`
/// block with math, an assertion and a figure; a numbered equation, a citation, a glossary term, a callout
/// and an exercise with a runnable solution), its `references.bib` and `glossary.md`, and a `.gitignore`.
public enum BookTemplate {
    /// Creates the book at `root` (made if missing). Refuses to touch a folder that already has chapters.
    /// - Returns: the files written.
    @discardableResult
    public static func create(at root: URL, title: String? = nil) throws -> [URL] {
        let fm = FileManager.default
        let root = root.standardizedFileURL
        let chapters = root.appendingPathComponent("chapters")
        if let existing = try? fm.contentsOfDirectory(atPath: chapters.path), existing.contains(where: { $0.hasSuffix(".md") }) {
            throw Diagnostic(file: userPath(chapters), "this folder already holds a book (chapters/*.md); weave init writes only new books")
        }
        do {
            try fm.createDirectory(at: chapters, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(file: userPath(root), "cannot create the book folder: \(Diagnostic.reason(error))")
        }
        let bookTitle = title ?? root.lastPathComponent
        let config = try JSONEncoder().encode(["title": bookTitle])
        var written: [URL] = []
        func write(_ data: Data, _ url: URL) throws {
            if fm.fileExists(atPath: url.path) { return }
            try data.write(to: url)
            written.append(url)
        }
        try write(config + Data("\n".utf8), root.appendingPathComponent("book.json"))
        try write(Data(sampleChapter.utf8), chapters.appendingPathComponent("01-first-steps.md"))
        try write(Data(sampleBibliography.utf8), root.appendingPathComponent(BibliographyFile.fileName))
        try write(Data(sampleGlossary.utf8), root.appendingPathComponent(GlossaryFile.fileName))
        try write(Data("site/\nfigures/\n.weave-cache/\nbook.pdf\n".utf8), root.appendingPathComponent(".gitignore"))
        return written
    }

    /// The sample chapter: prose, math, a block that computes, asserts and plots, and a reference to its figure.
    public static let sampleChapter = #"""
    # First steps

    Each fenced `swift-exec` block below is compiled and run when the book is built; what it prints and the
    figures it shows appear under it. The blocks of a chapter form one program, like notebook cells.

    ## A geometric series

    For $|r| < 1$ the partial sums of the [geometric series](@article_id:geometric-series) approach a finite
    limit [@graham1994, sec. 2.3]:
    $$\sum_{k=0}^{\infty} r^k = \frac{1}{1 - r}.$$ {#eq-geometric}
    The block checks @eq-geometric for $r = 1/2$ and plots the partial sums (@fig-partial-sums).

    ```swift-exec fig=partial-sums caption="Partial sums of the geometric series with r = 1/2"
    import Foundation
    import WeaveKit

    let r = 0.5
    var partial: [Double] = []
    var sum = 0.0
    for k in 0..<20 {
        sum += pow(r, Double(k))
        partial.append(sum)
    }
    print("after 20 terms:", sum, "limit:", 1 / (1 - r))
    precondition(abs(sum - 1 / (1 - r)) < 1e-5, "the series converges to 1/(1-r)")

    let figure = Figure(width: 560, height: 340)
    let axes = figure.axes()
    axes.title = "Partial sums approach 1/(1 − r) = 2"
    axes.xlabel = "terms"
    axes.ylabel = "partial sum"
    axes.plot(Array(1...partial.count), partial, label: "partial sum")
    figure.show()
    ```

    ::: {.callout-tip title="Claims are code"}
    The `precondition` fails the build if the sum ever stops matching the formula: a number stated in the
    prose is a number the code checks.
    :::

    ## Exercises

    ::: {.exercise #ex-error}
    After $n$ terms the error is $\frac{1}{1-r} - \sum_{k<n} r^k = \frac{r^n}{1-r}$. How many terms does
    $r = 0.9$ need for an error below $10^{-6}$?

    ::: {.solution}
    We need $0.9^n / 0.1 < 10^{-6}$, so $n > \log(10^{-7}) / \log 0.9 \approx 153$; the block counts.

    ```swift-exec
    var terms = 0
    var total = 0.0
    while 1 / (1 - 0.9) - total >= 1e-6 {
        total += pow(0.9, Double(terms))
        terms += 1
    }
    print("terms needed:", terms)
    precondition(terms == Int((log(1e-7) / log(0.9)).rounded(.up)), "the count matches the bound")
    ```
    :::
    :::

    ## What next

    Write more chapters as `chapters/02-….md`; run `weave serve` to preview while you write, and `weave check`
    in CI to prove every block still runs. Cite works from `references.bib` with `[@key]`, define the terms
    you link in `glossary.md`, and refer to @ex-error or any labelled equation from any chapter.

    """#

    /// The sample book's bibliography (BibTeX).
    public static let sampleBibliography = #"""
    @book{graham1994,
      author    = {Graham, Ronald L. and Knuth, Donald E. and Patashnik, Oren},
      title     = {Concrete Mathematics: A Foundation for Computer Science},
      edition   = {2},
      publisher = {Addison-Wesley},
      address   = {Reading, MA},
      year      = {1994}
    }

    """#

    /// The sample book's glossary: one definition per `[term](@article_id:ID)` the chapters link.
    public static let sampleGlossary = #"""
    # Glossary

    ## Geometric series {#geometric-series}

    The sum $\sum_{k \ge 0} r^k$ of the powers of one ratio $r$; it converges, to $1/(1-r)$, exactly when $|r| < 1$.

    """#
}
