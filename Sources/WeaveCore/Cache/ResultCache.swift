import Foundation

/// Chapter results cached on disk, keyed by what can change them: the chapter's code blocks and their
/// options, the engine's sources, the toolchain and the compiler flags — never its prose.
///
/// An entry is a folder `<key hash>/` holding `result.json` (the `CacheKey`, the `ChapterResult`, a
/// checksum of the result and one of every figure file) and `figures/`. Entries are written to a temporary folder and renamed into place, so a reader sees a
/// whole entry or none; an entry that fails its checks (unreadable JSON, altered output text, a missing or
/// altered figure) is deleted and the chapter runs again.
struct ResultCache {
    var folder: URL

    struct Entry: Codable {
        var key: CacheKey
        var result: ChapterResult
        /// Figure file name → SHA-256 of its bytes.
        var figureChecksums: [String: String]
        /// SHA-256 of the result itself (every block's output text, status and figure list), so an entry
        /// edited on disk is not served.
        var resultChecksum: String
    }

    enum Lookup {
        case hit(ChapterResult, figures: URL)
        case miss(reason: RunReason)
    }

    /// What a result's checksum covers: its JSON with sorted keys, timings included.
    static func checksum(of result: ChapterResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256.hex(of: try encoder.encode(result))
    }

    /// The key of the chapter's latest stored entry, to explain a miss.
    func latestKey(_ slug: String) -> CacheKey? {
        (try? Data(contentsOf: folder.appendingPathComponent("index").appendingPathComponent(slug)))
            .flatMap { try? JSONDecoder().decode(CacheKey.self, from: $0) }
    }

    func entryFolder(_ key: CacheKey) -> URL { folder.appendingPathComponent(key.hash) }

    func lookup(_ key: CacheKey, slug: String) -> Lookup {
        let entry = entryFolder(key)
        let fm = FileManager.default
        guard fm.fileExists(atPath: entry.path) else {
            return .miss(reason: key.missReason(since: latestKey(slug)))
        }
        do {
            let stored = try Self.verifiedEntry(at: entry)
            guard stored.key == key else { throw Diagnostic("key mismatch") }
            return .hit(stored.result, figures: entry.appendingPathComponent("figures"))
        } catch {
            try? fm.removeItem(at: entry)
            return .miss(reason: .damagedEntry)
        }
    }

    /// Reads an entry folder and checks it whole — its JSON, its folder name against its key, the result's
    /// checksum, the figure list and every figure's checksum — without changing anything.
    static func verifiedEntry(at entry: URL) throws -> Entry {
        let stored = try storedEntry(at: entry)
        guard stored.key.hash == entry.lastPathComponent else { throw Diagnostic("entry folder does not match its key") }
        guard try checksum(of: stored.result) == stored.resultChecksum else { throw Diagnostic("result altered") }
        let figures = entry.appendingPathComponent("figures")
        var expected = Set<String>()
        for block in stored.result.blocks { expected.formUnion(block.figures) }
        guard expected == Set(stored.figureChecksums.keys) else { throw Diagnostic("figure list mismatch") }
        for (name, checksum) in stored.figureChecksums {
            let bytes = try Data(contentsOf: figures.appendingPathComponent(name))
            guard SHA256.hex(of: bytes) == checksum else { throw Diagnostic("figure \(name) altered") }
        }
        return stored
    }

    /// An entry folder's `result.json`, read and decoded, unchecked.
    static func storedEntry(at entry: URL) throws -> Entry {
        try JSONDecoder().decode(Entry.self, from: Data(contentsOf: entry.appendingPathComponent("result.json")))
    }

    /// Stores a result and copies its figures (from `figureFolder`) into the entry, and records `key` as the
    /// chapter's latest.
    func store(_ result: ChapterResult, key: CacheKey, figureFolder: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".tmp-\(key.hash)-\(UInt32.random(in: 0...UInt32.max))")
        try? fm.removeItem(at: temporary)
        let figures = temporary.appendingPathComponent("figures")
        try fm.createDirectory(at: figures, withIntermediateDirectories: true)
        var checksums: [String: String] = [:]
        for name in result.blocks.flatMap(\.figures) {
            let source = figureFolder.appendingPathComponent(name)
            let bytes = try Data(contentsOf: source)
            try bytes.write(to: figures.appendingPathComponent(name))
            checksums[name] = SHA256.hex(of: bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(Entry(key: key, result: result, figureChecksums: checksums,
                                 resultChecksum: try Self.checksum(of: result)))
            .write(to: temporary.appendingPathComponent("result.json"))
        let destination = entryFolder(key)
        try? fm.removeItem(at: destination)
        do {
            try fm.moveItem(at: temporary, to: destination)
        } catch {
            try? fm.removeItem(at: temporary)  // another build stored the same key first
        }
        // Remember this chapter's latest key, to explain later misses ("code changed").
        try recordLatest(key, slug: result.slug)
    }

    func recordLatest(_ key: CacheKey, slug: String) throws {
        let index = folder.appendingPathComponent("index")
        try FileManager.default.createDirectory(at: index, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(key).write(to: index.appendingPathComponent(slug))
    }
}

extension ResultCache {
    /// Removes entries that no chapter's latest result points to, so the cache does not grow without end.
    func prune(keeping slugs: Set<String>) {
        let fm = FileManager.default
        var live = Set<String>()
        for slug in slugs {
            if let key = latestKey(slug) { live.insert(key.hash) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name != "index" && name != PageCache.folderName {
            if !live.contains(name) { try? fm.removeItem(at: folder.appendingPathComponent(name)) }
        }
    }
}
