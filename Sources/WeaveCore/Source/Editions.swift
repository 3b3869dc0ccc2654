import Foundation

/// A book's translated edition: the source book with every translatable unit (`TranslationUnit`) of its
/// chapters and glossary replaced from gettext catalogues `po/<edition>/<file>.po`. Code blocks are the
/// source's own, so an edition shows the one run's results; a unit with no usable translation falls back
/// to the source text, marked on the page.
struct EditionStatus: Sendable {
    /// Units with a usable translation, and all units.
    var translated = 0
    var total = 0
    /// Stale (a changed source, or marked fuzzy) and missing translations, as warnings at their lines.
    var stale: [Diagnostic] = []
    var missing: [Diagnostic] = []
    /// Catalogue mistakes that do not stop the build (a translation that drops a reference…).
    var problems: [Diagnostic] = []
}

enum Editions {
    static let folder = "po"

    /// `po/zh/04-signals.po`, `po/zh/glossary.po`.
    static func catalogueURL(root: URL, edition: String, sourceFile: URL) -> URL {
        root.appendingPathComponent(folder).appendingPathComponent(edition)
            .appendingPathComponent(sourceFile.deletingPathExtension().lastPathComponent + ".po")
    }

    /// The sources of an edition: each chapter, then the glossary (text, divs, exec blocks, file).
    struct Source {
        var url: URL
        var displayPath: String
        var text: String
        var units: [TranslationUnit]
    }

    /// The files an edition translates (each chapter, then the glossary), without reading their units.
    static func sourceFiles(of book: Book) -> [URL] {
        book.chapters.map(\.url) + (book.glossary == nil ? [] : [book.root.appendingPathComponent(GlossaryFile.fileName)])
    }

    static func sources(of book: Book) -> [Source] {
        var result = book.chapters.map { chapter in
            Source(url: chapter.url, displayPath: chapter.displayPath, text: chapter.text,
                   units: TranslationUnits.of(text: chapter.text, divs: chapter.divs, execBlocks: chapter.execBlocks))
        }
        if let glossary = book.glossary {
            let url = book.root.appendingPathComponent(GlossaryFile.fileName)
            result.append(Source(url: url, displayPath: glossary.displayPath, text: glossary.text,
                                 units: TranslationUnits.of(text: glossary.text, divs: [], execBlocks: [])))
        }
        return result
    }

    /// How the units of one source match the entries of its catalogue, as `msgmerge` would: by exact text,
    /// else (for what is left) by the most similar entry, which then counts as stale.
    struct Match {
        /// Unit key → usable translation.
        var translations: [String: String] = [:]
        /// Unit key → the entry kept for it (exact, or a similar older one marked fuzzy).
        var entries: [String: POEntry] = [:]
        /// Entries no unit uses any more.
        var unused: [POEntry] = []
    }

