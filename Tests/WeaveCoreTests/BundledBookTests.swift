import Foundation
import Testing
@testable import WeaveCore

@Suite struct BundledBookTests {
    /// The bundled book: every citation, equation, exercise, figure and glossary reference resolves, every
    /// bibliography entry is cited and every glossary term defined (no warnings). Rendered without running code:
    /// each block that declares `fig=ID` stands for its figure.
    @Test func theBundledBooksReferencesAllResolve() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let book = try Book.load(root: root)
        #expect(book.bibliography != nil && book.glossary != nil)
        var results: [String: ChapterResult] = [:]
        for chapter in book.chapters {
            let blocks = chapter.execBlocks.map { block in
                BlockResult(index: block.index, output: "", omittedBytes: 0,
                            figures: block.options.figureID.map { ["\($0).svg"] } ?? [], status: .succeeded, seconds: 0)
            }
            results[chapter.slug] = ChapterResult(slug: chapter.slug, blocks: blocks, compileSeconds: 0, runSeconds: 0)
        }
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("weave-bundled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("assets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: site) }
        let warnings = try SiteWriter(book: book, results: results).write(into: site, figures: site.appendingPathComponent("none"))
        #expect(warnings.isEmpty, "\(warnings.map(\.description).joined(separator: "\n"))")
        let bibliography = try String(contentsOf: site.appendingPathComponent("bibliography.html"), encoding: .utf8)
        #expect(bibliography.contains("\(book.bibliography!.entries.count) works cited"))
    }
}
