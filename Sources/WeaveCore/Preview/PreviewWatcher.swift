import Foundation

/// Notices edits for `weave serve` by polling modification times (cheap: a book and the engine are a few
/// hundred files): the book's chapters, `book.json`, `glossary.md`, `references.bib` and `theme/`, and the engine's sources, whose change re-runs every
/// chapter through the cache key.
public struct PreviewWatcher: Sendable {
    public var bookRoot: URL
    public var packageRoot: URL

    public init(bookRoot: URL, packageRoot: URL = Engine.defaultPackageRoot) {
        self.bookRoot = bookRoot.standardizedFileURL
        self.packageRoot = packageRoot
    }

    /// Path → (modification time, size) of every watched file.
    public func snapshot() -> [String: [Double]] {
        var files: [String: [Double]] = [:]
        let fm = FileManager.default
        func add(_ url: URL) {
            guard let attributes = try? fm.attributesOfItem(atPath: url.path),
                  (attributes[.type] as? FileAttributeType) == .typeRegular else { return }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
            files[url.path] = [modified, size]
        }
        func addTree(_ folder: URL) {
            guard let enumerator = fm.enumerator(at: folder, includingPropertiesForKeys: nil,
                                                 options: [.skipsHiddenFiles]) else { return }
            for case let url as URL in enumerator { add(url) }
        }
        let chapters = bookRoot.appendingPathComponent("chapters")
        for name in (try? fm.contentsOfDirectory(atPath: chapters.path)) ?? [] where name.hasSuffix(".md") {
            add(chapters.appendingPathComponent(name))
        }
        add(bookRoot.appendingPathComponent("book.json"))
        add(bookRoot.appendingPathComponent(GlossaryFile.fileName))
        add(bookRoot.appendingPathComponent(BibliographyFile.fileName))
        for name in [Theme.templateName, Theme.stylesheetName] {
            add(bookRoot.appendingPathComponent(Theme.folderName).appendingPathComponent(name))
        }
        addTree(bookRoot.appendingPathComponent(Editions.folder))
        // The engine's folders as the package names them (kept beside the engine build; read once per Package.swift).
        let engine = (try? EngineTargets.load(packageRoot: packageRoot, scratch: Engine.scratchFolder(packageRoot)))?
            .sourceFolders ?? ["Sources"]
        for folder in engine { addTree(packageRoot.appendingPathComponent(folder)) }
        add(packageRoot.appendingPathComponent("Package.swift"))
        return files
    }

    /// The paths that differ between two snapshots (added, removed or changed), sorted.
    public static func changes(from old: [String: [Double]], to new: [String: [Double]]) -> [String] {
        var changed = Set<String>()
        for (path, stamp) in new where old[path] != stamp { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed.sorted()
    }
}
