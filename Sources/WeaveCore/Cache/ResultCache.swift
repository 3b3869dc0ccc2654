import Foundation

/// Chapter results cached on disk, keyed by what can change them: the chapter's code blocks and their
/// options, the engine's sources, the toolchain and the compiler flags — never its prose.
///
/// An entry is a folder `<key>/` holding `result.json` (the `ChapterResult`, and a checksum of every figure
/// file) and `figures/`. Entries are written to a temporary folder and renamed into place, so a reader sees a
/// whole entry or none; an entry that fails its checks (unreadable JSON, a missing or altered figure) is
/// deleted and the chapter runs again.
struct ResultCache {
    var folder: URL

    static let formatVersion = "weave-cache-3"

    struct Entry: Codable {
        var key: String
        var result: ChapterResult
        /// Figure file name → SHA-256 of its bytes.
        var figureChecksums: [String: String]
    }

    enum Lookup {
        case hit(ChapterResult, figures: URL)
        case miss(reason: String)
    }

    /// The key of a chapter: a hash of everything that can change what its program prints or draws.
    /// - Parameter settings: the OpenBLAS variables chapter programs run with (`ChapterRunner.numericsSettings`).
    static func key(for chapter: Chapter, engine: Engine, settings: String = ChapterRunner.numericsSettings()) -> String {
        SHA256.hex(of: "\(formatVersion)\n\(engine.identity)\n\((ChapterRunner.optimizationFlags + Engine.targetFlags).joined(separator: " "))\n\(codeHash(chapter))"
                   + (settings.isEmpty ? "" : "\nsettings\n\(settings)"))
    }

    /// A hash of the chapter's code blocks and their options (and its name, which names its figures).
    static func codeHash(_ chapter: Chapter) -> String {
        var text = "slug:\(chapter.slug)\n"
        for block in chapter.execBlocks {
            // The compiled text (with list indentation), so a diagnostic's columns always match the file.
            text += "block \(block.index)\u{1F}\(block.options.canonical)\u{1F}\(block.programCode.utf8.count)\n\(block.programCode)\n"
        }
        return SHA256.hex(of: text)
    }

    /// What the index remembers of a chapter's latest cached result, to explain a miss.
    struct IndexRecord {
        var key: String
        var engine: String
        var code: String
        /// Hash of the OpenBLAS settings the result was computed with.
        var settings: String
        var text: String { "\(key)\n\(engine)\n\(code)\n\(settings)\n" }
        init(key: String, engine: String, code: String, settings: String = ResultCache.settingsHash()) {
            (self.key, self.engine, self.code, self.settings) = (key, engine, code, settings)
        }
        init?(_ text: String) {
            let parts = text.split(separator: "\n").map(String.init)
            guard parts.count == 3 || parts.count == 4 else { return nil }
            (key, engine, code) = (parts[0], parts[1], parts[2])
            settings = parts.count == 4 ? parts[3] : ""
        }
    }

    static func settingsHash(_ settings: String = ChapterRunner.numericsSettings()) -> String {
        SHA256.hex(of: "settings\n" + settings)
    }

    func indexRecord(_ slug: String) -> IndexRecord? {
        (try? Data(contentsOf: folder.appendingPathComponent("index").appendingPathComponent(slug)))
            .flatMap { IndexRecord(String(decoding: $0, as: UTF8.self)) }
    }

    /// Why a chapter has no entry: what changed since its last cached result.
    func missReason(_ chapter: Chapter, engine: Engine, settings: String = ChapterRunner.numericsSettings()) -> String {
        guard let previous = indexRecord(chapter.slug) else { return "not cached" }
        if previous.code != Self.codeHash(chapter) { return "code changed" }
        if previous.engine != engine.identity { return "engine changed" }
        if previous.settings != Self.settingsHash(settings) { return "OpenBLAS settings changed" }
        return "compiler flags changed"
    }

    func entryFolder(_ key: String) -> URL { folder.appendingPathComponent(key) }

    func lookup(_ key: String, chapter: Chapter, engine: Engine,
                settings: String = ChapterRunner.numericsSettings()) -> Lookup {
        let entry = entryFolder(key)
        let fm = FileManager.default
        guard fm.fileExists(atPath: entry.path) else {
            return .miss(reason: missReason(chapter, engine: engine, settings: settings))
        }
        do {
            let data = try Data(contentsOf: entry.appendingPathComponent("result.json"))
            let stored = try JSONDecoder().decode(Entry.self, from: data)
            guard stored.key == key else { throw Diagnostic("key mismatch") }
            let figures = entry.appendingPathComponent("figures")
            var expected = Set<String>()
            for block in stored.result.blocks { expected.formUnion(block.figures) }
            guard expected == Set(stored.figureChecksums.keys) else { throw Diagnostic("figure list mismatch") }
            for (name, checksum) in stored.figureChecksums {
                let bytes = try Data(contentsOf: figures.appendingPathComponent(name))
                guard SHA256.hex(of: bytes) == checksum else { throw Diagnostic("figure \(name) altered") }
            }
            return .hit(stored.result, figures: figures)
        } catch {
            try? fm.removeItem(at: entry)
            return .miss(reason: "cache entry was damaged; rebuilt")
        }
    }

    /// Stores a result and copies its figures (from `figureFolder`) into the entry.
    func store(_ result: ChapterResult, key: String, figureFolder: URL, record: IndexRecord? = nil) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".tmp-\(key)-\(UInt32.random(in: 0...UInt32.max))")
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
        try encoder.encode(Entry(key: key, result: result, figureChecksums: checksums))
            .write(to: temporary.appendingPathComponent("result.json"))
        let destination = entryFolder(key)
        try? fm.removeItem(at: destination)
        do {
            try fm.moveItem(at: temporary, to: destination)
        } catch {
            try? fm.removeItem(at: temporary)  // another build stored the same key first
        }
        // Remember that this chapter has been cached, to explain later misses ("code changed").
        let index = folder.appendingPathComponent("index")
        try fm.createDirectory(at: index, withIntermediateDirectories: true)
        try Data((record ?? IndexRecord(key: key, engine: "", code: "")).text.utf8)
            .write(to: index.appendingPathComponent(result.slug))
    }
}

extension ResultCache {
    /// Removes entries that no chapter's latest result points to, so the cache does not grow without end.
    func prune(keeping slugs: Set<String>) {
        let fm = FileManager.default
        var live = Set<String>()
        for slug in slugs {
            if let record = indexRecord(slug) { live.insert(record.key) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name != "index" {
            if !live.contains(name) { try? fm.removeItem(at: folder.appendingPathComponent(name)) }
        }
    }
}
