import Foundation

/// Writes the pages, assets and figures of a built book into a folder.
struct SiteWriter {
    var book: Book
    var results: [String: ChapterResult]

    func write(into site: URL, figures: URL) throws {
        let renderer = PageRenderer(book: book, results: results)
        try SiteAssets.write(into: site)
        try Data(renderer.indexPage().utf8).write(to: site.appendingPathComponent("index.html"))
        for index in book.chapters.indices {
            let page = try renderer.chapterPage(index)
            try Data(page.utf8).write(to: site.appendingPathComponent("\(book.chapters[index].slug).html"))
        }
        // The site carries its own copy of the figures, so it can be published on its own.
        let fm = FileManager.default
        let siteFigures = site.appendingPathComponent("figures")
        try fm.createDirectory(at: siteFigures, withIntermediateDirectories: true)
        for chapter in book.chapters {
            let source = figures.appendingPathComponent(chapter.slug)
            guard fm.fileExists(atPath: source.path) else { continue }
            try fm.copyItem(at: source, to: siteFigures.appendingPathComponent(chapter.slug))
        }
    }
}
