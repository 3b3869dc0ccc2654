import Foundation

/// How one chapter fared in a build.
public struct ChapterReport: Sendable {
    /// What the build did with the chapter.
    public enum Disposition: Sendable, Equatable {
        /// Its code ran, and why.
        case ran(RunReason)
        /// Its results came from the cache.
        case cached
        /// Nothing in the book changed since the last build: the site on disk was kept as it is.
        case unchanged
        /// It has no `swift-exec` blocks.
        case noCode
        case failed
    }
    public enum State: String, Sendable { case ran, cached, failed }
    public var slug: String
    public var displayPath: String
    public var disposition: Disposition
    /// The coarse outcome: ran, cached (served, unchanged or without code) or failed.
    public var state: State {
        switch disposition {
        case .ran: .ran
        case .cached, .unchanged, .noCode: .cached
        case .failed: .failed
        }
    }
    /// The disposition in the build's words ("code changed", "cached", "unchanged", "no code", "failed").
    public var reason: String {
        switch disposition {
        case .ran(let why): why.description
        case .cached: "cached"
        case .unchanged: "unchanged"
        case .noCode: "no code"
        case .failed: "failed"
        }
    }
    public var seconds: Double
    public var blocks: Int
    public var result: ChapterResult?
    public var failure: ChapterFailure?
}

/// The outcome of a build or a check.
public struct BuildReport: Sendable {
    public var chapters: [ChapterReport]
    public var seconds: Double
    public var site: URL?
    /// What the build warns about without failing (a glossary term with no definition…).
    public var warnings: [Diagnostic] = []
    /// Paragraphs of translated editions shown in the source language (stale or missing translations).
    public var untranslated = 0

    public var passedBlocks: Int {
        chapters.reduce(0) { $0 + ($1.failure?.passed ?? $1.blocks) }
    }
    public var failedBlocks: Int { chapters.reduce(0) { $0 + ($1.failure?.failed ?? 0) } }
    public var skippedBlocks: Int { chapters.reduce(0) { $0 + ($1.failure?.skipped ?? 0) } }
    public var succeeded: Bool { chapters.allSatisfy { $0.failure == nil } }
}

/// Builds a book: load → run (or reuse cached results) → render → swap the new site and figures in.
public final class BookBuilder: @unchecked Sendable {
    public let bookRoot: URL
    public let options: BuildOptions
    public let progress: BuildProgress
    public var packageRoot: URL = Engine.defaultPackageRoot

    public init(bookRoot: URL, options: BuildOptions = BuildOptions(), progress: BuildProgress = BuildProgress(style: .quiet)) {
        self.bookRoot = bookRoot
        self.options = options
        self.progress = progress
    }

    /// Runs every block afresh and writes nothing but a report. Throws only for bad input (a book that cannot
    /// be loaded); chapter failures are in the report.
    public func check() throws -> BuildReport {
        let book = try Diagnostic.inStep(.read) { try Book.load(root: bookRoot) }
        let started = ChildProcess.now()
        let scratch = try Diagnostic.inStep(.output) {
            try TemporaryFolders.shared.make(in: FileManager.default.temporaryDirectory, prefix: "weave-check")
        }
        defer { TemporaryFolders.shared.remove(scratch) }
        let configuration = runConfiguration()
        let engine = try prepareEngine(configuration)
        let reports = runChapters(book, engine: engine, configuration: configuration, scratch: scratch,
                                  useCache: false, storeResults: false, only: options.shard.map { shardPositions(book, $0) })
        var report = BuildReport(chapters: reports, seconds: ChildProcess.now() - started, site: nil)
        // The pages are rendered too (into scratch, then dropped), so that a broken reference, equation label or
        // exercise fails the check as it would fail the build.
        if report.succeeded {
            var results: [String: ChapterResult] = [:]
            let site = scratch.appendingPathComponent("site"), figures = scratch.appendingPathComponent("figures")
            // A sharded check renders the whole book too; other shards' chapters stand in without output.
            if options.shard != nil {
                try Diagnostic.inStep(.output) {
                    for chapter in book.chapters { results[chapter.slug] = try ChapterResult.standIn(for: chapter, figures: figures) }
                }
            }
            for chapter in reports { results[chapter.slug] = chapter.result }
            (report.warnings, report.untranslated) = try Diagnostic.inStep(.site) {
                try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
                return try SiteWriter.writeAll(book: book, results: results, reports: reports, machine: nil,
                                               into: site, figures: figures)
            }
            report.seconds = ChildProcess.now() - started
        }
        return report
    }

