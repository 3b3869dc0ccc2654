import Foundation

/// One `swift-exec` block of a chapter.
public struct ExecBlock: Equatable, Sendable {
    /// Index among the chapter's swift-exec blocks.
    public var index: Int
    /// Index among all the chapter's code blocks (what the renderer counts).
    public var codeBlockIndex: Int
    public var code: String
    /// The code as it is compiled: where cmark removed only indentation (a block inside a list item), each
    /// line as it stands in the chapter file, so the compiler's columns are the file's columns; elsewhere
    /// (a block quote's `>` markers) the line as cmark gives it.
    public var programCode: String
    public var options: BlockOptions
    /// 1-based line of the opening fence; the code starts on `line + 1`.
    public var line: Int
    public var column: Int
    public var endLine: Int
}

/// A chapter: its text, its outline and its executable blocks, parsed once by cmark-gfm.
public struct Chapter: Sendable {
    public var url: URL
    /// Path shown in diagnostics and used in `#sourceLocation`.
    public var displayPath: String
    /// The page's name (`slug.html`), also naming the figure folder and the cache entry: the file name
    /// without `.md`, as a `Slug.page` (safe in any URL, attribute or path).
    public var slug: String
    public var title: String
    public var text: String
    public var headings: [MarkdownHeading]
    public var codeBlocks: [MarkdownCodeBlock]
    public var execBlocks: [ExecBlock]
    /// Fenced divs (exercises, solutions, callouts), in the order they open.
    var divs: [FencedDiv] = []
    /// In a translated edition, the source chapter's headings: anchors stay the source's, so a link to
    /// `#summary` works in every edition.
    var sourceHeadings: [MarkdownHeading]?

    public static let execLanguage = "swift-exec"

    static func load(url: URL, bookRoot: URL) throws -> Chapter {
        let shown = userPath(url)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Diagnostic(file: shown, "cannot read chapter: \(Diagnostic.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            let (line, column) = firstInvalidUTF8(data)
            throw Diagnostic(file: shown, line: line, column: column, "chapter is not valid UTF-8 text")
        }
        return try Chapter(url: url, displayPath: shown, text: text)
    }

    /// Parses chapter text. `displayPath` is what diagnostics and `#sourceLocation` show.
    public init(url: URL, displayPath: String, text rawText: String) throws {
        // Windows line ends: "\r\n" is one Character in Swift, so line splitting would not see them.
        let text = rawText.contains("\r\n") ? rawText.replacingOccurrences(of: "\r\n", with: "\n") : rawText
        self.url = url
        self.displayPath = displayPath
        let baseName = url.deletingPathExtension().lastPathComponent
        self.slug = Slug.page(forFile: baseName)
        self.text = text
        let document = MarkdownDocument(text)
        headings = document.headings
        codeBlocks = document.codeBlocks
        title = headings.first(where: { $0.level == 1 })?.text ?? baseName
        var blocks: [ExecBlock] = []
        let sourceLines = text.lineSplit()
        for (index, block) in codeBlocks.enumerated() {
            if block.isFenced && !block.isClosed {
                throw Diagnostic(file: displayPath, line: block.line, column: block.column,
                                 "code fence is never closed (it runs to the end of the file)")
            }
            guard block.language == Self.execLanguage else { continue }
            let info = block.info
            let languageEnd = info.firstIndex(where: \.isWhitespace) ?? info.endIndex
            let optionText = String(info[languageEnd...])
            // Column of the info string: after the indentation and the fence characters.
            let infoColumn = block.column + fenceWidth(line: block.line, column: block.column)
                + info.distance(from: info.startIndex, to: languageEnd)
            let options = try BlockOptions.parse(optionText) { offset, message in
                Diagnostic(file: displayPath, line: block.line, column: infoColumn + offset, message,
                           notes: [Self.quotedLine(text, block.line, column: infoColumn + offset)])
            }
            blocks.append(ExecBlock(index: blocks.count, codeBlockIndex: index, code: block.code,
                                    programCode: Self.alignedWithSource(block.code, firstLine: block.line + 1,
                                                                        sourceLines: sourceLines),
                                    options: options, line: block.line, column: block.column, endLine: block.endLine))
        }
        execBlocks = blocks
        divs = try FencedDivs.parse(text, codeLines: Self.codeLines(codeBlocks), file: displayPath)

        func fenceWidth(line: Int, column: Int) -> Int {
            // From cmark's column (past any block-quote markers), then past the fence's indentation.
            // The line from the split made once above (splitting the text for every block was quadratic).
            let whole = line >= 1 && line <= sourceLines.count ? sourceLines[line - 1] : ""
            let source = whole.dropFirst(Swift.max(0, column - 1)).drop(while: { $0 == " " })
            guard let fence = source.first else { return 0 }
            return source.prefix(while: { $0 == fence }).count
        }
    }

