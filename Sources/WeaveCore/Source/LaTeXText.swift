import Foundation

/// The LaTeX that BibTeX fields contain, turned into text: accents (`{\"u}`, `\'{e}`, `\v{c}`, `\c c`) become
/// the accented letters (NFC), `\ss`, `\o`, `\ae`, `\l`, … their letters, `--`/`---` dashes, `~` a no-break
/// space, ``` `` ```/`''` curly quotes, `\&` and the other escaped specials themselves; protective braces go.
/// `\emph{…}`/`\textit{…}` become emphasis and `\textbf{…}` strong in HTML; `$…$` stays math (for KaTeX).
/// An unknown command is dropped and its argument kept.
enum LaTeXText {
    /// Plain text (math left as `$…$`).
    static func plain(_ latex: String) -> String { convert(latex, html: false) }

    /// HTML-escaped text with emphasis and math spans.
    static func html(_ latex: String) -> String { convert(latex, html: true) }

    private static let accents: [String: Unicode.Scalar] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}", "=": "\u{304}",
        ".": "\u{307}", "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}",
        "r": "\u{30A}", "d": "\u{323}", "b": "\u{331}",
    ]
    private static let letters: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ",
        "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’", "dag": "†",
        "S": "§", "P": "¶", "copyright": "©", "LaTeX": "LaTeX", "TeX": "TeX", "ldots": "…", "dots": "…",
        "textregistered": "®", "texttrademark": "™", "euro": "€", "pounds": "£",
    ]
    private static let emphasis: Set<String> = ["emph", "textit", "textsl", "it", "em"]
    private static let strong: Set<String> = ["textbf", "bf"]

    private static func convert(_ latex: String, html: Bool) -> String {
        let scalars = Array(latex.unicodeScalars)
        var out = String.UnicodeScalarView()
        func emit(_ text: String) {
            out.append(contentsOf: (html ? HTML.escape(text) : text).unicodeScalars)
        }
        func raw(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        var index = 0
        var spaced = false

        /// The argument of a command at `index`: `{…}` (balanced) or one letter / one command.
        func argument() -> String {
            if let braced = argumentIfBraced(scalars, &index) { return braced }
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count else { return "" }
            if scalars[index] == "\\" {
                // `\'\i`: the argument is itself a command.
                var end = index + 1
                while end < scalars.count, scalars[end].properties.isAlphabetic, scalars[end].isASCII { end += 1 }
                if end == index + 1, end < scalars.count { end += 1 }
                defer { index = end }
                return String(String.UnicodeScalarView(scalars[index..<end]))
            }
            defer { index += 1 }
            return String(scalars[index])
        }

        while index < scalars.count {
            let scalar = scalars[index]
            let afterSpace = spaced
            spaced = false
            switch scalar {
            case "\\":
                index += 1
                guard index < scalars.count else { break }
                let next = scalars[index]
                if let mark = accents[String(next)], !next.properties.isAlphabetic {
                    index += 1
                    emit(accented(plain(argument()), mark))
                    continue
                }
                if !next.properties.isAlphabetic || !next.isASCII {
                    index += 1
                    switch next {
                    case "\\", " ", "\n": emit(" ")
                    case ",", ";": emit("\u{2009}")
                    case "-", "/": break   // discretionary hyphen, italic correction
                    default: emit(String(next))
                    }
                    continue
                }
                var end = index
                while end < scalars.count, scalars[end].properties.isAlphabetic, scalars[end].isASCII { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[index..<end]))
                index = end
                if let mark = accents[name] {
                    emit(accented(plain(argument()), mark))
                    continue
                }
                if let letter = letters[name] {
                    // TeX swallows the space after a control word; `{}` after it is common too.
                    if index < scalars.count, scalars[index] == " " { index += 1 }
                    if index + 1 < scalars.count, scalars[index] == "{", scalars[index + 1] == "}" { index += 2 }
                    emit(letter)
                    continue
                }
                let body = argumentIfBraced(scalars, &index)
                if emphasis.contains(name), let body {
                    html ? raw("<em>" + convert(body, html: true) + "</em>") : raw(convert(body, html: false))
                } else if strong.contains(name), let body {
                    html ? raw("<strong>" + convert(body, html: true) + "</strong>") : raw(convert(body, html: false))
                } else if let body {
                    raw(convert(body, html: html))
                } else if index < scalars.count, scalars[index] == " " {
                    index += 1
                }
            case "{", "}":
                index += 1
            case "$":
                var end = index + 1
                while end < scalars.count, scalars[end] != "$" { end += 1 }
                let tex = String(String.UnicodeScalarView(scalars[(index + 1)..<min(end, scalars.count)]))
                index = min(end + 1, scalars.count)
                if html { raw("<span class=\"math inline\">\(HTML.escape(tex))</span>") } else { raw("$\(tex)$") }
            case "~":
                index += 1
                emit("\u{A0}")
            case "-":
                var count = 0
                while index < scalars.count, scalars[index] == "-" { count += 1; index += 1 }
                emit(count == 1 ? "-" : count == 2 ? "–" : "—")
            case "`" where index + 1 < scalars.count && scalars[index + 1] == "`":
                index += 2
                emit("“")
            case "'" where index + 1 < scalars.count && scalars[index + 1] == "'":
                index += 2
                emit("”")
            default:
                index += 1
                if scalar.properties.isWhitespace {
                    if !afterSpace { emit(" ") }
                    spaced = true
                    continue
                }
                emit(String(scalar))
            }
        }
        return String(out).precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
    }

    /// `base` with `mark` on its first letter (a dotless ı or ȷ takes its dot back: `\'{\i}` is í).
    private static func accented(_ base: String, _ mark: Unicode.Scalar) -> String {
        guard let first = base.first else { return String(mark) }
        let letter = first == "ı" ? "i" : first == "ȷ" ? "j" : String(first)
        return letter + String(mark) + String(base.dropFirst())
    }

    /// A `{…}` argument right after a command (spaces allowed before it), or nil.
    private static func argumentIfBraced(_ scalars: [Unicode.Scalar], _ index: inout Int) -> String? {
        var at = index
        while at < scalars.count, scalars[at] == " " { at += 1 }
        guard at < scalars.count, scalars[at] == "{" else { return nil }
        var depth = 0
        var result = String.UnicodeScalarView()
        while at < scalars.count {
            let scalar = scalars[at]
            at += 1
            if scalar == "{" { depth += 1; if depth == 1 { continue } }
            if scalar == "}" { depth -= 1; if depth == 0 { break } }
            result.append(scalar)
        }
        index = at
        return String(result)
    }
}

