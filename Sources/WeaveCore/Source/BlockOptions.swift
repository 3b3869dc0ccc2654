/// The options of a fenced code block, parsed from its info string:
///
///     ```swift-exec hide-code fig=decay caption="Gradient norm by layer" timeout=60
///
/// - `hide-code`: show only the output (the code sits behind a toggle).
/// - `hide-output`: run the block but show no output.
/// - `should-fail`: the block is expected to fail (a compile error or a trap); its diagnostic becomes its
///   output, the chapter's other blocks still run, and the build fails if the block succeeds.
/// - `fig=ID` and `caption="…"`: the figure the block shows gets this id (for `@fig-ID` references) and caption.
/// - `timeout=SECONDS`: this block's time limit (overrides `--timeout`).
/// - `problem=ID`: the experiment this block carries, for `[@problem_id:ID]` references.
public struct BlockOptions: Equatable, Sendable, Hashable {
    public var hideCode = false
    public var hideOutput = false
    public var shouldFail = false
    public var figureID: String?
    public var caption: String?
    public var timeout: Double?
    public var problemID: String?

    public init() {}

    /// A stable text form, used in cache keys.
    var canonical: String {
        var parts: [String] = []
        if hideCode { parts.append("hide-code") }
        if hideOutput { parts.append("hide-output") }
        if shouldFail { parts.append("should-fail") }
        if let figureID { parts.append("fig=\(figureID)") }
        if let caption { parts.append("caption=\(caption)") }
        if let timeout { parts.append("timeout=\(timeout)") }
        if let problemID { parts.append("problem=\(problemID)") }
        return parts.joined(separator: "\u{1F}")
    }

    static let known = ["hide-code", "hide-output", "should-fail", "fig", "caption", "timeout", "problem"]

    /// Parses the words after the language in an info string.
    /// - Parameter report: builds the diagnostic for a problem at a 0-based offset into `text`.
    static func parse(_ text: String, report: (Int, String) -> Diagnostic) throws -> BlockOptions {
        var options = BlockOptions()
        for token in try tokenize(text, report: report) {
            let value = token.value
            func requireValue() throws -> String {
                guard let value, !value.isEmpty else {
                    throw report(token.offset, "option '\(token.key)' needs a value, as in \(token.key)=…")
                }
                return value
            }
            func forbidValue() throws {
                if value != nil { throw report(token.offset, "option '\(token.key)' takes no value") }
            }
            switch token.key {
            case "hide-code": try forbidValue(); options.hideCode = true
            case "hide-output": try forbidValue(); options.hideOutput = true
            case "should-fail": try forbidValue(); options.shouldFail = true
            case "fig":
                let id = try requireValue()
                guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw report(token.offset, "figure id '\(id)' may contain only letters, digits, '-' and '_'")
                }
                options.figureID = id
            case "caption": options.caption = try requireValue()
            case "timeout":
                let raw = try requireValue()
                guard let seconds = Double(raw), seconds > 0, seconds.isFinite else {
                    throw report(token.offset, "timeout must be a positive number of seconds, not '\(raw)'")
                }
                options.timeout = seconds
            case "problem": options.problemID = try requireValue()
            default:
                let suggestion = known.first { editDistance($0, token.key) <= 2 }.map { " (did you mean '\($0)'?)" } ?? ""
                throw report(token.offset,
                             "unknown block option '\(token.key)'\(suggestion); known options: \(known.joined(separator: ", "))")
            }
        }
        if options.caption != nil && options.figureID == nil {
            throw report(0, "a caption needs a figure id: add fig=ID")
        }
        return options
    }

    struct Token { var key: String; var value: String?; var offset: Int }

    /// Splits `key`, `key=value` and `key="quoted value"` words; offsets count characters.
    static func tokenize(_ text: String, report: (Int, String) -> Diagnostic) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace { i += 1; continue }
            let start = i
            var key = ""
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "=" { key.append(chars[i]); i += 1 }
            var value: String?
            if i < chars.count, chars[i] == "=" {
                i += 1
                var v = ""
                if i < chars.count, chars[i] == "\"" {
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "\\", i + 1 < chars.count { v.append(chars[i + 1]); i += 2; continue }
                        if chars[i] == "\"" { closed = true; i += 1; break }
                        v.append(chars[i]); i += 1
                    }
                    if !closed { throw report(start, "unterminated quoted value for option '\(key)'") }
                } else {
                    while i < chars.count, !chars[i].isWhitespace { v.append(chars[i]); i += 1 }
                }
                value = v
            }
            tokens.append(Token(key: key, value: value, offset: start))
        }
        return tokens
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
