import Foundation

/// Rendered chapter pages kept between builds (`.weave-cache/pages/`), so that a prose edit re-renders the
/// page it touched and no other: a page is reused when its key matches — the chapter's text and results,
/// weave itself (its executable and page template), and everything the page shows of the rest of the book
/// (`PageRenderer.contextSignature`: titles, figure, equation, exercise and experiment numbers, glossary
/// definitions, the bibliography, the theme, the edition). A page that cannot be read back is rendered again.
struct PageCache: Sendable {
    var folder: URL

    /// Its folder inside the result cache's (`.weave-cache/pages`), which the result cache leaves alone.
    static let folderName = "pages"


    /// - Parameter context: `renderer.contextSignature`, computed once for all of a site's pages.
    func key(renderer: PageRenderer, context: String, index: Int) -> String {
        let chapter = renderer.book.chapters[index]
        // Sorted keys: Foundation's encoder otherwise orders them differently from run to run.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let result = renderer.results[chapter.slug].flatMap { try? encoder.encode($0) } ?? Data()
        return SHA256.hex(of: ["weave-page-1", WeaveExecutable.stamp, context, "\(index)", chapter.displayPath,
                               chapter.text, SHA256.hex(of: result)].joined(separator: "\u{1F}"))
    }

    func page(_ key: String) -> RenderedChapter? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(key + ".json")) else { return nil }
        return try? JSONDecoder().decode(RenderedChapter.self, from: data)
    }

    func store(_ page: RenderedChapter, _ key: String) {
        guard let data = try? JSONEncoder().encode(page) else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? data.write(to: folder.appendingPathComponent(key + ".json"), options: .atomic)
    }

    /// Removes the pages no edition used in this build (the highlighted-code file beside them is kept; it
    /// prunes itself).
    func prune(keeping keys: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasSuffix(".json") && name != HighlightCache.fileName
            && !keys.contains(String(name.dropLast(5))) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}

/// The running weave executable, as a stamp (its path, size and modification time; read once per process):
/// a rebuilt weave renders differently, so the build stamp and the page cache both include it.
enum WeaveExecutable {
    static let stamp: String = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable.path) else {
            return "unknown executable \(UUID())"  // never matches: always rebuild and render
        }
        return "\(executable.path) \((attributes[.size] as? NSNumber)?.intValue ?? 0) "
            + "\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }()
}