    /// How this build compiles and runs chapter programs (made once per build).
    func runConfiguration() -> RunConfiguration {
        var configuration = RunConfiguration()
        configuration.slowTypeCheckMilliseconds = options.slowTypeCheckMilliseconds
        return configuration
    }

    /// The engine chapter programs link, built if its sources changed.
    func prepareEngine(_ configuration: RunConfiguration) throws -> Engine {
        try Diagnostic.inStep(.engine) {
            try Engine.prepare(packageRoot: packageRoot, configuration: configuration, log: progress.message)
        }
    }

    /// One build (or cache transfer) of a book at a time; held until the returned lock is released.
    func bookLock(_ book: Book) throws -> BuildLock {
        try BuildLock(book.cacheFolder.appendingPathComponent("build.lock"), waiting: progress.message)
    }

    /// Each chapter's cache key: what this machine, toolchain and engine look up.
    func cacheKeys(_ book: Book, engine: Engine, configuration: RunConfiguration) -> [CacheKey] {
        book.chapters.map { CacheKey(chapter: $0, engine: engine, configuration: configuration) }
    }

    /// The positions of the chapters of `shard`, balanced by each chapter's last known cost in the cache.
    public func shardPositions(_ book: Book, _ shard: Shard) -> [Int] {
        let cache = ResultCache(folder: book.cacheFolder)
        let costs = book.chapters.map { $0.execBlocks.isEmpty ? 0 : cache.lastCost($0.slug) }
        let assignment = Shard.assignment(costs: costs, parts: shard.count)
        return book.chapters.indices.filter { shard.contains($0, assignment: assignment) }
    }

    /// `weave build --shard K/N`: runs (or finds cached) this shard's chapters and stores their results in
    /// the cache, for a later unsharded build (here, or after `weave cache import` elsewhere) to render from.
    /// Writes no site and no figures.
    public func buildShard(_ shard: Shard) throws -> BuildReport {
        let started = ChildProcess.now()
        let book = try Diagnostic.inStep(.read) { try Book.load(root: bookRoot) }
        let lock = try bookLock(book)
        defer { withExtendedLifetime(lock) {} }
        let scratch = try Diagnostic.inStep(.output) {
            try TemporaryFolders.shared.make(in: FileManager.default.temporaryDirectory, prefix: "weave-build")
        }
        defer { TemporaryFolders.shared.remove(scratch) }
        let configuration = runConfiguration()
        let engine = try prepareEngine(configuration)
        let keys = cacheKeys(book, engine: engine, configuration: configuration)
        let reports = runChapters(book, engine: engine, configuration: configuration, keys: keys, scratch: scratch,
                                  useCache: !options.fresh, storeResults: true, only: shardPositions(book, shard))
        return BuildReport(chapters: reports, seconds: ChildProcess.now() - started, site: nil)
    }

