import Foundation

/// One entry of a BibTeX file: its fields with `@string` abbreviations expanded and `#` concatenations joined,
/// still in LaTeX as written (braces, accents) — `LaTeXText` turns a field into text.
struct BibEntry: Equatable, Sendable {
    /// Lower-cased: `article`, `book`, `inproceedings`, …
    var type: String
    var key: String
    /// Field values by lower-cased field name.
    var fields: [String: String]
    /// 1-based line of the entry's `@`.
    var line: Int

    subscript(_ name: String) -> String? { fields[name] }
}

/// The book's `references.bib` (BibTeX), parsed the way BibTeX itself reads a file: text outside entries is a
/// comment; `@comment` and `@preamble` are skipped; `@string{name = value}` defines an abbreviation (the month
/// macros `jan` … `dec` are predefined); a value is `{…}` (nested braces), `"…"`, a number or an abbreviation,
/// and `#` joins values. Entries may use `{…}` or `(…)`. A mistake is an error at its line and column.
struct BibliographyFile: Sendable {
    var displayPath: String
    var text: String
    /// Entries in file order.
    var entries: [BibEntry]
    private var indexByKey: [String: Int]

    static let fileName = "references.bib"

    static let months = ["jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
                         "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
                         "nov": "November", "dec": "December"]

    subscript(key: String) -> BibEntry? { indexByKey[key].map { entries[$0] } }

    /// Reads `references.bib` in `root`, or returns nil when the book has none.
    static func load(root: URL) throws -> BibliographyFile? {
        guard let (shown, text) = try readAuthorFile(root.appendingPathComponent(fileName), what: "the bibliography") else { return nil }
        return try BibliographyFile(displayPath: shown, text: text)
    }

    init(displayPath: String, text: String) throws {
        self.displayPath = displayPath
        self.text = text
        var parser = BibParser(text: text, displayPath: displayPath)
        entries = try parser.parse()
        var indexByKey: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if let first = indexByKey[entry.key] {
                throw Diagnostic(file: displayPath, line: entry.line, column: 1,
                                 "duplicate bibliography key '\(entry.key)': first defined at line \(entries[first].line)",
                                 notes: [Chapter.quotedLine(text, entry.line)], step: .read)
            }
            indexByKey[entry.key] = index
        }
        self.indexByKey = indexByKey
    }
}

/// A recursive-descent reader of BibTeX over Unicode scalars, keeping line and column for its errors.
private struct BibParser {
    let scalars: [Unicode.Scalar]
    let text: String
    let displayPath: String
    var position = 0
    var macros = BibliographyFile.months

