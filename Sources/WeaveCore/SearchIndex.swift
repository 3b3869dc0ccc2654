import Foundation

/// One searchable piece of the site: a chapter's section (prose, headings, code and outputs as text).
struct SearchDocument: Encodable, Equatable {
    /// The page and anchor the result links to.
    var url: String
    /// "3. Chapter › Section".
    var title: String
    /// The text shown in result snippets.
    var text: String
    /// What lunr indexes: the title and text, with CJK runs written as overlapping bigrams (see `terms(_:)`).
    var terms: String
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
                let cut = text.count > maximumText ? String(text.prefix(maximumText)) : text
                documents.append(SearchDocument(url: anchor.isEmpty ? page : "\(page)#\(anchor)", title: title,
                                                text: cut, terms: terms(title + " " + cut)))
            }
            buffer = ""
        }
        var rest = Substring(article)
        // Swift's own `firstRange(of:)`, not Foundation's `range(of:)`: no UTF-16 bridging on long pages.
        while let start = rest.firstRange(of: "<h") {
            let level = rest[start.upperBound...].first
            guard let level, "123".contains(level), let close = rest[start.upperBound...].firstRange(of: "</h\(level)>") else {
                buffer += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            buffer += rest[..<start.lowerBound]
            let tag = rest[start.lowerBound..<close.upperBound]
            flush()
            if let id = ReferenceLinker.attribute("id", in: tag) { anchor = id }
            var headingHTML = String(tag)
            if let anchorLink = headingHTML.firstRange(of: "<a class=\"anchor\"") { headingHTML = String(headingHTML[..<anchorLink.lowerBound]) }
            let headingText = collapseWhitespace(plainText(headingHTML))
            title = level == "1" ? chapter : "\(chapter) › \(headingText)"
            rest = rest[close.upperBound...]
        }
        buffer += rest
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

    /// True for the scripts searched by bigrams: Han, kana, Hangul (and their compatibility blocks).
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

    static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