    /// Builds the site. On any failure the previous site and figures are left exactly as they were.
    public func build() throws -> BuildReport {
        if let shard = options.shard { return try buildShard(shard) }
        let started = ChildProcess.now()
        let book = try Diagnostic.inStep(.read) { try Book.load(root: bookRoot) }
        phase("load and parse chapters", since: started)
        let fm = FileManager.default
        let siteFolder = (options.output ?? book.defaultSiteFolder).standardizedFileURL
        try checkSiteFolder(siteFolder, book: book)
        try checkReplaceable(siteFolder, marker: ".weave-site", book: book)
        try checkReplaceable(book.figuresFolder, marker: ".weave-figures", book: book)
        // One build of a book at a time: a second one waits here, then finds the first one's results cached.
        let lock = try bookLock(book)
        defer { withExtendedLifetime(lock) {} }

        // New site and figures are assembled beside their destinations (same file system, so the final
        // rename is atomic) and swapped in only when everything succeeded.
        let siteParent = siteFolder.deletingLastPathComponent()
        do { try fm.createDirectory(at: siteParent, withIntermediateDirectories: true) } catch {
            throw Diagnostic(file: userPath(siteFolder), "cannot create the output folder: \(Diagnostic.reason(error))", step: .output)
        }
        // What killed builds left behind (their processes are gone; a running build holds the lock above).
        let folders = TemporaryFolders.shared
        folders.removeAbandoned(in: siteParent, prefixes: [".\(siteFolder.lastPathComponent).new", ".\(siteFolder.lastPathComponent).old"])
        folders.removeAbandoned(in: book.root, prefixes: [".figures.new", ".figures.old"])
        folders.removeAbandoned(in: fm.temporaryDirectory, prefixes: ["weave-build", "weave-check"])
        let newSite: URL
        do { newSite = try TemporaryFolders.shared.make(in: siteParent, prefix: ".\(siteFolder.lastPathComponent).new") } catch {
            throw Diagnostic(file: userPath(siteFolder), "cannot write the output folder: \(Diagnostic.reason(error))", step: .output)
        }
        defer { TemporaryFolders.shared.remove(newSite) }
        let newFigures = try Diagnostic.inStep(.output) { try TemporaryFolders.shared.make(in: book.root, prefix: ".figures.new") }
        defer { TemporaryFolders.shared.remove(newFigures) }
        let scratch = try Diagnostic.inStep(.output) {
            try TemporaryFolders.shared.make(in: fm.temporaryDirectory, prefix: "weave-build")
        }
        defer { TemporaryFolders.shared.remove(scratch) }

        var mark = ChildProcess.now()
        let configuration = runConfiguration()
        let engine = try prepareEngine(configuration)
        phase("engine", since: mark)
        let keys = cacheKeys(book, engine: engine, configuration: configuration)

        // Nothing changed since the last build (same chapters, results, engine and weave): the site on disk is
        // already what this build would write.
        let stamp = buildStamp(book, keys: keys, site: siteFolder)
        if !options.fresh,
           (try? String(contentsOf: siteFolder.appendingPathComponent(".weave-site"), encoding: .utf8)) == stamp,
           fm.fileExists(atPath: book.figuresFolder.appendingPathComponent(".weave-figures").path),
           book.chapters.allSatisfy({ fm.fileExists(atPath: siteFolder.appendingPathComponent("\($0.slug).html").path) }) {
            let reports = book.chapters.map {
                ChapterReport(slug: $0.slug, displayPath: $0.displayPath, disposition: .unchanged,
                              seconds: 0, blocks: $0.execBlocks.count)
            }
            progress.message("nothing changed since the last build; the site is up to date")
            return BuildReport(chapters: reports, seconds: ChildProcess.now() - started, site: siteFolder)
        }
        mark = ChildProcess.now()
        let reports = runChapters(book, engine: engine, configuration: configuration, keys: keys, scratch: scratch,
                                  useCache: !options.fresh, storeResults: true, figures: newFigures)
        phase("chapters (run or cached)", since: mark)
        var report = BuildReport(chapters: reports, seconds: 0, site: siteFolder)
        guard report.succeeded else {
            report.seconds = ChildProcess.now() - started
            return report
        }

        mark = ChildProcess.now()
        var results: [String: ChapterResult] = [:]
        for chapter in reports { results[chapter.slug] = chapter.result }
        (report.warnings, report.untranslated) = try Diagnostic.inStep(.site) {
            try SiteWriter.writeAll(book: book, results: results, reports: reports,
                                    machine: .current(engine: engine, configuration: configuration, results: reports.compactMap(\.result)),
                                    into: newSite, figures: newFigures,
                                    pageCache: PageCache(folder: book.cacheFolder.appendingPathComponent(PageCache.folderName)))
        }
        try Diagnostic.inStep(.output) {
            try Data(stamp.utf8).write(to: newSite.appendingPathComponent(".weave-site"))
            try Data().write(to: newFigures.appendingPathComponent(".weave-figures"))
        }
        phase("render and write the site", since: mark)
        mark = ChildProcess.now()
        try Diagnostic.inStep(.output) {
            try TemporaryFolders.shared.swap(newSite, into: siteFolder)
            try TemporaryFolders.shared.swap(newFigures, into: book.figuresFolder)
        }
        ResultCache(folder: book.cacheFolder).prune(keeping: Set(book.chapters.map(\.slug)))
        phase("swap in and prune the cache", since: mark)
        report.seconds = ChildProcess.now() - started
        return report
    }

    /// Refuses a site folder that is, holds or lies inside a folder the book keeps (the book itself, its
    /// chapters, figures and cache), whether or not that folder exists yet: replacing the site would delete it.
    /// Paths are compared after resolving symbolic links in the part of them that exists.
    private func checkSiteFolder(_ folder: URL, book: Book) throws {
        let site = Self.realPath(folder)
        let kept: [(URL, String, insideAllowed: Bool)] = [
            (book.root, "the book itself", true), (book.chaptersFolder, "the book's chapters", false),
            (book.figuresFolder, "the book's figures", false), (book.cacheFolder, "the book's result cache", false),
        ]
        for (url, what, insideAllowed) in kept {
            let path = Self.realPath(url)
            if site == path || path.hasPrefix(site + "/") || (!insideAllowed && site.hasPrefix(path + "/")) {
                throw Diagnostic(file: userPath(folder),
                                 "refusing to write the site there: replacing it would delete \(what) (\(userPath(url))); choose another --out",
                                 step: .output)
            }
        }
    }

