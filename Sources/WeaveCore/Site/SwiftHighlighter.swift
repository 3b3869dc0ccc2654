import Foundation
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Highlights Swift source at build time with swift-syntax's own classifier (SwiftIDEUtils), so the site
/// needs no client-side highlighter. Output is HTML-escaped text with `<span class="hl-…">` around
/// keywords, types, literals, comments and attributes; unclassified text is left bare.
///
/// The parser recovers from any input, so a block that does not compile still highlights.
enum SwiftHighlighter {
    /// The CSS class for a classification, or nil for text shown plain.
    static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: return "hl-kw"
        case .type: return "hl-ty"
        case .stringLiteral, .regexLiteral: return "hl-str"
        case .integerLiteral, .floatLiteral: return "hl-num"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return "hl-com"
        case .attribute: return "hl-attr"
        case .ifConfigDirective: return "hl-pp"
        case .dollarIdentifier: return "hl-var"
        case .argumentLabel: return "hl-label"
        case .operator: return "hl-op"
        default: return nil
        }
    }

    /// The code as highlighted HTML (for inside `<code>`).
    static func html(_ source: String) -> String {
        let tree = Parser.parse(source: source)
        let bytes = Array(source.utf8)
        var html = ""
        html.reserveCapacity(bytes.count * 2)
        var position = 0
        func text(_ range: Range<Int>) -> String {
            String(decoding: bytes[range], as: UTF8.self)
        }
        for classified in tree.classifications {
            let start = max(position, min(classified.range.lowerBound.utf8Offset, bytes.count))
            let end = min(classified.range.upperBound.utf8Offset, bytes.count)
            guard end > start else { continue }
            if start > position { html += HTML.escape(text(position..<start)) }
            let piece = HTML.escape(text(start..<end))
            if let css = cssClass(classified.kind) {
                html += "<span class=\"\(css)\">\(piece)</span>"
            } else {
                html += piece
            }
            position = end
        }
        if position < bytes.count { html += HTML.escape(text(position..<bytes.count)) }
        return html
    }
}

/// Highlighted code kept between builds by its content (`.weave-cache/pages/highlights.json`): a prose edit,
/// or a code edit in one block, highlights no other block again. One per site build, shared by its
/// editions; it keeps the code the book still has (pages served from the page cache highlight nothing, so
/// what one build used is not all that is live), so it does not grow.
final class HighlightCache: @unchecked Sendable {
    private let file: URL?
    private let lock = NSLock()
    private var stored: [String: String]
    private var used: [String: String] = [:]

    static let fileName = "highlights.json"

    /// - Parameter folder: where the file lives (nil: kept in memory for this build only).
    init(folder: URL?) {
        file = folder?.appendingPathComponent(Self.fileName)
        stored = file.flatMap { try? Data(contentsOf: $0) }
            .flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
    }

    /// `source` highlighted (`SwiftHighlighter.html`), from the cache when this source was highlighted before.
    func html(_ source: String) -> String {
        let key = SHA256.hex(of: source)
        lock.lock()
        if let hit = used[key] ?? stored[key] {
            used[key] = hit
            lock.unlock()
            return hit
        }
        lock.unlock()
        let html = SwiftHighlighter.html(source)
        lock.lock(); used[key] = html; lock.unlock()
        return html
    }

    /// Writes the highlighted code of `sources` (the book's code blocks) that this build used or read, when
    /// that differs from what was read.
    func save(keeping sources: [String]) {
        lock.lock(); defer { lock.unlock() }
        guard let file else { return }
        let live = Set(sources.map { SHA256.hex(of: $0) })
        let kept = stored.merging(used) { _, new in new }.filter { live.contains($0.key) }
        guard kept != stored else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(kept) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}
