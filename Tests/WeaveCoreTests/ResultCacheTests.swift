import Foundation
import Testing
@testable import WeaveCore

@Suite struct ResultCacheTests {
    let engine = Engine(packageRoot: URL(fileURLWithPath: "/p"), binFolder: URL(fileURLWithPath: "/p/bin"),
                        identity: "engine-1", toolchainVersion: "Swift 6", compilerFlags: [])

    func chapter(_ text: String) throws -> Chapter {
        try Chapter(url: URL(fileURLWithPath: "/b/chapters/01-a.md"), displayPath: "chapters/01-a.md", text: text)
    }

    let base = "# A\n\nProse.\n\n```swift-exec\nprint(1)\n```\n"

    @Test func proseDoesNotChangeTheKey() throws {
        let edited = "# A, retitled\n\nDifferent prose, and more of it.\n\nAnother paragraph.\n\n```swift-exec\nprint(1)\n```\n\nTail.\n"
        #expect(ResultCache.key(for: try chapter(base), engine: engine) == ResultCache.key(for: try chapter(edited), engine: engine))
    }

    @Test func codeOptionsAndEngineChangeTheKey() throws {
        let key = ResultCache.key(for: try chapter(base), engine: engine)
        #expect(key != ResultCache.key(for: try chapter(base.replacingOccurrences(of: "print(1)", with: "print(2)")), engine: engine))
        #expect(key != ResultCache.key(for: try chapter(base.replacingOccurrences(of: "swift-exec", with: "swift-exec hide-code")), engine: engine))
        var other = engine
        other.identity = "engine-2"
        #expect(key != ResultCache.key(for: try chapter(base), engine: other))
    }

    @Test func blockBoundariesMatter() throws {
        // The same code split differently is a different program (different outputs per block).
        let one = try chapter("```swift-exec\nlet a = 1\nprint(a)\n```\n")
        let two = try chapter("```swift-exec\nlet a = 1\n```\n\n```swift-exec\nprint(a)\n```\n")
        #expect(ResultCache.key(for: one, engine: engine) != ResultCache.key(for: two, engine: engine))
    }

    @Test func storesExplainsMissesAndDetectsDamagedEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weave-cache-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figures = folder.appendingPathComponent("figs")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try Data("<svg/>".utf8).write(to: figures.appendingPathComponent("f.svg"))
        let cache = ResultCache(folder: folder.appendingPathComponent("cache"))
        let c1 = try chapter(base)
        let k1 = ResultCache.key(for: c1, engine: engine)
        let result = ChapterResult(slug: "01-a", blocks: [
            BlockResult(index: 0, output: "1\n", omittedBytes: 0, figures: ["f.svg"], status: .succeeded, seconds: 0.1)],
            compileSeconds: 1, runSeconds: 0.1)
        func missReason(_ key: String, _ c: Chapter, _ e: Engine) -> String? {
            if case .miss(let reason) = cache.lookup(key, chapter: c, engine: e) { return reason }
            return nil
        }
        #expect(missReason(k1, c1, engine) == "not cached")
        try cache.store(result, key: k1, figureFolder: figures,
                        record: .init(key: k1, engine: engine.identity, code: ResultCache.codeHash(c1)))
        guard case .hit(let cached, let cachedFigures) = cache.lookup(k1, chapter: c1, engine: engine) else {
            Issue.record("expected a cache hit"); return
        }
        #expect(cached == result)
        #expect(FileManager.default.fileExists(atPath: cachedFigures.appendingPathComponent("f.svg").path))

        let c2 = try chapter(base.replacingOccurrences(of: "print(1)", with: "print(2)"))
        #expect(missReason(ResultCache.key(for: c2, engine: engine), c2, engine) == "code changed")
        var newEngine = engine
        newEngine.identity = "engine-2"
        #expect(missReason(ResultCache.key(for: c1, engine: newEngine), c1, newEngine) == "engine changed")

        // Other OpenBLAS kernels or threads: another key, and the reason says why.
        let forced = ChapterRunner.numericsSettings(["OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_MAIN_FREE": "1", "PATH": "/bin"])
        #expect(forced == "OPENBLAS_CORETYPE=Haswell\nOPENBLAS_NUM_THREADS=1")
        let k3 = ResultCache.key(for: c1, engine: engine, settings: forced)
        #expect(k3 != k1)
        if case .miss(let reason) = cache.lookup(k3, chapter: c1, engine: engine, settings: forced) {
            #expect(reason == "OpenBLAS settings changed")
        } else {
            Issue.record("expected a miss under other OpenBLAS settings")
        }

        // A figure altered on disk: the entry is rejected and removed.
        try Data("<svg>tampered</svg>".utf8).write(to: cachedFigures.appendingPathComponent("f.svg"))
        #expect(missReason(k1, c1, engine)?.contains("damaged") == true)
        #expect(!FileManager.default.fileExists(atPath: cache.entryFolder(k1).path))

        // Truncated JSON: rejected too.
        try cache.store(result, key: k1, figureFolder: figures)
        try Data("{\"key\":".utf8).write(to: cache.entryFolder(k1).appendingPathComponent("result.json"))
        #expect(missReason(k1, c1, engine) != nil)
    }
}
