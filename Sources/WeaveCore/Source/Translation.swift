import Foundation

/// One piece of a source file that a translation replaces: a paragraph, heading or table (its Markdown
/// as written, container prefixes such as `- ` or `> ` removed), a figure caption or a callout title.
/// Code is never a unit: every edition shows the source's code and its one run's output.
struct TranslationUnit: Equatable, Sendable {
    enum Place: Equatable, Sendable {
        /// Source lines `line...endLine`; the first keeps `prefix`, the others get `continuation`.
        case lines(endLine: Int, prefix: String, continuation: String, suffix: String)
        /// The quoted value of `key="…"` on the line.
        case attribute(key: String)
    }
    /// gettext's msgctxt: nil for prose, "caption" or "title" for attribute values.
    var context: String?
    /// The source text (gettext's msgid).
    var text: String
    /// 1-based source line where the unit starts.
    var line: Int
    var place: Place
    /// Tables are replaced whole and never marked as untranslated (a mark would break the table).
    var isTable = false
    var isHeading = false

    var key: String { (context ?? "") + "\u{4}" + text }
}

enum TranslationUnits {
    /// The units of a Markdown file (a chapter or `glossary.md`), in order.
    static func of(text: String, divs: [FencedDiv], execBlocks: [ExecBlock]) -> [TranslationUnit] {
        let prepared = FencedDivs.htmlText(text, divs: divs, chapterNumber: 0)
        let lines = text.lineSplit().map(String.init)
        var units: [TranslationUnit] = []
        for span in MarkdownDocument(prepared.text).translatableBlocks {
            guard let first = prepared.lineMap[safe: span.line - 1], let last = prepared.lineMap[safe: span.endLine - 1],
                  first >= 1, last <= lines.count, first <= last else { continue }
            let firstLine = lines[first - 1]
            let prefixLength = min(max(0, span.column - 1), firstLine.count)
            var prefix = String(firstLine.prefix(prefixLength))
            let continuation = String(prefix.map { $0 == ">" ? ">" : " " })
            var body = [String(firstLine.dropFirst(prefixLength))]
            for index in first..<last {
                body.append(strip(lines[index], upTo: prefixLength))
            }
            var suffix = ""
            if span.kind == .heading {
                // `## Title`: the marks stay; a glossary heading's `{#id}` stays too.
                var heading = body[0]
                let marks = heading.prefix { $0 == "#" }
                guard !marks.isEmpty else { continue }  // a setext heading: left as written
                heading = String(heading.dropFirst(marks.count))
                let spaces = heading.prefix { $0 == " " }
                heading = String(heading.dropFirst(spaces.count))
                prefix += marks + spaces
                if heading.hasSuffix("}"), let open = heading.range(of: " {#", options: .backwards) {
                    suffix = String(heading[open.lowerBound...])
                    heading = String(heading[..<open.lowerBound])
                }
                body = [heading]
            }
            while let lastLine = body.last, lastLine.trimmingCharacters(in: .whitespaces).isEmpty, body.count > 1 { body.removeLast() }
            let text = body.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
            guard hasWords(text) else { continue }
            units.append(TranslationUnit(context: nil, text: text, line: first,
                                         place: .lines(endLine: last, prefix: prefix, continuation: continuation, suffix: suffix),
                                         isTable: span.kind == .table, isHeading: span.kind == .heading))
        }
        for block in execBlocks {
            guard let caption = block.options.caption, hasWords(caption) else { continue }
            units.append(TranslationUnit(context: "caption", text: caption, line: block.line, place: .attribute(key: "caption")))
        }
        for div in divs {
            guard let title = div.attributes["title"], hasWords(title) else { continue }
            units.append(TranslationUnit(context: "title", text: title, line: div.line, place: .attribute(key: "title")))
        }
        return units.sorted { $0.line < $1.line }
    }