/// A person's name from a BibTeX `author`/`editor` list, split the way BibTeX splits it: `First von Last`,
/// `von Last, First` or `von Last, Jr, First`; a braced name (`{OpenBLAS developers}`) is one last name.
struct BibName: Equatable, Sendable {
    var first: String
    var von: String
    var last: String
    var junior: String

    /// The family name as cited: `van de Geijn`, `Marčenko`.
    var family: String { LaTeXText.plain([von, last].filter { !$0.isEmpty }.joined(separator: " ")) }

    /// `Goto, K.`, `van de Geijn, R. A.`, `Saxe, A. M.`
    var invertedWithInitials: String {
        let initials = LaTeXText.plain(first).split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).map { word in
            word.split(separator: "-").compactMap { $0.first.map { "\($0)." } }.joined(separator: "-")
        }.joined(separator: " ")
        var text = family
        if !junior.isEmpty { text += ", " + LaTeXText.plain(junior) }
        if !initials.isEmpty { text += ", " + initials }
        return text
    }

    /// The names of a field, and whether it ends in `and others` (et al.).
    static func list(_ field: String) -> (names: [BibName], others: Bool) {
        var names: [BibName] = []
        var others = false
        let field = field.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        for part in splitTopLevel(field, separator: " and ") {
            let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed == "others" { others = true; continue }
            names.append(parse(trimmed))
        }
        return (names, others)
    }

    static func parse(_ name: String) -> BibName {
        let parts = splitTopLevel(name, separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func words(_ text: String) -> [String] { splitTopLevel(text, separator: " ").filter { !$0.isEmpty } }
        func startsLowercase(_ word: String) -> Bool {
            guard let first = word.unicodeScalars.first, first != "{" else { return false }
            return first.properties.isLowercase
        }
        if parts.count >= 2 {
            var head = words(parts[0])
            var von: [String] = []
            while head.count > 1, startsLowercase(head[0]) { von.append(head.removeFirst()) }
            let first = parts.count >= 3 ? parts[2...].joined(separator: ", ") : parts[1]
            return BibName(first: first, von: von.joined(separator: " "), last: head.joined(separator: " "),
                           junior: parts.count >= 3 ? parts[1] : "")
        }
        let all = words(name)
        guard all.count > 1 else { return BibName(first: "", von: "", last: all.first ?? name, junior: "") }
        var last = [all[all.count - 1]]
        var rest = Array(all.dropLast())
        // The von part: the lower-case words right before the last name (`Robert A. van de Geijn`).
        var von: [String] = []
        while let word = rest.last, startsLowercase(word), rest.count > 1 { von.insert(rest.removeLast(), at: 0) }
        if von.isEmpty, let word = rest.last, startsLowercase(word), rest.count == 1 { last.insert(rest.removeLast(), at: 0) }
        return BibName(first: rest.joined(separator: " "), von: von.joined(separator: " "),
                       last: last.joined(separator: " "), junior: "")
    }

    /// Splits at `separator` outside braces (case-insensitively for ` and `).
    static func splitTopLevel(_ text: String, separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        let chars = Array(text)
        let sep = Array(separator.lowercased())
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "{" { depth += 1 } else if char == "}" { depth = max(0, depth - 1) }
            if depth == 0, index + sep.count <= chars.count,
               chars[index..<(index + sep.count)].map({ Character($0.lowercased()) }) == sep
               || (separator == " " && char.isWhitespace && depth == 0) {
                parts.append(current)
                current = ""
                index += separator == " " ? 1 : sep.count
                continue
            }
            current.append(char)
            index += 1
        }
        parts.append(current)
        return parts
    }
}
