/// The contract between weave and the chapter programs it runs, in one place: the environment variables
/// weave sets, the marker lines a program prints, the runtime calls a generated program makes, and how
/// figures are named. weave (`WeaveCore`) and the engine's runtime (`WeaveKit`) both import this module
/// and nothing else of each other; it depends on nothing, not even Foundation.
///
/// A chapter program's standard output and standard error are one stream. Block boundaries, figures and
/// the end of the program are announced in that stream as marker lines,
///
///     \u{1E}WEAVE<nonce> block 3
///
/// starting with the record-separator control character and a per-run nonce, so text a block prints can
/// never be taken for a marker, and output keeps the order it was printed in.

/// The environment variables weave gives a chapter program.
public enum ProgramEnvironment {
    /// The per-run nonce that marker lines carry.
    public static let nonce = "WEAVE_NONCE"
    /// The folder figures are written into.
    public static let figureFolder = "WEAVE_FIGURE_DIR"
    /// The chapter's slug (names automatic figures).
    public static let chapter = "WEAVE_CHAPTER"
    /// A file descriptor the program inherits: the read end of a pipe whose write end only weave holds.
    /// Reading it returns end-of-file when weave has exited, however it exited (even killed by SIGKILL).
    public static let lifeline = "WEAVE_LIFELINE_FD"
    /// The descriptor number weave puts the lifeline at.
    public static let lifelineDescriptor: Int32 = 3
}

/// One marker line's content.
public enum ProgramMarker: Equatable, Sendable {
    /// Block `index` (0-based among the chapter's `swift-exec` blocks) starts.
    case block(Int)
    /// The current block showed the figure file with this name (in the figure folder).
    case figure(String)
    /// The program ran its last block.
    case end
    /// The OpenBLAS kernel set the program got (`OPENBLAS_CORETYPE` names).
    case blas(String)

    /// The first byte of every marker line (ASCII record separator).
    public static let leadByte: UInt8 = 0x1E

    /// What every marker line of a run starts with.
    public static func prefix(nonce: String) -> String { "\u{1E}WEAVE\(nonce) " }

    /// The marker's text after the prefix.
    public var text: String {
        switch self {
        case .block(let index): "block \(index)"
        case .figure(let name): "figure \(name)"
        case .end: "end"
        case .blas(let core): "blas \(core)"
        }
    }

    /// The whole line, newline included.
    public func line(nonce: String) -> String { Self.prefix(nonce: nonce) + text + "\n" }

    /// Reads a marker's text (after the prefix); nil for anything else.
    public init?(text: String) {
        let space = text.firstIndex(of: " ")
        let word = space.map { String(text[..<$0]) } ?? text
        let rest = space.map { String(text[text.index(after: $0)...]) }
        switch (word, rest) {
        case ("block", let value?): guard let index = Int(value), index >= 0 else { return nil }; self = .block(index)
        case ("figure", let name?) where !name.isEmpty: self = .figure(name)
        case ("end", nil): self = .end
        case ("blas", let core?) where !core.isEmpty: self = .blas(core)
        default: return nil
        }
    }
}

/// The calls a generated chapter program makes into the runtime, as the source text weave writes.
public enum ProgramEntryPoints {
    /// The module a chapter program imports.
    public static let module = "WeaveKit"
    /// First statement: line-buffered output, the OpenBLAS marker.
    public static let startChapter = "WeaveRuntime.startChapter()"
    /// Before block `index`, with the block's `fig=` id.
    public static func beginBlock(_ index: Int, figureID: String?) -> String {
        "WeaveRuntime.beginBlock(\(index), figureID: \(figureID.map { "\"\($0)\"" } ?? "nil"))"
    }
    /// Last statement.
    public static let endChapter = "WeaveRuntime.endChapter()"
}

/// The file name (without extension) of the `k`-th figure (1-based) a block shows.
///
/// The first figure of a block with `fig=ID` is `ID`; further ones are `ID.2`, `ID.3`…; a block without
/// an id names its figures `<chapter>.block<N>.<k>`. Figure ids may contain only letters, digits, `-` and
/// `_`, so an automatic name (which has a `.`) can never be another block's id.
public enum FigureNaming {
    public static func name(figureID: String?, chapter: String, block: Int, k: Int) -> String {
        if let figureID { return k == 1 ? figureID : "\(figureID).\(k)" }
        return "\(chapter).block\(block + 1).\(k)"
    }
}
