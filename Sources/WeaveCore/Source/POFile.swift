import Foundation

/// One entry of a gettext catalogue.
struct POEntry: Equatable, Sendable {
    var context: String?
    var msgid: String
    var msgstr: String
    /// `#, fuzzy`: the translation needs review (gettext does not use it).
    var fuzzy = false
    /// `#| msgid "…"`: the source text the translation was made for, when it has changed since.
    var previous: String?
    /// `#: file:line` references.
    var references: [String] = []
    /// `#~`: an entry whose source text is gone (kept so the translation is not lost).
    var obsolete = false
    /// 1-based line of the entry's `msgid` in the file (0 for entries not read from a file).
    var line = 0

    var key: String { (context ?? "") + "\u{4}" + msgid }
}

/// A gettext `.po` catalogue, the format translators' tools (Poedit, Weblate, Lokalize) read and write:
/// one per chapter, `po/<edition>/<chapter>.po`. Read strictly: a line that is not gettext is an error at
/// its line and column.
struct POFile: Equatable, Sendable {
    var displayPath: String
    /// The header's fields (`Language: zh-CN`).
    var header: [String: String] = [:]
    var entries: [POEntry] = []

    // MARK: Reading

    static func load(_ url: URL) throws -> POFile? {
        guard let (shown, text) = try readAuthorFile(url, what: "the translation") else { return nil }
        return try POFile(displayPath: shown, text: text)
    }

    init(displayPath: String, entries: [POEntry] = [], header: [String: String] = [:]) {
        self.displayPath = displayPath
        self.entries = entries
        self.header = header
    }

