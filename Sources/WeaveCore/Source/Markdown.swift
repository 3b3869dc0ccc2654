import Foundation
import CCmarkGFM

// The one file that calls cmark-gfm. Everything else sees Swift values: `MarkdownCodeBlock`s, the
// headings, and HTML produced through `render(...)` with hooks for the nodes weave replaces.

/// A fenced or indented code block as cmark-gfm parsed it.
public struct MarkdownCodeBlock: Equatable, Sendable {
    /// The info string, whole (`swift-exec hide-code fig=x`); empty for indented code.
    public var info: String
    /// The block's text, ending in a newline unless empty.
    public var code: String
    /// 1-based line of the opening fence (of the first line, for indented code).
    public var line: Int
    /// 1-based column of the opening fence.
    public var column: Int
    /// 1-based line of the last line of the block (the closing fence, when there is one).
    public var endLine: Int
    public var isFenced: Bool
    /// False when a fence is never closed and the block runs to the end of the file.
    public var isClosed: Bool
    /// The info string's first word.
    public var language: String { String(info.split(whereSeparator: \.isWhitespace).first ?? "") }
}

/// A heading, for the outline and the sidebar.
public struct MarkdownHeading: Equatable, Sendable {
    public var level: Int
    /// Plain text (inline markup removed).
    public var text: String
    public var line: Int
}

/// A link, for references weave resolves itself (`[term](@article_id:N)` glossary terms).
public struct MarkdownLink: Equatable, Sendable {
    public var url: String
    /// Plain text of the link (inline markup removed).
    public var text: String
    public var line: Int
}

/// Where a block starts and ends in the source (1-based lines and start column).
struct MarkdownBlockSpan: Equatable, Sendable {
    enum Kind: Sendable { case paragraph, heading, table }
    var kind: Kind
    var line: Int
    var column: Int
    var endLine: Int
    /// A heading's level (0 for other blocks).
    var level: Int
}

/// A Markdown document parsed by cmark-gfm with the GFM extensions (tables, strikethrough, autolinks,
/// task lists). Not thread-safe; use one per task.
final class MarkdownDocument {
    private let parser: OpaquePointer
    private let root: OpaquePointer
    private let sourceLines: [Substring]

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    init(_ text: String) {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FULL_INFO_STRING | CMARK_OPT_UNSAFE
        let parser: OpaquePointer = cmark_parser_new(options)
        for name in Self.extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        self.parser = parser
        root = cmark_parser_finish(parser)
        sourceLines = text.lineSplit()
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// All code blocks, in document order.
    var codeBlocks: [MarkdownCodeBlock] {
        nodes(ofType: CMARK_NODE_CODE_BLOCK).map(makeCodeBlock)
    }

    /// All headings, in document order.
    var headings: [MarkdownHeading] {
        nodes(ofType: CMARK_NODE_HEADING).map {
            MarkdownHeading(level: Int(cmark_node_get_heading_level($0)), text: plainText($0),
                            line: Int(cmark_node_get_start_line($0)))
        }
    }

    /// All links, in document order (before any rewriting by `render`).
    var links: [MarkdownLink] {
        nodes(ofType: CMARK_NODE_LINK).map { node in
            MarkdownLink(url: cmark_node_get_url(node).map { String(cString: $0) } ?? "", text: plainText(node),
                         line: Int(cmark_node_get_start_line(node)))
        }
    }

    /// The blocks a translation replaces, in document order: paragraphs (anywhere: in lists, quotes, divs),
    /// headings and tables, with where they start and end in the source.
    var translatableBlocks: [MarkdownBlockSpan] {
        var result: [MarkdownBlockSpan] = []
        var insideTable = 0
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let isTable = String(cString: cmark_node_get_type_string(node)) == "table"
            if isTable { insideTable += event == CMARK_EVENT_ENTER ? 1 : -1 }
            guard event == CMARK_EVENT_ENTER else { continue }
            let kind: MarkdownBlockSpan.Kind
            if isTable { kind = .table }
            else if insideTable > 0 { continue }
            else if type == CMARK_NODE_PARAGRAPH { kind = .paragraph }
            else if type == CMARK_NODE_HEADING { kind = .heading }
            else { continue }
            result.append(MarkdownBlockSpan(kind: kind, line: Int(cmark_node_get_start_line(node)),
                                            column: Int(cmark_node_get_start_column(node)),
                                            endLine: Int(cmark_node_get_end_line(node)),
                                            level: type == CMARK_NODE_HEADING ? Int(cmark_node_get_heading_level(node)) : 0))
        }
        return result
    }

