import Foundation
import Testing
@testable import WeaveCore

@Suite struct ResultCacheTests {
    let engine = Engine(packageRoot: URL(fileURLWithPath: "/p"), binFolder: URL(fileURLWithPath: "/p/bin"),
                        identity: "engine-1", toolchainVersion: "Swift 6", compilerFlags: [])

    let configuration = RunConfiguration(environment: [:])

    func key(_ chapter: Chapter, _ engine: Engine, _ configuration: RunConfiguration? = nil) -> String {
        CacheKey(chapter: chapter, engine: engine, configuration: configuration ?? self.configuration).hash
    }

    func chapter(_ text: String) throws -> Chapter {
        try Chapter(url: URL(fileURLWithPath: "/b/chapters/01-a.md"), displayPath: "chapters/01-a.md", text: text)
    }

    let base = "# A\n\nProse.\n\n```swift-exec\nprint(1)\n```\n"

    @Test func proseDoesNotChangeTheKey() throws {
        let edited = "# A, retitled\n\nDifferent prose, and more of it.\n\nAnother paragraph.\n\n```swift-exec\nprint(1)\n```\n\nTail.\n"
        #expect(key(try chapter(base), engine) == key(try chapter(edited), engine))
    }

    @Test func codeOptionsAndEngineChangeTheKey() throws {
        let original = key(try chapter(base), engine)
        #expect(original != key(try chapter(base.replacingOccurrences(of: "print(1)", with: "print(2)")), engine))
        #expect(original != key(try chapter(base.replacingOccurrences(of: "swift-exec", with: "swift-exec hide-code")), engine))
        var other = engine
        other.identity = "engine-2"
        #expect(original != key(try chapter(base), other))
        var flags = configuration
        flags.optimizedFlags.append("-enforce-exclusivity=unchecked")
        #expect(original != key(try chapter(base), engine, flags))
        // Variables that do not touch the numerics do not split the cache.
        #expect(original == key(try chapter(base), engine, RunConfiguration(environment: ["PATH": "/x", "HOME": "/h"])))
    }

    @Test func blockBoundariesMatter() throws {
        // The same code split differently is a different program (different outputs per block).
        let one = try chapter("```swift-exec\nlet a = 1\nprint(a)\n```\n")
        let two = try chapter("```swift-exec\nlet a = 1\n```\n\n```swift-exec\nprint(a)\n```\n")
        #expect(key(one, engine) != key(two, engine))
    }

    @Test func storesExplainsMissesAndDetectsDamagedEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weave-cache-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figures = folder.appendingPathComponent("figs")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try Data("<svg/>".utf8).write(to: figures.appendingPathComponent("f.svg"))
        let cache = ResultCache(folder: folder.appendingPathComponent("cache"))
        let c1 = try chapter(base)
        let k1 = CacheKey(chapter: c1, engine: engine, configuration: configuration)
        let result = ChapterResult(slug: "01-a", blocks: [
            BlockResult(index: 0, output: "1\n", omittedBytes: 0, figures: ["f.svg"], status: .succeeded, seconds: 0.1)],
            compileSeconds: 1, runSeconds: 0.1)
        func missReason(_ key: CacheKey, _ c: Chapter) -> String? {
            if case .miss(let reason) = cache.lookup(key, slug: c.slug) { return reason.description }
            return nil
        }
        #expect(missReason(k1, c1) == "not cached")
        try cache.store(result, key: k1, figureFolder: figures)
        guard case .hit(let cached, let cachedFigures) = cache.lookup(k1, slug: c1.slug) else {
            Issue.record("expected a cache hit"); return
        }
        #expect(cached == result)
        #expect(FileManager.default.fileExists(atPath: cachedFigures.appendingPathComponent("f.svg").path))

        let c2 = try chapter(base.replacingOccurrences(of: "print(1)", with: "print(2)"))
        #expect(missReason(CacheKey(chapter: c2, engine: engine, configuration: configuration), c2) == "code changed")
        var newEngine = engine
        newEngine.identity = "engine-2"
        #expect(missReason(CacheKey(chapter: c1, engine: newEngine, configuration: configuration), c1) == "engine changed")

        // Other OpenBLAS kernels or threads: another key, and the reason says why.
        let forced = RunConfiguration(environment: ["OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_MAIN_FREE": "1", "PATH": "/bin"])
        #expect(forced.numericsSettings == "OPENBLAS_CORETYPE=Haswell\nOPENBLAS_NUM_THREADS=1")
        let k3 = CacheKey(chapter: c1, engine: engine, configuration: forced)
        #expect(k3.hash != k1.hash)
        if case .miss(let reason) = cache.lookup(k3, slug: c1.slug) {
            #expect(reason == .settingsChanged)
        } else {
            Issue.record("expected a miss under other OpenBLAS settings")
        }

        // A figure altered on disk: the entry is rejected and removed.
        try Data("<svg>tampered</svg>".utf8).write(to: cachedFigures.appendingPathComponent("f.svg"))
        #expect(missReason(k1, c1)?.contains("damaged") == true)
        #expect(!FileManager.default.fileExists(atPath: cache.entryFolder(k1).path))

        // Other compiler flags: the reason names them.
        var flagged = configuration
        flagged.targetFlags = ["-target-cpu", "x86-64"]
        try cache.store(result, key: k1, figureFolder: figures)
        #expect(missReason(CacheKey(chapter: c1, engine: engine, configuration: flagged), c1) == "compiler flags changed")

        // One byte of the stored output text changed: not served, and the reason says why.
        let json = cache.entryFolder(k1).appendingPathComponent("result.json")
        let stored = try String(contentsOf: json, encoding: .utf8)
        #expect(stored.contains("\"output\":\"1\\n\""))
        try stored.replacingOccurrences(of: "\"output\":\"1\\n\"", with: "\"output\":\"7\\n\"")
            .write(to: json, atomically: true, encoding: .utf8)
        #expect(missReason(k1, c1) == "cache entry was damaged; rebuilt")

        // Truncated JSON: rejected too.
        try cache.store(result, key: k1, figureFolder: figures)
        try Data("{\"key\":".utf8).write(to: cache.entryFolder(k1).appendingPathComponent("result.json"))
        #expect(missReason(k1, c1) != nil)
    }
}