    init(displayPath: String, text: String) throws {
        self.displayPath = displayPath
        var current = POEntry(msgid: "", msgstr: "")
        var field: String?       // the keyword the last string belongs to
        var started = false      // whether `current` has a msgid
        var hasMsgstr = false
        var pendingFlags: (fuzzy: Bool, previous: String?, references: [String]) = (false, nil, [])
        var parsed: [POEntry] = []
        let lines = text.lineSplit()

        func error(_ line: Int, _ column: Int, _ message: String) -> Diagnostic {
            Diagnostic(file: displayPath, line: line, column: column, message,
                       notes: [Chapter.quotedLine(text, line, column: column)], step: .read)
        }
        func finish(_ line: Int) throws {
            guard started else { return }
            guard hasMsgstr else { throw error(current.line, 1, "this entry has a msgid but no msgstr") }
            parsed.append(current)
            current = POEntry(msgid: "", msgstr: "")
            started = false
            hasMsgstr = false
            field = nil
        }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = Substring(raw).trimmingWhitespace()
            if line.isEmpty { continue }
            var obsolete = false
            if line.hasPrefix("#~") {
                obsolete = true
                line = line.dropFirst(2).trimmingWhitespace()
                if line.isEmpty { continue }
            } else if line.hasPrefix("#") {
                if started && hasMsgstr { try finish(number) }
                if line.hasPrefix("#,") {
                    let flags = line.dropFirst(2).split(separator: ",").map { $0.trimmingWhitespace() }
                    if flags.contains("fuzzy") { pendingFlags.fuzzy = true }
                } else if line.hasPrefix("#| msgid ") {
                    pendingFlags.previous = try Self.string(line.dropFirst("#| msgid ".count), line: number,
                                                            column: raw.count - line.count + 10, error: error)
                } else if line.hasPrefix("#|") {
                    // A continued previous msgid.
                    let rest = line.dropFirst(2).trimmingWhitespace()
                    if rest.hasPrefix("\""), let previous = pendingFlags.previous {
                        pendingFlags.previous = previous + (try Self.string(rest, line: number, column: 1, error: error))
                    }
                } else if line.hasPrefix("#:") {
                    pendingFlags.references += line.dropFirst(2).split(separator: " ").map(String.init)
                }
                continue
            }
            let column = raw.count - Substring(raw).drop(while: { $0 == " " || $0 == "\t" }).count + 1
            let keywords = ["msgctxt", "msgid_plural", "msgid", "msgstr"]
            if let keyword = keywords.first(where: { line.hasPrefix($0 + " ") || line.hasPrefix($0 + "[") }) {
                var rest = line.dropFirst(keyword.count)
                if rest.hasPrefix("[") {
                    throw error(number, column, "plural forms (\(keyword)[n]) are not used by weave's catalogues")
                }
                rest = rest.trimmingWhitespace()
                let value = try Self.string(rest, line: number, column: column + keyword.count + 1, error: error)
                switch keyword {
                case "msgctxt":
                    if started { try finish(number) }
                    current.context = value
                case "msgid":
                    if started { try finish(number) }
                    current.msgid = value
                    current.line = number
                    current.obsolete = obsolete
                    current.fuzzy = pendingFlags.fuzzy
                    current.previous = pendingFlags.previous
                    current.references = pendingFlags.references
                    pendingFlags = (false, nil, [])
                    started = true
                case "msgstr":
                    guard started else { throw error(number, column, "msgstr without a msgid before it") }
                    if hasMsgstr { throw error(number, column, "a second msgstr for one msgid") }
                    current.msgstr = value
                    hasMsgstr = true
                default:
                    throw error(number, column, "plural forms (msgid_plural) are not used by weave's catalogues")
                }
                field = keyword
            } else if line.hasPrefix("\"") {
                guard let field else { throw error(number, column, "a string with no msgid or msgstr before it") }
                let value = try Self.string(line, line: number, column: column, error: error)
                switch field {
                case "msgctxt": current.context = (current.context ?? "") + value
                case "msgid": current.msgid += value
                default: current.msgstr += value
                }
            } else {
                let word = line.prefix { !$0.isWhitespace }
                throw error(number, column, "expected msgctxt, msgid, msgstr, a \"string\" or a # comment, found '\(word)'")
            }
        }
        try finish(lines.count)
        // The header: the entry with an empty msgid.
        if let index = parsed.firstIndex(where: { $0.msgid.isEmpty && $0.context == nil }) {
            for field in parsed[index].msgstr.split(separator: "\n") {
                let parts = field.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { header[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            parsed.remove(at: index)
        }
        var seen: [String: Int] = [:]
        for entry in parsed where !entry.obsolete {
            if let first = seen[entry.key] {
                throw error(entry.line, 1, "this msgid is already translated at line \(first)")
            }
            seen[entry.key] = entry.line
        }
        entries = parsed
    }

    /// A C-style quoted string: `"…"` with `\n`, `\t`, `\"`, `\\` escapes.
    static func string(_ text: Substring, line: Int, column: Int, error: (Int, Int, String) -> Diagnostic) throws -> String {
        guard text.first == "\"" else { throw error(line, column, "expected a \"quoted string\"") }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let char = text[index]
            if char == "\"" {
                let after = text[text.index(after: index)...].trimmingWhitespace()
                guard after.isEmpty else {
                    throw error(line, column + text.distance(from: text.startIndex, to: index) + 1,
                                "text after the closing quote (a quote inside a string is written \\\")")
                }
                return result
            }
            if char == "\\" {
                let escapeColumn = column + text.distance(from: text.startIndex, to: index)
                index = text.index(after: index)
                guard index < text.endIndex else { break }
                switch text[index] {
                case "n": result += "\n"
                case "t": result += "\t"
                case "\"": result += "\""
                case "\\": result += "\\"
                case "r": result += "\r"
                default:
                    throw error(line, escapeColumn,
                                "unknown escape '\\\(text[index])' (use \\n, \\t, \\\" or \\\\)")
                }
            } else {
                result.append(char)
            }
            index = text.index(after: index)
        }
        throw error(line, column, "this string is never closed (a missing '\"' at the end of the line)")
    }

    // MARK: Writing

    /// The catalogue as gettext writes it (long strings split at line breaks).
    func text() -> String {
        var out = "# weave translation catalogue: translate each msgstr; keep code spans, math, @references and\n"
        out += "# [term](@article_id:N) links as they are. `weave translate` updates this file from the source.\n"
        out += "msgid \"\"\nmsgstr \"\"\n"
        for key in header.keys.sorted() { out += "\"\(Self.escape("\(key): \(header[key]!)\n"))\"\n" }
        for entry in entries {
            out += "\n"
            let mark = entry.obsolete ? "#~ " : ""
            if !entry.obsolete, !entry.references.isEmpty { out += "#: \(entry.references.joined(separator: " "))\n" }
            if entry.fuzzy && !entry.obsolete { out += "#, fuzzy\n" }
            if let previous = entry.previous, !entry.obsolete { out += Self.field("#| msgid", previous, mark: "") }
            if let context = entry.context { out += Self.field("msgctxt", context, mark: mark) }
            out += Self.field("msgid", entry.msgid, mark: mark)
            out += Self.field("msgstr", entry.msgstr, mark: mark)
        }
        return out
    }

    static func field(_ keyword: String, _ value: String, mark: String) -> String {
        let pieces = value.lineSplit()
        if pieces.count <= 1 { return "\(mark)\(keyword) \"\(escape(value))\"\n" }
        let continuation = keyword.hasPrefix("#|") ? "#| " : mark
        var out = "\(mark)\(keyword) \"\"\n"
        for (index, piece) in pieces.enumerated() {
            let text = index < pieces.count - 1 ? piece + "\n" : String(piece)
            if text.isEmpty { continue }
            out += "\(continuation)\"\(escape(text))\"\n"
        }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    }
}
