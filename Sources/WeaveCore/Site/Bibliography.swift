import Foundation

/// One citation of a work in a chapter: where the bibliography page links back to.
struct CitationUse: Equatable, Codable {
    var key: String
    var chapterIndex: Int
    var page: String
    /// The anchor on the citation's link (`cite-N`).
    var anchor: String
    var sectionTitle: String?
}

/// One work in a pandoc citation: `[see @key, p. 3]` has prefix "see", key "key", locator "p. 3";
/// `[-@key]` suppresses the author.
struct CitationItem: Equatable {
    var prefix: String
    var key: String
    var suppressAuthor: Bool
    var locator: String

    /// The items of a bracketed citation's content (`@a; see @b, p. 3`), or nil when it is not one (every
    /// `;`-separated item must name exactly one key: `[a note]` and `[x@y]` stay text).
    static func group(_ content: String) -> [CitationItem]? {
        var items: [CitationItem] = []
        for part in content.split(separator: ";", omittingEmptySubsequences: false) {
            let chars = Array(part)
            var found: CitationItem?
            for (index, char) in chars.enumerated() where char == "@" {
                let before = index > 0 ? chars[index - 1] : " "
                let suppress = before == "-" && (index < 2 || chars[index - 2].isWhitespace)
                guard before.isWhitespace || suppress else { continue }
                let key = Self.key(in: chars[(index + 1)...])
                guard !key.isEmpty, !CitationItem.isReserved(key) else { return nil }
                let prefixEnd = suppress ? index - 1 : index
                var suffix = String(chars[(index + 1 + key.count)...]).trimmingCharacters(in: .whitespacesAndNewlines)
                if suffix.hasPrefix(",") { suffix = String(suffix.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines) }
                guard !suffix.contains("@") else { return nil }
                found = CitationItem(prefix: String(chars[..<prefixEnd]).trimmingCharacters(in: .whitespacesAndNewlines),
                                     key: key, suppressAuthor: suppress, locator: suffix)
                break
            }
            guard let item = found else { return nil }
            items.append(item)
        }
        return items.isEmpty ? nil : items
    }

    /// A citation key at the start of `chars`: a letter, digit or `_`, then letters, digits, `_` and single
    /// inner `:` `.` `-` `/` `+` (so `@saxe2014.` at a sentence's end is `saxe2014`).
    static func key<C: Collection>(in chars: C) -> String where C.Element == Character {
        var key = ""
        var pending = ""
        for char in chars {
            if SearchIndex.isWordCharacter(char) || char == "_" {
                key += pending
                pending = ""
                key.append(char)
            } else if !key.isEmpty, pending.isEmpty, ":.-/+".contains(char) {
                pending.append(char)
            } else {
                break
            }
        }
        return key
    }

    /// Ids that weave's other `@` syntaxes own.
    static func isReserved(_ key: String) -> Bool {
        key.hasPrefix("problem_id:") || key.hasPrefix("article_id:")
            || CrossReference.allCases.contains { key.hasPrefix($0.rawValue) }
    }
}

/// weave's citation style: author–year, as pandoc's default (Chicago author–date) and most of the numerical
/// and machine-learning literature the bundled book cites. A reader sees who and when at the citation
/// without leaving the page, and the label does not change when a chapter is added (numbers would).
/// - In text: `(Saxe et al. 2014, p. 3; He et al. 2016)`; `@key` gives `Saxe et al. (2014)`.
/// - Names: one author `Strassen`, two `Goto and van de Geijn`, three or more `Saxe et al.`; two works with
///   one label and year are told apart as 2014a, 2014b (by title).
/// - Reference lists sort by family names, then year: `Saxe, A. M., McClelland, J. L. and Ganguli, S. (2014).
///   Title. In *Booktitle*. arXiv:1312.6120.`
struct CitationStyle {
    let file: BibliographyFile?
    private(set) var names: [String: String] = [:]
    private(set) var years: [String: String] = [:]

    init(file: BibliographyFile?) {
        self.file = file
        guard let file else { return }
        var groups: [String: [BibEntry]] = [:]
        for entry in file.entries {
            names[entry.key] = Self.names(entry)
            let year = Self.year(entry)
            years[entry.key] = year
            groups[names[entry.key]! + "\u{1F}" + year, default: []].append(entry)
        }
        for (_, group) in groups where group.count > 1 {
            let sorted = group.sorted { Self.title($0).localizedCaseInsensitiveCompare(Self.title($1)) == .orderedAscending }
            for (index, entry) in sorted.enumerated() where index < 26 {
                years[entry.key]! += String(UnicodeScalar(UInt8(97 + index)))
            }
        }
    }

    func has(_ key: String) -> Bool { file?[key] != nil }

