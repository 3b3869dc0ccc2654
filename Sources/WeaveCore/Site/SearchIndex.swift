import Foundation

/// One searchable piece of the site: a chapter's section (prose, headings, code and outputs as text).
struct SearchDocument: Codable, Equatable {
    /// The page and anchor the result links to.
    var url: String
    /// "3. Chapter › Section".
    var title: String
    /// The text shown in result snippets.
    var text: String
    /// What lunr indexes when it differs from title and text: both with CJK runs written as overlapping bigrams
    /// (see `terms(_:)`). Nil (left out of the index) for text without CJK, which is indexed as it is.
    var terms: String?
}

/// The site's full-text index, built at build time and searched in the browser with lunr (Debian's libjs-lunr).
///
/// lunr splits on whitespace and punctuation, which would leave a Chinese sentence as one token. So text in
/// CJK scripts is indexed as overlapping character bigrams ("矩阵乘法" → "矩阵 阵乘 乘法"), the usual
/// approach for CJK full-text search; the browser splits a query the same way (`weave.js`), so any run of two
/// or more CJK characters in a document can be found. The index is written as a script (`search-index.js`)
/// rather than JSON, so it loads from `file://` where `fetch` is not allowed.
enum SearchIndex {
    /// Documents longer than this are cut (a section with huge outputs stays searchable by its start).
    static let maximumText = 40_000

    /// Splits a chapter's article HTML into one document per section (at each `h1`–`h3` with an id).
    static func documents(page: String, chapter: String, article: String) -> [SearchDocument] {
        var documents: [SearchDocument] = []
        var anchor = ""
        var title = chapter
        var buffer = ""
        func flush(last: Bool = false) {
            let text = collapseWhitespace(plainText(buffer))
            if !text.isEmpty || (last && documents.isEmpty) {
                let cut = text.utf8.count > maximumText ? String(text.prefix(maximumText)) : text
                documents.append(SearchDocument(url: anchor.isEmpty ? page : "\(page)#\(anchor)", title: title,
                                                text: cut, terms: cjkTerms(title + " " + cut)))
            }
            buffer = ""
        }
        // A byte scan for `<h1`–`<h3` and their closing tags (generic string searching is slow on long pages).
        let bytes = Array(article.utf8)
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var i = from
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var position = 0
        var searchFrom = 0
        while let open = find(Array("<h".utf8), from: searchFrom) {
            let level = open + 2 < bytes.count ? bytes[open + 2] : 0
            guard (UInt8(ascii: "1")...UInt8(ascii: "3")).contains(level),
                  let close = find(Array("</h".utf8) + [level, UInt8(ascii: ">")], from: open + 3) else {
                searchFrom = open + 2
                continue
            }
            buffer += text(position..<open)
            let tag = text(open..<(close + 5))
            flush()
            if let id = ReferenceLinker.attribute("id", in: Substring(tag)) { anchor = id }
            var headingHTML = tag
            if let anchorLink = headingHTML.range(of: "<a class=\"anchor\"") { headingHTML = String(headingHTML[..<anchorLink.lowerBound]) }
            let headingText = collapseWhitespace(plainText(headingHTML))
            title = level == UInt8(ascii: "1") ? chapter : "\(chapter) › \(headingText)"
            position = close + 5
            searchFrom = position
        }
        buffer += text(position..<bytes.count)
        flush(last: true)
        return documents
    }

    /// The script that holds the index: `window.weaveSearchDocuments = [...]`.
    static func script(_ documents: [SearchDocument]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(documents), as: UTF8.self)
        return "// weave's search index, built with the site. Loaded by weave.js and searched with lunr.\nwindow.weaveSearchDocuments = \(json);\n"
    }

    /// The bigram form of a document, or nil when it has no CJK text.
    static func cjkTerms(_ text: String) -> String? {
        text.unicodeScalars.contains(where: isCJK) ? terms(text) : nil
    }

    /// True for the scripts searched by bigrams: Han, kana, Hangul (and their compatibility blocks).
    /// Whether a character is a letter or digit of a word weave's ids are made of: CJK characters are not
    /// (Chinese text runs into a reference without a space: `见@eq-x的推导`).
    static func isWordCharacter(_ char: Character) -> Bool {
        (char.isLetter || char.isNumber) && !char.unicodeScalars.contains(where: isCJK)
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF,
             0x1100...0x11FF, 0x3130...0x318F, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Text as lunr should index it: CJK runs become space-separated overlapping bigrams (a single CJK
    /// character stays itself); everything else is kept. Mirrors `cjkTerms` in weave.js.
    static func terms(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isCJK) else { return text }
        var result = ""
        var run: [Unicode.Scalar] = []
        func flushRun() {
            guard !run.isEmpty else { return }
            result += " "
            if run.count == 1 {
                result.unicodeScalars.append(run[0])
            } else {
                for i in 0..<(run.count - 1) {
                    if i > 0 { result += " " }
                    result.unicodeScalars.append(run[i])
                    result.unicodeScalars.append(run[i + 1])
                }
            }
            result += " "
            run.removeAll()
        }
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                run.append(scalar)
            } else {
                flushRun()
                result.unicodeScalars.append(scalar)
            }
        }
        flushRun()
        return result
    }

    /// Tags that do not separate words.
    static let inlineTags: Set<String> = ["a", "span", "em", "strong", "code", "b", "i", "sub", "sup", "del", "mark", "s"]

    /// HTML to text: tags dropped (block-level ones leave a space), the five escapes weave writes undone.
    static func plainText(_ html: String) -> String {
        var text = String.UnicodeScalarView()
        var tag: String.UnicodeScalarView?
        for scalar in html.unicodeScalars {
            if tag != nil {
                if scalar == ">" {
                    let name = String(String(tag!).drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })).lowercased()
                    if !inlineTags.contains(name) { text.append(" ") }
                    tag = nil
                } else if tag!.count < 12 {
                    tag!.append(scalar)
                }
            } else if scalar == "<" {
                tag = String.UnicodeScalarView()
            } else {
                text.append(scalar)
            }
        }
        let result = String(text)
        guard result.contains("&") else { return result }
        return ReferenceLinker.text(Substring(result))
    }

    /// Runs of white space become one space; none at either end.
    static func collapseWhitespace(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(scalar)
            }
        }
        return String(result)
    }
}