    static func match(_ units: [TranslationUnit], _ file: POFile?) -> Match {
        var match = Match()
        let live = file?.entries ?? []
        var byKey: [String: POEntry] = [:]
        for entry in live where byKey[entry.key] == nil || byKey[entry.key]!.obsolete { byKey[entry.key] = entry }
        var used = Set<String>()
        var unmatched: [TranslationUnit] = []
        for unit in units {
            if let entry = byKey[unit.key], !entry.obsolete {
                used.insert(entry.key)
                match.entries[unit.key] = entry
                if !entry.fuzzy && !entry.msgstr.isEmpty { match.translations[unit.key] = entry.msgstr }
            } else {
                unmatched.append(unit)
            }
        }
        var candidates = live.filter { !used.contains($0.key) && !$0.msgstr.isEmpty }
        for unit in unmatched {
            let words = Self.words(unit.text)
            var best: (index: Int, score: Double)?
            for (index, entry) in candidates.enumerated() where entry.context == unit.context {
                let score = similarity(words, Self.words(entry.msgid))
                if score >= 0.5, score > (best?.score ?? 0) { best = (index, score) }
            }
            if let best {
                var entry = candidates.remove(at: best.index)
                entry.previous = entry.previous ?? entry.msgid
                entry.msgid = unit.text
                entry.fuzzy = true
                entry.obsolete = false
                match.entries[unit.key] = entry
            }
        }
        match.unused = candidates
        return match
    }

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init))
    }

    static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    /// The catalogue `weave translate` writes: every unit (its translation kept, or taken from the most
    /// similar older entry and marked fuzzy), then the entries whose source is gone, as obsolete (`#~`).
    static func updated(_ source: Source, _ file: POFile?, path: String, language: String) -> POFile {
        let match = match(source.units, file)
        var entries: [POEntry] = []
        for unit in source.units {
            var entry = match.entries[unit.key] ?? POEntry(context: unit.context, msgid: unit.text, msgstr: "")
            entry.context = unit.context
            entry.msgid = unit.text
            entry.references = ["\(source.displayPath):\(unit.line)"]
            entry.obsolete = false
            if !entry.fuzzy { entry.previous = nil }
            entries.append(entry)
        }
        for var old in match.unused {
            old.obsolete = true
            old.fuzzy = false
            old.previous = nil
            entries.append(old)
        }
        var header = file?.header ?? [:]
        header["Language"] = language
        header["Content-Type"] = "text/plain; charset=UTF-8"
        header["Content-Transfer-Encoding"] = "8bit"
        header["MIME-Version"] = "1.0"
        return POFile(displayPath: path, entries: entries, header: header)
    }

    /// The translated text of one source, and what the build reports about it.
    static func translate(_ source: Source, _ file: POFile?, catalogue: String, edition: String, status: inout EditionStatus)
        -> String {
        let match = match(source.units, file)
        status.total += source.units.count
        var usable: [String: String] = [:]
        var missing = 0
        var firstMissing: TranslationUnit?
        for unit in source.units {
            if let text = match.translations[unit.key] {
                // A translation keeps the source's references and formulas, or the page would differ in meaning.
                let kept = Set(TranslationUnits.references(in: unit.text)), translated = Set(TranslationUnits.references(in: text))
                let lost = kept.subtracting(translated), added = translated.subtracting(kept)
                let entryLine = match.entries[unit.key]?.line
                if !lost.isEmpty || !added.isEmpty {
                    var what: [String] = []
                    if !lost.isEmpty { what.append("drops \(lost.sorted().joined(separator: ", "))") }
                    if !added.isEmpty { what.append("adds \(added.sorted().joined(separator: ", "))") }
                    status.problems.append(Diagnostic(file: catalogue, line: entryLine, column: 1,
                                                      "this translation \(what.joined(separator: " and ")) (the source at \(source.displayPath):\(unit.line) does not); it is not used until it keeps the same references",
                                                      step: .read).asWarning())
                    missing += 1
                    continue
                }
                if TranslationUnits.dollarCount(text) != TranslationUnits.dollarCount(unit.text) {
                    status.problems.append(Diagnostic(file: catalogue, line: entryLine, column: 1,
                                                      "this translation has \(TranslationUnits.dollarCount(text)) '$' math delimiters where the source (\(source.displayPath):\(unit.line)) has \(TranslationUnits.dollarCount(unit.text)); it is not used until its formulas match",
                                                      step: .read).asWarning())
                    missing += 1
                    continue
                }
                usable[unit.key] = text
                status.translated += 1
            } else if let entry = match.entries[unit.key], !entry.msgstr.isEmpty {
                let why = entry.previous != nil && entry.previous != unit.text || entry.msgid != unit.text
                    ? "its source changed since it was translated (\(source.displayPath):\(unit.line))"
                    : "it is marked fuzzy (review it, then remove the fuzzy flag)"
                status.stale.append(Diagnostic(file: catalogue, line: entry.line > 0 ? entry.line : nil, column: entry.line > 0 ? 1 : nil,
                                               "stale \(edition) translation: \(why); the source text is shown until it is updated (run weave translate)",
                                               step: .read).asWarning())
            } else {
                missing += 1
                if firstMissing == nil { firstMissing = unit }
            }
        }
        if missing > 0, let unit = firstMissing {
            status.missing.append(Diagnostic(file: source.displayPath, line: unit.line, column: 1,
                                             "\(missing) of \(source.units.count) paragraphs have no \(edition) translation in \(catalogue) (the first here); they are shown in the source language",
                                             step: .read).asWarning())
        }
        return TranslationUnits.apply(source.units, to: source.text) { usable[$0.key] }
    }

    /// The edition's book: chapters and glossary translated, its title, its status.
    static func book(_ book: Book, edition: BookConfig.EditionConfig) throws -> (Book, EditionStatus) {
        var status = EditionStatus()
        var translated = book
        translated.title = edition.title ?? book.title
        translated.language = edition.language
        translated.editionName = edition.name
        var problems: [Diagnostic] = []
        let sources = sources(of: book)
        for (index, source) in sources.enumerated() {
            let url = catalogueURL(root: book.root, edition: edition.name, sourceFile: source.url)
            let file: POFile?
            do { file = try POFile.load(url) } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
                continue
            }
            let text = translate(source, file, catalogue: userPath(url), edition: edition.name, status: &status)
            if index < book.chapters.count {
                let chapter = book.chapters[index]
                do {
                    var page = try Chapter(url: chapter.url, displayPath: "\(chapter.displayPath) (\(edition.name) edition)", text: text)
                    page.sourceHeadings = chapter.headings
                    translated.chapters[index] = page
                } catch let diagnostic as Diagnostic {
                    problems.append(diagnostic)
                }
            } else if let glossary = book.glossary {
                do { translated.glossary = try GlossaryFile(displayPath: glossary.displayPath, text: text) } catch let diagnostic as Diagnostic {
                    problems.append(diagnostic)
                }
            }
        }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return (translated, status)
    }

    /// `weave translate`: writes each catalogue of each edition (or of `only`), keeping every translation.
    /// Returns the files written.
    static func updateCatalogues(_ book: Book, only: String? = nil) throws -> [URL] {
        let editions = book.editions.filter { only == nil || $0.name == only }
        if let only, editions.isEmpty {
            throw Diagnostic(file: "book.json", "the book has no \"\(only)\" translation: add it to \"translations\" in book.json")
        }
        if editions.isEmpty {
            throw Diagnostic(file: "book.json", "the book declares no translations: add \"translations\": {\"zh\": {\"language\": \"zh-CN\"}} to book.json")
        }
        var written: [URL] = []
        for edition in editions {
            for source in sources(of: book) {
                let url = catalogueURL(root: book.root, edition: edition.name, sourceFile: source.url)
                let old = try POFile.load(url)
                let new = updated(source, old, path: userPath(url), language: edition.language)
                let text = new.text()
                if let old, old.text() == text { continue }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
                written.append(url)
            }
        }
        return written
    }
}

/// `weave translate`, for the command line.
public enum BookTranslations {
    /// Writes or updates every catalogue of the book's editions (or of `edition`); returns the files written.
    @discardableResult
    public static func updateCatalogues(bookRoot: URL, edition: String? = nil) throws -> [URL] {
        try Editions.updateCatalogues(try Book.load(root: bookRoot), only: edition)
    }
}