    /// `Saxe et al. 2014` (parenthetical) or `Saxe et al. (2014)` (in text), as plain text.
    func label(_ key: String, inText: Bool, suppressAuthor: Bool = false, locator: String = "") -> String {
        let year = years[key] ?? "n.d."
        let names = self.names[key] ?? key
        let locatorText = locator.isEmpty ? "" : ", " + locator
        if inText { return "\(names) (\(year)\(locatorText))" }
        return (suppressAuthor ? year : "\(names) \(year)") + locatorText
    }

    /// The full reference as one line of text, for a citation's tooltip.
    func tooltip(_ key: String) -> String {
        guard let entry = file?[key] else { return key }
        return "\(authorList(entry)) (\(years[key] ?? "n.d.")). \(LaTeXText.plain(entry["title"] ?? ""))"
    }

    /// The sort order of reference lists.
    func sortKey(_ key: String) -> String {
        guard let entry = file?[key] else { return key }
        // By the label first, so that 2014a comes before 2014b; accents and case do not count.
        return [names[key] ?? key, years[key] ?? "", authorList(entry), Self.title(entry)].joined(separator: "\u{1F}")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The reference list of some cited keys, sorted, each item `id="ref-KEY"`.
    func list(_ keys: [String], extra: (String) -> String = { _ in "" }) -> String {
        var html = "<ol class=\"references\">\n"
        // Each key's sort key made once (not twice per comparison).
        let sorted = Set(keys).map { ($0, sortKey($0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
        for key in sorted {
            html += "<li id=\"ref-\(HTML.escape(key))\">\(reference(key))\(extra(key))</li>\n"
        }
        return html + "</ol>\n"
    }

    /// One reference, HTML.
    func reference(_ key: String) -> String {
        guard let entry = file?[key] else { return HTML.escape(key) }
        func field(_ name: String) -> String? {
            guard let value = entry[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return LaTeXText.html(value)
        }
        var sentences: [String] = []
        let authors = authorList(entry)
        sentences.append("<span class=\"ref-authors\">\(HTML.escape(authors))</span> (\(HTML.escape(years[key] ?? "n.d.")))")
        let title = field("title") ?? HTML.escape(key)
        switch entry.type {
        case "book", "proceedings", "manual":
            var text = "<em>\(title)</em>"
            if let edition = entry["edition"].map(LaTeXText.plain) { text += ", \(HTML.escape(Self.edition(edition))) ed." }
            sentences.append(text)
            if let publisher = field("publisher") ?? field("organization") {
                sentences.append(publisher + (field("address").map { ", " + $0 } ?? ""))
            }
        case "article":
            sentences.append(title)
            var text = field("journal").map { "<em>\($0)</em>" } ?? ""
            if let volume = field("volume") { text += " " + volume }
            if let number = field("number") { text += "(\(number))" }
            if let pages = field("pages") { text += (text.isEmpty ? "" : ", ") + pages }
            if !text.isEmpty { sentences.append(text) }
        case "inproceedings", "incollection", "conference", "inbook":
            sentences.append(title)
            var text = field("booktitle").map { "In <em>\($0)</em>" } ?? ""
            if let volume = field("volume") { text += ", vol. " + volume }
            if let pages = field("pages") { text += (text.isEmpty ? "pp. " : ", pp. ") + pages }
            if !text.isEmpty { sentences.append(text) }
            if let publisher = field("publisher") { sentences.append(publisher) }
        case "techreport":
            sentences.append(title)
            var text = field("type") ?? "Technical report"
            if let number = field("number") { text += " " + number }
            if let institution = field("institution") { text += ", " + institution }
            sentences.append(text)
        case "phdthesis", "mastersthesis":
            sentences.append(title)
            sentences.append((entry.type == "phdthesis" ? "PhD thesis" : "Master’s thesis")
                             + (field("school").map { ", " + $0 } ?? ""))
        default:
            sentences.append(title)
            if let how = field("howpublished") { sentences.append(how) }
            if let publisher = field("publisher") ?? field("institution") { sentences.append(publisher) }
        }
        if let note = field("note") { sentences.append(note) }
        var links: [String] = []
        if let doi = entry["doi"].map(Self.urlText) {
            let bare = doi.replacingOccurrences(of: "https://doi.org/", with: "").replacingOccurrences(of: "http://dx.doi.org/", with: "")
            links.append("<a href=\"https://doi.org/\(HTML.escape(bare))\">doi:\(HTML.escape(bare))</a>")
        }
        let archive = (entry["archiveprefix"] ?? entry["eprinttype"]).map { LaTeXText.plain($0).lowercased() }
        if let eprint = entry["eprint"].map(Self.urlText), archive == "arxiv" || archive == nil && entry.type == "misc" {
            links.append("<a href=\"https://arxiv.org/abs/\(HTML.escape(eprint))\">arXiv:\(HTML.escape(eprint))</a>")
        }
        if links.isEmpty, let url = entry["url"].map(Self.urlText) {
            links.append("<a href=\"\(HTML.escape(url))\">\(HTML.escape(url))</a>")
        }
        return (sentences + links).map(Self.sentence).joined(separator: " ")
    }

    // MARK: Pieces

    /// `Saxe, A. M., McClelland, J. L. and Ganguli, S.`; editors marked `(ed.)`; else the organisation.
    func authorList(_ entry: BibEntry) -> String {
        let (field, isEditor) = entry["author"].map { ($0, false) } ?? entry["editor"].map { ($0, true) } ?? ("", false)
        let (people, others) = BibName.list(field)
        guard !people.isEmpty else {
            return (entry["organization"] ?? entry["institution"] ?? entry["publisher"]).map(LaTeXText.plain) ?? entry.key
        }
        var parts = people.map(\.invertedWithInitials)
        var text: String
        if others { parts.append("et al."); text = parts.joined(separator: ", ") }
        else if parts.count == 1 { text = parts[0] }
        else { text = parts.dropLast().joined(separator: ", ") + " and " + parts.last! }
        if isEditor { text += people.count == 1 && !others ? " (ed.)" : " (eds.)" }
        return text
    }

    static func names(_ entry: BibEntry) -> String {
        let (people, others) = BibName.list(entry["author"] ?? entry["editor"] ?? "")
        switch (people.count, others) {
        case (0, _):
            return (entry["organization"] ?? entry["institution"] ?? entry["publisher"]).map(LaTeXText.plain)
                ?? String(LaTeXText.plain(entry["title"] ?? entry.key).prefix(40))
        case (1, false): return people[0].family
        case (2, false): return "\(people[0].family) and \(people[1].family)"
        default: return "\(people[0].family) et al."
        }
    }

    static func year(_ entry: BibEntry) -> String {
        if let year = entry["year"].map(LaTeXText.plain), !year.isEmpty { return year }
        if let date = entry["date"].map(LaTeXText.plain), date.count >= 4 { return String(date.prefix(4)) }
        return "n.d."
    }

    static func title(_ entry: BibEntry) -> String { LaTeXText.plain(entry["title"] ?? "") }

    /// `2` → `2nd`; words are kept (`Second`).
    static func edition(_ text: String) -> String {
        guard let number = Int(text) else { return text }
        let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }

    /// A URL or DOI field: braces removed and TeX's escaped specials undone (`\_`, `\%`), nothing else touched.
    static func urlText(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        text.removeAll { $0 == "{" || $0 == "}" }
        for special in ["_", "%", "&", "#", "~", "$"] { text = text.replacingOccurrences(of: "\\" + special, with: special) }
        if text.hasPrefix("\\url") { text = String(text.dropFirst(4)) }
        return text
    }

    /// Ends a piece with a full stop unless it already ends a sentence (closing tags looked through).
    static func sentence(_ html: String) -> String {
        var visible = Substring(html)
        while visible.hasSuffix(">"), let open = visible.lastIndex(of: "<") { visible = visible[..<open] }
        return ".?!".contains(visible.last ?? " ") ? html : html + "."
    }

    // MARK: The bibliography page and warnings

    /// The bibliography page's `<article>`: every cited work, with links back to where each is cited.
    func article(uses: [CitationUse], book: Book, ui: Interface = Interface(language: "en")) -> String {
        var html = "<article>\n<h1>\(ui("Bibliography"))</h1>\n"
        let keys = Array(Set(uses.map(\.key)))
        guard !keys.isEmpty else {
            return html + "<p>No chapter cites a work yet. Cite one from \(BibliographyFile.fileName) with <code>[@key]</code>.</p>\n</article>"
        }
        let lede = ui.isEnglish ? "\(keys.count) work\(keys.count == 1 ? "" : "s") cited, each with the places the book cites it."
            : ui("%@ works cited, each with the places the book cites it.", "\(keys.count)")
        html += "<p class=\"lede\">\(lede)</p>\n"
        html += list(keys) { key in
            var places: [String] = []
            var seen = Set<String>()
            for use in uses where use.key == key {
                let chapter = book.chapters[use.chapterIndex]
                var place = "\(use.chapterIndex + 1). \(PageRenderer.plainTitle(chapter.title))"
                if let section = use.sectionTitle, !section.isEmpty { place += " › \(PageRenderer.plainTitle(section))" }
                guard seen.insert(place).inserted else { continue }
                places.append("<a href=\"\(use.page)#\(use.anchor)\">\(HTML.escape(place))</a>")
            }
            return "<p class=\"cited-in\">\(ui("Cited in %@.", places.joined(separator: "; ")))</p>"
        }
        return html + "</article>"
    }

    /// Entries of `references.bib` no chapter cites: a warning each, at the entry's line.
    func warnings(uses: [CitationUse]) -> [Diagnostic] {
        guard let file else { return [] }
        let cited = Set(uses.map(\.key))
        return file.entries.filter { !cited.contains($0.key) }.map { entry in
            Diagnostic(file: file.displayPath, line: entry.line, column: 1,
                       "bibliography entry '\(entry.key)' is never cited (cite it with [@\(entry.key)], or remove it)",
                       step: .site).asWarning()
        }
    }
}