    /// `url`'s path with symbolic links resolved in its longest existing part (the rest appended as it is).
    static func realPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        return rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.path
    }

    /// Refuses to replace a folder weave did not make (a mistyped `--out` must not delete someone's files).
    private func checkReplaceable(_ folder: URL, marker: String, book: Book) throws {
        let fm = FileManager.default
        let path = folder.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Diagnostic(file: userPath(folder), "cannot write the output folder: a file with that name exists", step: .output)
        }
        let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        if !contents.isEmpty && !contents.contains(marker) {
            throw Diagnostic(file: userPath(folder),
                             "refusing to replace a folder weave did not make (no \(marker) in it); remove it or choose another --out",
                             step: .output)
        }
    }

    /// A hash of everything a build's output depends on: each chapter's text and cache key, the book's
    /// configuration, the output folder, the weave executable itself (its renderer) and its CSS and JavaScript.
    private func buildStamp(_ book: Book, keys: [CacheKey], site: URL) -> String {
        var text = "weave-site-1\n\(site.path)\n"
        text += WeaveExecutable.stamp + "\n"
        // The site's own CSS and JavaScript are resource files beside the executable: a change to them
        // alone (SwiftPM copies them without relinking) must rebuild the site too.
        if let folder = try? SiteAssets.resourceFolder() {
            for name in SiteAssets.ownAssets + [Theme.templateName] {
                let data = (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data()
                text += "\(name) \(SHA256.hex(of: data))\n"
            }
        }
        text += (try? String(contentsOf: book.root.appendingPathComponent("book.json"), encoding: .utf8)) ?? ""
        text += "\u{1F}glossary\u{1F}\(book.glossary?.text ?? "")"
        text += "\u{1F}bibliography\u{1F}\(book.bibliography?.text ?? "")"
        // The translations (po/<edition>/*.po).
        for edition in book.editions {
            for sourceFile in Editions.sourceFiles(of: book) {
                let url = Editions.catalogueURL(root: book.root, edition: edition.name, sourceFile: sourceFile)
                text += "\u{1F}\(edition.name)/\(url.lastPathComponent) \(SHA256.hex(of: (try? Data(contentsOf: url)) ?? Data()))"
            }
            text += "\u{1F}\(edition.name) \(edition.language) \(edition.title ?? "")"
        }
        // The book's own theme (theme/page.mustache, theme/weave.css).
        for name in [Theme.templateName, Theme.stylesheetName] {
            let data = (try? Data(contentsOf: book.root.appendingPathComponent(Theme.folderName).appendingPathComponent(name))) ?? Data()
            text += "\u{1F}theme/\(name) \(SHA256.hex(of: data))"
        }
        for (chapter, key) in zip(book.chapters, keys) {
            text += "\u{1F}\(chapter.slug)\u{1F}\(key.hash)\u{1F}\(chapter.text)"
        }
        return SHA256.hex(of: text)
    }

    /// With `WEAVE_PROFILE=1`, prints how long each step of a build took (to standard error).
    private func phase(_ name: String, since start: Double) {
        guard ProcessInfo.processInfo.environment["WEAVE_PROFILE"] == "1" else { return }
        progress.message(String(format: "profile: %-28@ %7.3f s", name as NSString, ChildProcess.now() - start))
    }

    /// - Parameter keys: each chapter's cache key, when the cache is used (made once per build).
    /// - Parameter only: the positions of the chapters to run (a shard); nil: all. The reports are of those.
    private func runChapters(_ book: Book, engine: Engine, configuration: RunConfiguration, keys allKeys: [CacheKey]? = nil,
                             scratch: URL, useCache: Bool, storeResults: Bool, figures: URL? = nil,
                             only: [Int]? = nil) -> [ChapterReport] {
        _ = Lifeline.readEnd  // before any worker thread spawns a process
        let cache = ResultCache(folder: book.cacheFolder)
        let positions = only ?? Array(book.chapters.indices)
        let chapters = positions.map { book.chapters[$0] }
        let keys = allKeys.map { all in positions.map { all[$0] } }
        let queue = WorkQueue<ChapterReport>(count: chapters.count)
        progress.begin(chapters: chapters.map(\.displayPath))
        let group = DispatchGroup()
        for _ in 0..<min(options.jobs, chapters.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                while let index = queue.take() {
                    let key = keys?[index]
                        ?? CacheKey(chapter: chapters[index], engine: engine, configuration: configuration)
                    queue.put(index, runChapter(chapters[index], index: index, engine: engine,
                                                configuration: configuration, key: key, cache: cache,
                                                scratch: scratch, useCache: useCache, storeResults: storeResults,
                                                figures: figures))
                }
            }
        }
        group.wait()
        progress.end()
        return queue.results
    }

    private func runChapter(_ chapter: Chapter, index: Int, engine: Engine, configuration: RunConfiguration,
                            key: CacheKey, cache: ResultCache, scratch: URL,
                            useCache: Bool, storeResults: Bool, figures: URL?) -> ChapterReport {
        let started = ChildProcess.now()
        let figureFolder = (figures ?? scratch.appendingPathComponent("figures")).appendingPathComponent(chapter.slug)
        var reason: RunReason = useCache ? .notCached : (options.fresh ? .fresh : .check)
        var report = ChapterReport(slug: chapter.slug, displayPath: chapter.displayPath, disposition: .ran(reason),
                                   seconds: 0, blocks: chapter.execBlocks.count)
        do {
            if chapter.execBlocks.isEmpty {
                report.result = ChapterResult(slug: chapter.slug, blocks: [], compileSeconds: 0, runSeconds: 0)
                report.disposition = .noCode
                progress.update(index, "no code", done: true)
                return report
            }
            if useCache {
                switch cache.lookup(key, slug: chapter.slug) {
                case .hit(let result, let cachedFigures):
                    try Diagnostic.inStep(.cache) { try copyFigures(result, from: cachedFigures, to: figureFolder) }
                    report.disposition = .cached
                    report.result = result
                    report.seconds = ChildProcess.now() - started
                    progress.update(index, "cached", done: true)
                    return report
                case .miss(let why):
                    reason = why
                    report.disposition = .ran(why)
                }
            }
            let showState: @Sendable (String) -> Void = { [progress] state in progress.update(index, state) }
            let toolchain = SwiftToolchain(
                chapter: chapter, engine: engine, configuration: configuration,
                workFolder: scratch.appendingPathComponent("work/\(chapter.slug)"), figureFolder: figureFolder,
                defaultTimeout: options.timeout, outputLimit: options.outputLimit, progress: showState)
            let runner = ChapterRunner(chapter: chapter, toolchain: toolchain, rerunBudgetLimit: options.locateBudget,
                                       progress: showState)
            let result = try runner.run()
            if storeResults {
                try? cache.store(result, key: key, figureFolder: figureFolder)
            }
            report.result = result
            report.seconds = ChildProcess.now() - started
            for spot in result.slowSpots ?? [] { progress.message("\(spot) [compile]") }
            if result.compileSeconds >= BuildOptions.slowCompileSeconds {
                let named = (result.slowSpots ?? []).isEmpty
                    ? "the compiler names no slow expression, so the time goes to optimizing (-O) the chapter's code"
                    : "the slowest type-checks are listed above"
                progress.message(String(format: "%@: warning: the chapter program took %.1f s to compile; %@ [compile]",
                                        chapter.displayPath, result.compileSeconds, named))
            }
            if result.leftoverProcesses > 0 {
                progress.message("\(chapter.displayPath): warning: the chapter's program left \(result.leftoverProcesses) process\(result.leftoverProcesses == 1 ? "" : "es") running when it ended; weave stopped \(result.leftoverProcesses == 1 ? "it" : "them")")
            }
            progress.update(index, String(format: "ran (%@) in %.1f s: compile %.1f s, run %.1f s", reason.description,
                                          report.seconds, result.compileSeconds, result.runSeconds), done: true)
        } catch let failure as ChapterFailure {
            report.disposition = .failed
            report.failure = failure
        } catch let diagnostic as Diagnostic {
            report.disposition = .failed
            report.failure = ChapterFailure(diagnostic: diagnostic.named(.run), passed: 0, failed: chapter.execBlocks.count, skipped: 0)
        } catch {
            report.disposition = .failed
            report.failure = ChapterFailure(diagnostic: Diagnostic.io(error, at: chapter.url, step: .run),
                                            passed: 0, failed: chapter.execBlocks.count, skipped: 0)
        }
        if report.disposition == .failed {
            report.seconds = ChildProcess.now() - started
            progress.update(index, String(format: "FAILED after %.1f s", report.seconds), done: true)
        }
        return report
    }

    private func copyFigures(_ result: ChapterResult, from source: URL, to destination: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in result.blocks.flatMap(\.figures) {
            let target = destination.appendingPathComponent(name)
            try? fm.removeItem(at: target)
            try fm.copyItem(at: source.appendingPathComponent(name), to: target)
        }
    }
}

/// Hands out indexes to worker threads and collects their results in order.
final class WorkQueue<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func put(_ index: Int, _ result: Result) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
    }

    var results: [Result] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
