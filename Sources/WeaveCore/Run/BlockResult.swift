/// What one `swift-exec` block produced.
public struct BlockResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case succeeded
        /// A `should-fail` block that failed, as it should; its output holds the diagnostic.
        case failedAsExpected
    }

    public var index: Int
    /// Everything the block printed (stdout and stderr, in order); past `OutputCollector.limit` bytes, its
    /// beginning and its end.
    public var output: String
    /// Bytes cut from the output.
    public var omittedBytes: Int
    /// Figure files (in the chapter's figure folder) the block showed.
    public var figures: [String]
    public var status: Status
    /// Wall time of the block's run (0 for blocks whose code was not run).
    public var seconds: Double
    /// Where in `output` (a UTF-8 offset) the cut bytes were, when there are any.
    public var omittedAt: Int? = nil
}

/// What running one chapter produced.
public struct ChapterResult: Codable, Sendable, Equatable {
    public var slug: String
    public var blocks: [BlockResult]
    public var compileSeconds: Double
    public var runSeconds: Double
    /// The OpenBLAS kernels the program ran with ("SkylakeX", "Haswell", "Prescott"…), as it reported them.
    public var blasCore: String? = nil
    /// Processes the program started and left running when it ended; weave stopped them.
    public var leftoverProcesses = 0
}