    /// `code` with the indentation cmark removed put back, so compiler columns are the file's: each line
    /// replaced by the source line it came from, when every non-blank line is its source line minus the same
    /// number of leading spaces. Otherwise (a block quote's `>`, a tab that cmark expanded, a fence indented
    /// deeper than some of its lines) the code stays as cmark gives it, since re-indenting by different
    /// amounts could change a multi-line string literal.
    static func alignedWithSource(_ code: String, firstLine: Int, sourceLines: [Substring]) -> String {
        var lines = code.lineSplit()
        var removed: Int?
        for offset in lines.indices {
            let line = lines[offset]
            // A blank line may be blank in the source, or be the code's final newline (the closing fence).
            if line.allSatisfy({ $0 == " " }) { continue }
            let number = firstLine + offset   // 1-based
            guard number - 1 < sourceLines.count else { return code }
            let source = sourceLines[number - 1]
            let extra = source.count - line.count
            guard extra >= 0, source.hasSuffix(line), source.prefix(extra).allSatisfy({ $0 == " " }),
                  removed == nil || removed == extra else { return code }
            removed = extra
            lines[offset] = source
        }
        return lines.joined(separator: "\n")
    }

    /// 1-based line numbers that belong to code blocks (fences included).
    var codeLines: Set<Int> { Self.codeLines(codeBlocks) }

    /// The first place outside code where `needle` stands as a whole reference (not followed by more of an id).
    /// The first place outside code where `needle` is written, as a whole reference (not followed by more of
    /// an id): 1-based line and column.
    func locate(_ needle: String) -> (Int, Int)? {
        let codeLines = self.codeLines
        for (index, line) in text.lineSplit().enumerated()
        where !codeLines.contains(index + 1) {
            var from = line.startIndex
            let code = Self.inlineCodeRanges(line)
            while let range = line.range(of: needle, range: from..<line.endIndex) {
                let next = range.upperBound < line.endIndex && !(needle.last == ")") ? line[range.upperBound] : " "
                // The same rule as the reference parser: CJK characters do not continue an id (见@eq-x的).
                if !(SearchIndex.isWordCharacter(next) || next == "-" || next == "_"),
                   !code.contains(where: { $0.contains(range.lowerBound) }) {
                    return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
                from = range.upperBound
            }
        }
        return nil
    }


    /// The code spans of one line (`` `x` ``, ``` ``x`` ```): a backtick run up to the next run of the same length.
    static func inlineCodeRanges(_ line: Substring) -> [Range<Substring.Index>] {
        var ranges: [Range<Substring.Index>] = []
        var index = line.startIndex
        while let open = line[index...].firstIndex(of: "`") {
            let openEnd = line[open...].firstIndex { $0 != "`" } ?? line.endIndex
            let length = line.distance(from: open, to: openEnd)
            var search = openEnd
            var closed = false
            while let close = line[search...].firstIndex(of: "`") {
                let closeEnd = line[close...].firstIndex { $0 != "`" } ?? line.endIndex
                if line.distance(from: close, to: closeEnd) == length {
                    ranges.append(open..<closeEnd)
                    index = closeEnd
                    closed = true
                    break
                }
                search = closeEnd
            }
            if !closed { index = openEnd }
        }
        return ranges
    }

    static func codeLines(_ blocks: [MarkdownCodeBlock]) -> Set<Int> {
        var lines = Set<Int>()
        for block in blocks { lines.formUnion(block.line...max(block.line, block.endLine)) }
        return lines
    }

    /// The exercises, in order.
    var exercises: [FencedDiv] { divs.filter { $0.kind == .exercise } }

    static func sourceLine(_ text: String, _ line: Int) -> String {
        var current = 1
        for piece in text.lineSplit() {
            if current == line { return String(piece) }
            current += 1
        }
        return ""
    }

    /// Line `line` of `text` as an error note quotes it: at most `width` characters, cut around `column` (the
    /// spot the diagnostic points at) with "…" where text was left out, so a minified or generated line of
    /// 100 000 characters does not flood the terminal.
    static func quotedLine(_ text: String, _ line: Int, column: Int? = nil, width: Int = 120) -> String {
        let whole = sourceLine(text, line)
        guard whole.count > width else { return whole }
        let characters = Array(whole)
        let center = min(max(0, (column ?? 1) - 1), characters.count - 1)
        let start = max(0, min(center - width / 3, characters.count - width))
        let end = min(characters.count, start + width)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }

    /// 1-based line and column (in characters) of the UTF-8 byte at `offset` in `bytes`.
    static func lineAndColumn(ofByte offset: Int, in bytes: some Collection<UInt8>) -> (line: Int, column: Int) {
        let prefix = Array(bytes.prefix(max(0, offset)))
        let lineStart = (prefix.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let line = prefix.filter { $0 == 0x0A }.count + 1
        let column = String(decoding: prefix[lineStart...], as: UTF8.self).count + 1
        return (line, column)
    }

    /// Line and column of the first byte that breaks UTF-8 (or a NUL byte).
    static func firstInvalidUTF8(_ data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            var length = 0
            switch b {
            case 0: return (line, i - lineStart + 1)
            case 0x01..<0x80: length = 1
            case 0xC2..<0xE0: length = 2
            case 0xE0..<0xF0: length = 3
            case 0xF0..<0xF5: length = 4
            default: return (line, i - lineStart + 1)
            }
            if i + length > bytes.count { return (line, i - lineStart + 1) }
            if length > 1, String(bytes: bytes[i..<(i + length)], encoding: .utf8) == nil {
                return (line, i - lineStart + 1)
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, 1)
    }
}
