import Foundation

/// Moving chapter results between machines' caches (`weave cache export` / `weave cache import`), so the
/// shards of a big book can run on several CI machines and one publishing job renders the site from all of
/// their results without running anything.
///
/// An exported folder has the cache's own layout: one folder per entry (named by its key's hash, holding
/// `result.json` and `figures/`) and `index/<chapter>` naming each chapter's entry. Every entry is checked
/// whole (its JSON, its checksums, every figure) when it is imported; a damaged one is refused. The key
/// still carries the CPU, the toolchain, the engine and the OpenBLAS settings that produced the result, so
/// an entry made on a different machine is imported but never served: the chapter runs again.
public struct CacheTransfer: Sendable {
    public struct Exported: Sendable {
        /// Chapters whose current result was exported.
        public var chapters: [String]
        /// Chapters with code whose current result is not in the cache (not built here, or built elsewhere).
        public var missing: [String]
    }

    public struct Imported: Sendable {
        /// Entries copied in (or already present).
        public var entries: Int
        /// Entries refused because they failed their checks, with why: `(path, reason)`.
        public var damaged: [(path: String, reason: String)]
        /// The book's chapters with code that now have a result for this machine and the current code.
        public var servable: [String]
        /// The book's chapters with code that still have none.
        public var unservable: [String]
    }

    /// Copies the current result of every chapter that has one in the book's cache into `destination`.
    static func export(book: Book, keys: [CacheKey], to destination: URL) throws -> Exported {
        let cache = ResultCache(folder: book.cacheFolder)
        let target = ResultCache(folder: destination)
        let fm = FileManager.default
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        var exported = Exported(chapters: [], missing: [])
        for (chapter, key) in zip(book.chapters, keys) where !chapter.execBlocks.isEmpty {
            let entry = cache.entryFolder(key)
            guard (try? ResultCache.verifiedEntry(at: entry)) != nil else {
                exported.missing.append(chapter.displayPath)
                continue
            }
            try copyEntry(entry, into: target)
            try target.recordLatest(key, slug: chapter.slug)
            exported.chapters.append(chapter.displayPath)
        }
        return exported
    }

    /// Copies every sound entry of `source` (an exported folder, or another book's `.weave-cache`) into the
    /// book's cache, and records as each chapter's latest the source's entry for it when that is the one the
    /// chapter's current code and this machine would use.
    static func `import`(book: Book, keys: [CacheKey], from source: URL) throws -> Imported {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(file: source.path, "cannot import results: no such folder", step: .cache)
        }
        let cache = ResultCache(folder: book.cacheFolder)
        try fm.createDirectory(at: book.cacheFolder, withIntermediateDirectories: true)
        var imported = Imported(entries: 0, damaged: [], servable: [], unservable: [])
        var sound = Set<String>()  // entry folders verified (and now in the cache) in this import
        let names = try fm.contentsOfDirectory(atPath: source.path).sorted()
        for name in names where !name.hasPrefix(".") && name != "index" && name != PageCache.folderName && name != "build.lock" {
            let entry = source.appendingPathComponent(name)
            guard fm.fileExists(atPath: entry.appendingPathComponent("result.json").path) else { continue }
            do {
                _ = try ResultCache.verifiedEntry(at: entry)
                try copyEntry(entry, into: cache)
                sound.insert(name)
                imported.entries += 1
            } catch {
                imported.damaged.append((entry.path, (error as? Diagnostic)?.message ?? Diagnostic.reason(error)))
            }
        }
        for (chapter, key) in zip(book.chapters, keys) where !chapter.execBlocks.isEmpty {
            if sound.contains(key.hash) || (try? ResultCache.verifiedEntry(at: cache.entryFolder(key))) != nil {
                try cache.recordLatest(key, slug: chapter.slug)
                imported.servable.append(chapter.displayPath)
            } else {
                imported.unservable.append(chapter.displayPath)
            }
        }
        return imported
    }

    /// Copies an entry folder into a cache, whole or not at all (a temporary folder renamed into place).
    private static func copyEntry(_ entry: URL, into cache: ResultCache) throws {
        let fm = FileManager.default
        let destination = cache.folder.appendingPathComponent(entry.lastPathComponent)
        if fm.fileExists(atPath: destination.path), (try? ResultCache.verifiedEntry(at: destination)) != nil { return }
        let temporary = cache.folder.appendingPathComponent(".tmp-import-\(entry.lastPathComponent)-\(UInt32.random(in: 0...UInt32.max))")
        try fm.copyItem(at: entry, to: temporary)
        try? fm.removeItem(at: destination)
        do { try fm.moveItem(at: temporary, to: destination) } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }
}

extension BookBuilder {
    /// The book and each chapter's current cache key (what this machine, toolchain and engine would look up).
    private func currentKeys() throws -> (Book, [CacheKey]) {
        let book = try Diagnostic.inStep(.read) { try Book.load(root: bookRoot) }
        let configuration = runConfiguration()
        return (book, cacheKeys(book, engine: try prepareEngine(configuration), configuration: configuration))
    }

    /// `weave cache export`: the current results of the book's chapters, copied into `destination`.
    public func exportCache(to destination: URL) throws -> CacheTransfer.Exported {
        let (book, keys) = try currentKeys()
        let lock = try bookLock(book)
        defer { withExtendedLifetime(lock) {} }
        return try Diagnostic.inStep(.cache) { try CacheTransfer.export(book: book, keys: keys, to: destination) }
    }

    /// `weave cache import`: results from `source` (an exported folder) merged into the book's cache.
    public func importCache(from source: URL) throws -> CacheTransfer.Imported {
        let (book, keys) = try currentKeys()
        let lock = try bookLock(book)
        defer { withExtendedLifetime(lock) {} }
        return try Diagnostic.inStep(.cache) { try CacheTransfer.import(book: book, keys: keys, from: source) }
    }
}