    init(text: String, displayPath: String) {
        self.text = text
        self.displayPath = displayPath
        scalars = Array(text.unicodeScalars)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func parse() throws -> [BibEntry] {
        var entries: [BibEntry] = []
        while let at = scalars[position...].firstIndex(of: "@") {
            position = at + 1
            let entryStart = at
            let type = readWhile { $0.properties.isAlphabetic }.lowercased()
            guard !type.isEmpty else { throw error(at: position, "expected an entry type after '@' (such as @article)") }
            skipSpace()
            guard let open = current, open == "{" || open == "(" else {
                throw error(at: position, "expected '{' after @\(type) (text between entries is a comment, but an '@' in it starts an entry)")
            }
            let close: Unicode.Scalar = open == "{" ? "}" : ")"
            position += 1
            switch type {
            case "comment":
                try skipBalanced(from: at, close: close)
                continue
            case "preamble":
                skipSpace()
                _ = try value(field: "@preamble", entryStart: entryStart)
                try expectClose(close, entryStart: entryStart, after: "the preamble")
            case "string":
                skipSpace()
                let nameStart = position
                let name = readWhile(Self.isNameScalar).lowercased()
                guard !name.isEmpty else { throw error(at: nameStart, "expected an abbreviation name in @string") }
                skipSpace()
                guard current == "=" else { throw error(at: position, "expected '=' after @string name '\(name)'") }
                position += 1
                skipSpace()
                macros[name] = try value(field: name, entryStart: entryStart)
                try expectClose(close, entryStart: entryStart, after: "@string \(name)")
            default:
                skipSpace()
                let keyStart = position
                let key = readWhile { !($0.properties.isWhitespace || $0 == "," || $0 == "{" || $0 == "}" || $0 == close) }
                guard !key.isEmpty else { throw error(at: keyStart, "@\(type) entry has no key: write @\(type){key, …}") }
                skipSpace()
                var fields: [String: String] = [:]
                if current == "," {
                    position += 1
                    while true {
                        skipSpace()
                        if current == close { break }
                        guard current != nil else { throw unclosed(entryStart, key: key) }
                        let nameStart = position
                        let name = readWhile(Self.isNameScalar).lowercased()
                        guard !name.isEmpty else {
                            throw error(at: nameStart, "expected a field name or '\(close)' in entry '\(key)'")
                        }
                        skipSpace()
                        guard current == "=" else {
                            throw error(at: position, "expected '=' after field '\(name)' in entry '\(key)'")
                        }
                        position += 1
                        skipSpace()
                        let fieldValue = try value(field: name, entryStart: entryStart)
                        if fields[name] != nil {
                            throw error(at: nameStart, "field '\(name)' appears twice in entry '\(key)'")
                        }
                        fields[name] = fieldValue
                        skipSpace()
                        if current == "," { position += 1; continue }
                        if current == close { break }
                        guard current != nil else { throw unclosed(entryStart, key: key) }
                        if current == "@", position > 0, scalars[position - 1] == "\n" {
                            throw error(at: entryStart, "entry '\(key)' is not closed before the next entry starts at line \(lineAndColumn(position).0) (a missing '\(close)'?)")
                        }
                        throw error(at: position, "expected ',' or '\(close)' after the value of field '\(name)' in entry '\(key)' (a missing comma?)")
                    }
                } else if current != close {
                    guard current != nil else { throw unclosed(entryStart, key: key) }
                    throw error(at: position, "expected ',' after the key '\(key)'")
                }
                position += 1
                entries.append(BibEntry(type: type, key: key, fields: fields, line: lineAndColumn(entryStart).0))
            }
        }
        return entries
    }

    /// A field's value: parts joined by `#`.
    mutating func value(field: String, entryStart: Int) throws -> String {
        var result = ""
        while true {
            guard let scalar = current else { throw unclosed(entryStart, key: nil) }
            if scalar == "{" {
                result += try delimited(open: position, closing: "}", field: field)
            } else if scalar == "\"" {
                result += try delimited(open: position, closing: "\"", field: field)
            } else if scalar.properties.numericType != nil, scalar.isASCII {
                result += readWhile { $0.isASCII && $0.properties.numericType != nil }
            } else if Self.isNameScalar(scalar) {
                let start = position
                let name = readWhile(Self.isNameScalar)
                guard let expansion = macros[name.lowercased()] else {
                    throw error(at: start, "unknown abbreviation '\(name)' in field '\(field)': define it with @string{\(name) = {…}}, or write the value in braces")
                }
                result += expansion
            } else {
                throw error(at: position, "expected a value for field '\(field)': {…}, \"…\", a number or an @string abbreviation")
            }
            skipSpace()
            guard current == "#" else { return result }
            position += 1
            skipSpace()
        }
    }

    /// The text of `{…}` or `"…"` starting at `open`, without its delimiters; braces inside must balance.
    mutating func delimited(open: Int, closing: Unicode.Scalar, field: String) throws -> String {
        position = open + 1
        var depth = 0
        var result = String.UnicodeScalarView()
        while let scalar = current {
            if scalar == "{" { depth += 1 }
            if scalar == "}" {
                if depth == 0 {
                    if closing == "}" { position += 1; return String(result) }
                    throw error(at: position, "unbalanced '}' in field '\(field)'")
                }
                depth -= 1
            }
            if scalar == closing, closing == "\"", depth == 0 { position += 1; return String(result) }
            // A new entry at the start of a line inside a value: the value's brace was never closed.
            if scalar == "\n", position + 1 < scalars.count, scalars[position + 1] == "@",
               scalars[(position + 2)...].prefix(while: { $0.properties.isAlphabetic }).count > 0 {
                let (line, _) = lineAndColumn(position + 1)
                throw error(at: open, "the value of field '\(field)' is never closed: a new entry starts at line \(line) before its closing \(closing == "}" ? "brace" : "quote")")
            }
            result.append(scalar)
            position += 1
        }
        throw error(at: open, "the value of field '\(field)' is never closed")
    }

    mutating func expectClose(_ close: Unicode.Scalar, entryStart: Int, after what: String) throws {
        skipSpace()
        guard current == close else {
            guard current != nil else { throw unclosed(entryStart, key: nil) }
            throw error(at: position, "expected '\(close)' after \(what)")
        }
        position += 1
    }

    mutating func skipBalanced(from start: Int, close: Unicode.Scalar) throws {
        var depth = 0
        while let scalar = current {
            position += 1
            if close == ")" { if scalar == ")" { return } else { continue } }
            if scalar == "{" { depth += 1 }
            if scalar == "}" { if depth == 0 { return }; depth -= 1 }
        }
        throw error(at: start, "@comment is never closed")
    }

    mutating func readWhile(_ accept: (Unicode.Scalar) -> Bool) -> String {
        var result = String.UnicodeScalarView()
        while let scalar = current, accept(scalar) { result.append(scalar); position += 1 }
        return String(result)
    }

    mutating func skipSpace() {
        while let scalar = current, scalar.properties.isWhitespace { position += 1 }
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || (scalar.isASCII && scalar.properties.numericType != nil)
            || "-_:.+/'".unicodeScalars.contains(scalar)
    }

    func lineAndColumn(_ index: Int) -> (Int, Int) {
        var line = 1, column = 1
        for scalar in scalars[..<min(index, scalars.count)] {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    func error(at index: Int, _ message: String) -> Diagnostic {
        let (line, column) = lineAndColumn(index)
        return Diagnostic(file: displayPath, line: line, column: column, message,
                          notes: [Chapter.quotedLine(text, line, column: column)], step: .read)
    }

    func unclosed(_ entryStart: Int, key: String?) -> Diagnostic {
        error(at: entryStart, "this entry\(key.map { " ('\($0)')" } ?? "") is never closed: the file ends first")
    }
}