    /// Renders the document to HTML. Each hook may replace a node's HTML:
    /// - `codeBlock`: given the block's index among all code blocks; nil keeps cmark's rendering.
    /// - `heading`: given the heading, its index and its inner HTML; returns the whole element.
    /// - `linkURL`: rewrites link destinations (for example `02-x.md` → `02-x.html`).
    func render(
        codeBlock: (Int, MarkdownCodeBlock) -> String?,
        heading: (Int, MarkdownHeading, String) -> String,
        linkURL: (String) -> String
    ) -> String {
        for (index, node) in nodes(ofType: CMARK_NODE_CODE_BLOCK).enumerated() {
            if let html = codeBlock(index, makeCodeBlock(node)) { replace(node, withHTML: html) }
        }
        for (index, node) in nodes(ofType: CMARK_NODE_HEADING).enumerated() {
            let info = MarkdownHeading(level: Int(cmark_node_get_heading_level(node)), text: plainText(node),
                                       line: Int(cmark_node_get_start_line(node)))
            let whole = html(of: node)
            let inner = innerHTML(whole, tag: "h\(info.level)")
            replace(node, withHTML: heading(index, info, inner))
        }
        for node in nodes(ofType: CMARK_NODE_LINK) {
            if let url = cmark_node_get_url(node) {
                let old = String(cString: url)
                let new = linkURL(old)
                if new != old { cmark_node_set_url(node, new) }
            }
        }
        return html(of: root)
    }

    // MARK: - cmark plumbing

    /// Calls `body` for `start` and every node below it, in document order.
    private func visit(_ start: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        let iterator = cmark_iter_new(start)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { body(node) }
        }
    }

    private func nodes(ofType type: cmark_node_type) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        visit(root) { node in
            if cmark_node_get_type(node) == type { result.append(node) }
        }
        return result
    }

    private func makeCodeBlock(_ node: OpaquePointer) -> MarkdownCodeBlock {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        let fenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
        let line = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        var closed = true
        if fenced {
            closed = isClosingFence(lineNumber: endLine, character: Character(Unicode.Scalar(UInt8(bitPattern: character))),
                                    length: Int(length)) && endLine > line
        }
        return MarkdownCodeBlock(
            info: cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "",
            code: cmark_node_get_literal(node).map { String(cString: $0) } ?? "",
            line: line, column: Int(cmark_node_get_start_column(node)), endLine: endLine,
            isFenced: fenced, isClosed: closed)
    }

    private func isClosingFence(lineNumber: Int, character: Character, length: Int) -> Bool {
        guard lineNumber >= 1, lineNumber <= sourceLines.count else { return false }
        // Inside a block quote the line starts with its `>` markers.
        let text = sourceLines[lineNumber - 1].drop { $0 == ">" || $0 == " " || $0 == "\t" }.trimmingWhitespace()
        return text.count >= length && text.allSatisfy { $0 == character }
    }

    private func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        visit(node) { child in
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    private func html(of node: OpaquePointer) -> String {
        // Table alignment as style attributes: `align` on cells is obsolete HTML (the Nu validator rejects it).
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        guard let rendered = cmark_render_html(node, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    private func replace(_ node: OpaquePointer, withHTML html: String) {
        guard let replacement = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { return }
        cmark_node_set_literal(replacement, html.hasSuffix("\n") ? html : html + "\n")
        cmark_node_replace(node, replacement)
        cmark_node_free(node)
    }

    private func innerHTML(_ html: String, tag: String) -> String {
        var s = Substring(html)
        if s.hasPrefix("<\(tag)>") { s = s.dropFirst(tag.count + 2) }
        while s.hasSuffix("\n") { s = s.dropLast() }
        if s.hasSuffix("</\(tag)>") { s = s.dropLast(tag.count + 3) }
        return String(s)
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}