    /// A continuation line without its container's indentation (and `>` marks).
    static func strip(_ line: String, upTo count: Int) -> String {
        var dropped = 0
        var rest = Substring(line)
        while dropped < count, let first = rest.first, first == " " || first == ">" || first == "\t" {
            rest = rest.dropFirst()
            dropped += 1
        }
        return String(rest)
    }

    /// Whether a piece has prose in it (a paragraph that is only a formula is not translated).
    static func hasWords(_ text: String) -> Bool {
        let withoutMath = text.replacingOccurrences(of: "\\$\\$[\\s\\S]*?\\$\\$", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\$[^$]*\\$", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\\{#[^}]*\\}", with: "", options: .regularExpression)
        return withoutMath.contains { $0.isLetter }
    }

    /// The marker put in front of a unit that falls back to the source language (styled by CSS, and
    /// turned into `lang` on its paragraph when the page is rendered).
    static let untranslatedMark = "<span class=\"untranslated\" lang=\"en\"></span>"

    /// The source text with each unit replaced by `translation(unit)`; a unit without one keeps the source
    /// text, marked as untranslated.
    static func apply(_ units: [TranslationUnit], to text: String, translation: (TranslationUnit) -> String?) -> String {
        var lines = text.lineSplit().map(String.init)
        // From the end, so earlier line numbers stay valid.
        for unit in units.sorted(by: { $0.line > $1.line }) {
            let translated = translation(unit)
            switch unit.place {
            case .lines(let endLine, let prefix, let continuation, let suffix):
                guard unit.line >= 1, endLine <= lines.count else { continue }
                if translated == nil {
                    if unit.isTable { continue }
                    lines[unit.line - 1] = prefix + untranslatedMark + lines[unit.line - 1].dropFirst(prefix.count)
                    continue
                }
                let pieces = translated!.lineSplit()
                var replacement: [String] = []
                for (index, piece) in pieces.enumerated() {
                    replacement.append((index == 0 ? prefix : continuation) + piece + (index == pieces.count - 1 ? suffix : ""))
                }
                lines.replaceSubrange((unit.line - 1)...(endLine - 1), with: replacement)
            case .attribute(let key):
                guard let translated, unit.line >= 1, unit.line <= lines.count else { continue }
                lines[unit.line - 1] = replaceAttribute(key, in: lines[unit.line - 1], with: translated)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `key="old"` → `key="new"` in one line (quotes and backslashes in the new value escaped).
    static func replaceAttribute(_ key: String, in line: String, with value: String) -> String {
        guard let start = line.range(of: "\(key)=\"") else { return line }
        var index = start.upperBound
        while index < line.endIndex, line[index] != "\"" {
            if line[index] == "\\" { index = line.index(after: index) }
            if index < line.endIndex { index = line.index(after: index) }
        }
        guard index < line.endIndex else { return line }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
        return String(line[..<start.upperBound]) + escaped + String(line[index...])
    }

    /// The references a piece of text makes (cross-references, citations, glossary links, problem links):
    /// a translation must keep them all, or its page would link differently from the source's.
    static func references(in text: String) -> [String] {
        let patterns = ["@(fig|eq|ex)-[A-Za-z0-9_-]*[A-Za-z0-9_]", "\\(@article_id:[^)]*\\)", "\\[@problem_id:[^\\]]*\\]",
                        "(?<![A-Za-z0-9])@[A-Za-z0-9_][A-Za-z0-9_:.+/-]*[A-Za-z0-9_]"]
        var found = Set<String>()
        for (index, pattern) in patterns.enumerated() {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let ns = text as NSString
            for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let item = ns.substring(with: match.range)
                // The last pattern is for citations: the other syntaxes' ids are counted by their own patterns.
                if index == patterns.count - 1, CitationItem.isReserved(String(item.dropFirst())) { continue }
                found.insert(item)
            }
        }
        return found.sorted()
    }

    /// How many `$` delimit math (a translation must keep its formulas closed).
    static func dollarCount(_ text: String) -> Int {
        var count = 0
        var previous: Character = " "
        for char in text { if char == "$" && previous != "\\" { count += 1 }; previous = char }
        return count
    }
}
