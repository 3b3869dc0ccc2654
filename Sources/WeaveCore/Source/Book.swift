import Foundation

/// A book folder: `chapters/*.md` (in file-name order), an optional `book.json` (`{"title": "…"}`),
/// `glossary.md` and `references.bib`, and the
/// outputs `site/` and `figures/` beside them.
public struct Book: Sendable {
    public var root: URL
    public var title: String
    public var chapters: [Chapter]
    /// The author's `glossary.md`, when the book has one.
    var glossary: GlossaryFile?
    /// The author's `references.bib`, when the book has one.
    var bibliography: BibliographyFile?
    /// The language the book is written in (`book.json`'s `language`, `en` when not given).
    public var language = "en"
    /// The translations `book.json` declares.
    var editions: [BookConfig.EditionConfig] = []
    /// For a translated edition, its name (`zh`); nil for the book as written.
    var editionName: String?

    public var chaptersFolder: URL { root.appendingPathComponent("chapters") }
    public var defaultSiteFolder: URL { root.appendingPathComponent("site") }
    public var figuresFolder: URL { root.appendingPathComponent("figures") }
    public var cacheFolder: URL { root.appendingPathComponent(".weave-cache") }

    /// Reads and parses every chapter. Throws a `Diagnostic` (or a `DiagnosticList`) for bad input.
    public static func load(root: URL) throws -> Book {
        let root = root.standardizedFileURL
        let fm = FileManager.default
        let chaptersFolder = root.appendingPathComponent("chapters")
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: chaptersFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(file: userPath(chaptersFolder), "no chapters folder: a book is a folder with chapters/*.md in it")
        }
        let names = try fm.contentsOfDirectory(atPath: chaptersFolder.path)
            .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .sorted()
        guard !names.isEmpty else {
            throw Diagnostic(file: userPath(chaptersFolder), "empty book: no .md files in the chapters folder")
        }
        let config = try BookConfig.load(root.appendingPathComponent("book.json"))
        let title = config?.title ?? root.lastPathComponent
        var chapters: [Chapter] = []
        var problems: [Diagnostic] = []
        for name in names {
            do {
                chapters.append(try Chapter.load(url: chaptersFolder.appendingPathComponent(name), bookRoot: root))
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            }
        }
        var glossary: GlossaryFile?
        do { glossary = try GlossaryFile.load(root: root) } catch let diagnostic as Diagnostic { problems.append(diagnostic) }
        var bibliography: BibliographyFile?
        do { bibliography = try BibliographyFile.load(root: root) } catch let diagnostic as Diagnostic { problems.append(diagnostic) }
        problems += pageNameCollisions(in: chapters)
        problems += duplicateFigureIDs(in: chapters)
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        var book = Book(root: root, title: title, chapters: chapters, glossary: glossary, bibliography: bibliography)
        book.language = config?.language ?? "en"
        book.editions = config?.translations ?? []
        return book
    }

    /// Each chapter gets a page of its own: not one of weave's pages, and not one another chapter's name
    /// already maps to (`a b.md` and `A-B.md` are both `a-b.html`).
    static func pageNameCollisions(in chapters: [Chapter]) -> [Diagnostic] {
        var seen: [String: Chapter] = [:]
        var problems: [Diagnostic] = []
        for chapter in chapters {
            if Slug.reservedPages.contains(chapter.slug) {
                problems.append(Diagnostic(
                    file: chapter.displayPath,
                    "this chapter's page would be \(chapter.slug).html, which is weave's own \(chapter.slug) page; rename the file",
                    step: .read))
            } else if let first = seen[chapter.slug] {
                problems.append(Diagnostic(
                    file: chapter.displayPath,
                    "this chapter's page would be \(chapter.slug).html, like \(first.displayPath)'s; rename one of them",
                    notes: ["\(first.displayPath): note: the other chapter"], step: .read))
            } else {
                seen[chapter.slug] = chapter
            }
        }
        return problems
    }

    /// Figure ids are book-wide (references work across chapters), so each may be declared once.
    static func duplicateFigureIDs(in chapters: [Chapter]) -> [Diagnostic] {
        var seen: [String: (Chapter, ExecBlock)] = [:]
        var problems: [Diagnostic] = []
        for chapter in chapters {
            for block in chapter.execBlocks {
                guard let id = block.options.figureID else { continue }
                if let (firstChapter, first) = seen[id] {
                    problems.append(Diagnostic(
                        file: chapter.displayPath, line: block.line, column: block.column,
                        "duplicate figure id '\(id)'",
                        notes: ["\(firstChapter.displayPath):\(first.line):\(first.column): note: first declared here"]))
                } else {
                    seen[id] = (chapter, block)
                }
            }
        }
        return problems
    }
}

/// The path to show a user: relative to the working directory when the file is below it.
func userPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let cwd = FileManager.default.currentDirectoryPath
    let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
    if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
    return path
}

/// Reads one of the author's text files (`glossary.md`, `references.bib`, a catalogue): nil when it does not
/// exist; an error naming it (as `what`) when it cannot be read or is not UTF-8 text. Windows line ends
/// become `\n`.
func readAuthorFile(_ url: URL, what: String) throws -> (displayPath: String, text: String)? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let shown = userPath(url)
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
        throw Diagnostic(file: shown, "cannot read \(what): \(Diagnostic.reason(error))", step: .read)
    }
    guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
        let (line, column) = Chapter.firstInvalidUTF8(data)
        throw Diagnostic(file: shown, line: line, column: column, "\(what) is not valid UTF-8 text", step: .read)
    }
    return (shown, text.replacingOccurrences(of: "\r\n", with: "\n"))
}
