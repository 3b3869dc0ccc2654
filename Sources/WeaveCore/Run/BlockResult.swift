import Foundation
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
    /// The compiler's warnings about slow type-checking, at the chapter's lines (nil: none).
    public var slowSpots: [String]? = nil
}

extension ChapterResult {
    /// A result for a chapter whose code did not run here (another shard's, or a render-only test): each block
    /// succeeded with no output, and each block that declares `fig=ID` shows an empty `ID.svg`, written into
    /// `figures/<chapter>/`, so its pages render and references to its figures resolve.
    static func standIn(for chapter: Chapter, figures: URL) throws -> ChapterResult {
        let blocks = try chapter.execBlocks.map { block in
            let files = block.options.figureID.map { ["\($0).svg"] } ?? []
            for file in files {
                let folder = figures.appendingPathComponent(chapter.slug)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: folder.appendingPathComponent(file))
            }
            return BlockResult(index: block.index, output: "", omittedBytes: 0, figures: files, status: .succeeded, seconds: 0)
        }
        return ChapterResult(slug: chapter.slug, blocks: blocks, compileSeconds: 0, runSeconds: 0)
    }
}
