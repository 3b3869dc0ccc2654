import Foundation
import Testing
@testable import WeaveCore

/// Builds the fixture books in `Fixtures/` end to end: real cmark, real swiftc, the real engine.
@Suite(.serialized) struct BuildIntegrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fresh copy of a fixture book in a temporary folder.
    func copy(_ name: String) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("weave-test-\(name)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: target)
        return target
    }

    func builder(_ root: URL, timeout: Double = 60) -> BookBuilder {
        BookBuilder(bookRoot: root, options: BuildOptions(jobs: 2, timeout: timeout))
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func buildsABookAndCachesIt() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try builder(root).build()
        #expect(first.succeeded)
        #expect(first.chapters.map(\.state) == [.ran, .ran])
        let page = try read(root.appendingPathComponent("site/01-first.html"))
        #expect(page.contains("<pre class=\"output\"><code>total 10\n</code></pre>"))
        // Output of stdout and stderr, in the order printed, under the second block.
        #expect(page.contains("second block sees 10\nto stderr\nafter stderr\n"))
        #expect(page.contains("<details class=\"hidden-code\">"))
        #expect(page.contains("<span class=\"math inline\">a_i * b_i &lt; c</span>"))
        #expect(page.contains("href=\"02-second.html\""))
        #expect(page.contains("print(<span class=\"hl-str\">&quot;shown, not run&quot;</span>)"))
        #expect(!page.contains("shown, not run\n</code></pre>\n<pre class=\"output\""))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/assets/katex/katex.min.js").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/index.html").path))

        // No change: nothing runs, nothing is rewritten.
        let second = try builder(root).build()
        #expect(second.chapters.map(\.state) == [.cached, .cached])
        #expect(second.chapters.map(\.reason) == ["unchanged", "unchanged"])
        // A page missing from the site is noticed and the site written again.
        try FileManager.default.removeItem(at: root.appendingPathComponent("site/02-second.html"))
        let repaired = try builder(root).build()
        #expect(repaired.chapters.map(\.reason) == ["cached", "cached"])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("site/02-second.html").path))

        // Prose-only edit: nothing runs, and the page shows the new prose.
        let chapterURL = root.appendingPathComponent("chapters/01-first.md")
        try (try read(chapterURL)).replacingOccurrences(of: "Prose with math", with: "Edited prose with math")
            .write(to: chapterURL, atomically: true, encoding: .utf8)
        let third = try builder(root).build()
        #expect(third.chapters.map(\.state) == [.cached, .cached])
        #expect(try read(root.appendingPathComponent("site/01-first.html")).contains("Edited prose"))

        // A code edit re-runs that chapter only.
        let second2 = root.appendingPathComponent("chapters/02-second.md")
        try (try read(second2)).replacingOccurrences(of: "1...3", with: "1...4").write(to: second2, atomically: true, encoding: .utf8)
        let fourth = try builder(root).build()
        #expect(fourth.chapters.map(\.state) == [.cached, .ran])
        #expect(fourth.chapters[1].reason == "code changed")
        #expect(try read(root.appendingPathComponent("site/02-second.html")).contains("[1, 4, 9, 16]"))
    }

    @Test func compileErrorPointsAtTheChapterLineAndKeepsTheOldSite() throws {
        let root = try copy("compile-error")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data().write(to: site.appendingPathComponent(".weave-site"))
        let report = try builder(root).build()
        #expect(!report.succeeded)
        let diagnostic = try #require(report.chapters[0].failure?.diagnostic)
        #expect(diagnostic.line == 11)
        #expect(diagnostic.description.contains("01-broken.md:11:14: error: cannot convert value of type 'String'"))
        #expect(try read(site.appendingPathComponent("index.html")) == "old")
    }

    @Test func compileErrorInsideAListItemHasTheFileColumn() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        // Line 6 is `      let n: Int = "text"`; cmark strips the list item's two spaces, the string starts at column 20.
        try "# L\n\n- Step one:\n\n  ```swift-exec\n      let n: Int = \"text\"\n  ```\n"
            .write(to: root.appendingPathComponent("chapters/01-list.md"), atomically: true, encoding: .utf8)
        let report = try builder(root).build()
        let diagnostic = try #require(report.chapters.first?.failure?.diagnostic)
        #expect(diagnostic.description.contains("chapters/01-list.md:6:20: error: cannot convert value of type 'String'"),
                "\(diagnostic.description)")
    }

    @Test func trapNamesTheLineAndShowsWhatWasPrinted() throws {
        let root = try copy("trap")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).check()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.line == 11, "\(failure.diagnostic.description)")
        #expect(failure.diagnostic.message.contains("block 2 crashed"))
        #expect(failure.diagnostic.message.contains("Index out of range"))
        #expect(failure.diagnostic.description.contains("about to index"))
        #expect((failure.passed, failure.failed, failure.skipped) == (1, 1, 1))
    }

    /// The unoptimized re-run that finds a trap's line has a budget; when it runs out (here while the re-run
    /// sleeps in block 1), the crash is still reported, at the block, with a note saying the exact line
    /// could not be found in time.
    @Test func locatingATrapHasATimeBudget() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-budget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try """
            # Budget

            ```swift-exec
            import Foundation
            Thread.sleep(forTimeInterval: 0.5)
            ```

            ```swift-exec
            let values = [1, 2, 3]
            print("about to index")
            print(values[values.count + CommandLine.arguments.count])
            ```
            """.write(to: root.appendingPathComponent("chapters/01-budget.md"), atomically: true, encoding: .utf8)
        var options = BuildOptions(jobs: 2, timeout: 60)
        options.locateBudget = 0.2   // the re-run sleeps 0.5 s before it reaches the trap
        let report = try BookBuilder(bookRoot: root, options: options).check()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.message.contains("block 2 crashed"))
        #expect(failure.diagnostic.description.contains("did not finish within"), "\(failure.diagnostic.description)")
        #expect(failure.diagnostic.description.contains("about to index"))
        #expect(ChapterRunner.rerunBudget(optimizedSeconds: 0.2, limit: 180) == 30)
        #expect(ChapterRunner.rerunBudget(optimizedSeconds: 4, limit: 180) == 80)
        #expect(ChapterRunner.rerunBudget(optimizedSeconds: 60, limit: 180) == 180)
    }

    @Test func preconditionInsideTheEngineNamesTheChapterLine() throws {
        let root = try copy("engine-trap")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).check()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.line == 8)
        #expect(failure.diagnostic.message.contains("2×3"))
        #expect(failure.diagnostic.description.contains("multiplying"))
    }

    @Test func timeoutStopsTheBlock() throws {
        let root = try copy("timeout")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).check()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.line == 3)
        #expect(failure.diagnostic.message.contains("time limit of 1 s"))
        #expect(failure.diagnostic.description.contains("sleeping"))
        // Stopped long before the block's 30 s sleep would have ended (the chapter's time includes compiling).
        #expect(report.chapters[0].seconds < 25)
    }

    @Test func timeoutStopsEveryProcessTheBlockStarted() throws {
        let root = try copy("timeout-child")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).check()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.message.contains("time limit of 2 s"))
        let text = failure.diagnostic.description
        let pidText = try #require(text.range(of: "child pid ").map { text[$0.upperBound...].prefix { $0.isNumber } })
        let pid = try #require(Int32(pidText))
        // The grandchild (in a session of its own) is gone too: dead, or a zombie waiting for init to reap it.
        func alive() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
        var waited = 0
        while alive() && waited < 50 { usleep(100_000); waited += 1 }
        #expect(!alive())
    }

    @Test func expectedFailuresAreShownAndTheRestRuns() throws {
        let root = try copy("expected-failure")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).build()
        #expect(report.succeeded)
        let blocks = try #require(report.chapters[0].result?.blocks)
        #expect(blocks.map(\.status) == [.succeeded, .failedAsExpected, .failedAsExpected, .succeeded])
        #expect(blocks[1].output.contains("cannot convert value of type 'String'"))
        #expect(blocks[2].output.contains("going to trap"))
        #expect(blocks[2].output.contains("deliberate trap"))
        #expect(blocks[3].output == "still runs, a + 1 = 2\n")
        let page = try read(root.appendingPathComponent("site/01-expected.html"))
        #expect(page.contains("output expected-failure"))
    }

    @Test func shouldFailBlockThatSucceedsFailsTheBuild() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("chapters/02-second.md")
        try (try read(url)).replacingOccurrences(of: "```swift-exec", with: "```swift-exec should-fail")
            .write(to: url, atomically: true, encoding: .utf8)
        let report = try builder(root).check()
        #expect(report.chapters[1].failure?.diagnostic.message.contains("marked should-fail") == true)
    }

    @Test func hugeOutputIsCut() throws {
        let root = try copy("huge-output")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).build()
        #expect(report.succeeded)
        let blocks = try #require(report.chapters[0].result?.blocks)
        #expect(blocks[0].output.utf8.count <= BuildOptions.defaultOutputLimit)
        #expect(blocks[0].output.utf8.count >= BuildOptions.defaultOutputLimit - 3)
        #expect(blocks[0].omittedBytes + blocks[0].output.utf8.count == 200_000 * 100)
        #expect(blocks[0].omittedAt == BuildOptions.defaultOutputLimit * 3 / 4)
        #expect(blocks[1].output == "small\n")
        #expect(try read(root.appendingPathComponent("site/01-huge.html")).contains("Output cut:"))
    }

    /// A trap after much output: the message (printed last) survives the output cap and is the error line
    /// itself, at the chapter's line.
    @Test func aTrapAfterMuchOutputKeepsItsMessage() throws {
        let root = try copy("loud-crash")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).build()
        let failure = try #require(report.chapters[0].failure)
        #expect(failure.diagnostic.headline.hasSuffix(
            "/chapters/01-loud.md:6: error: block 1 crashed: Fatal error: matmul: shapes 2×3 and 2×3 do not conform"))
    }

    /// A chapter program runs in an empty working directory of its own: a relative path it writes does not
    /// land in the book or wherever weave was started.
    @Test func chapterProgramsRunInTheirOwnWorkingDirectory() throws {
        let root = try copy("working-directory")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).build()
        #expect(report.succeeded)
        #expect(report.chapters[0].result?.blocks[0].output == "scratch\n0\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("relative.txt").path))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/relative.txt"))
    }

    /// A background process a block started and left running is stopped when the chapter ends, and the
    /// result says so.
    @Test func processesLeftRunningAreStoppedAndReported() throws {
        let root = try copy("leftover-child")
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try builder(root).build()
        #expect(report.succeeded)
        #expect(report.chapters[0].result?.leftoverProcesses == 1)
        let sleeping = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { entry in
            guard Int(entry) != nil, let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains("317.25")
        }
        #expect(sleeping.isEmpty)
        #expect(try read(root.appendingPathComponent("site/report.html")).contains("left 1 process running"))
    }

    /// A second build of a book waits for the first (the lock), and what killed builds left behind is
    /// removed — but never the folders of a build whose process still exists.
    @Test func buildsOfOneBookTakeTurnsAndClearKilledBuildsLeftovers() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let dead = root.appendingPathComponent(".figures.new-999999999-1")  // beyond pid_max: no such process
        let deadSite = root.appendingPathComponent(".site.new-999999999-7")
        let living = root.appendingPathComponent(".figures.new-1-2")         // init's: that process exists
        for folder in [dead, deadSite, living] { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }

        var held: BuildLock? = try BuildLock(root.appendingPathComponent(".weave-cache/build.lock"), waiting: { _ in })
        let finished = Finished()
        let messages = Finished()
        let progress = BuildProgress(style: .quiet, observer: { messages.add($0) })
        Thread.detachNewThread {
            let report = try? BookBuilder(bookRoot: root, options: BuildOptions(timeout: 60), progress: progress).build()
            finished.add(report?.succeeded == true ? "ok" : "failed")
        }
        Thread.sleep(forTimeInterval: 1.0)
        #expect(finished.items.isEmpty)  // cannot have finished while the lock is held
        #expect(messages.items.contains { $0.contains("another build of this book is running (process \(getpid()))") })
        held = nil
        _ = held
        for _ in 0..<600 where finished.items.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        #expect(finished.items == ["ok"])
        #expect(!fm.fileExists(atPath: dead.path))
        #expect(!fm.fileExists(atPath: deadSite.path))
        #expect(fm.fileExists(atPath: living.path))
    }

    @Test func badInputIsReportedWithALocation() throws {
        let bad = try copy("bad-option")
        defer { try? FileManager.default.removeItem(at: bad) }
        #expect {
            try builder(bad).build()
        } throws: { error in
            let d = error as! Diagnostic
            return d.line == 3 && d.column == 15 && d.message.contains("unknown block option 'hide-cod'")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("weave-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect { try builder(empty).build() } throws: { ($0 as! Diagnostic).message.contains("empty book") }
        #expect { try builder(empty.appendingPathComponent("nope")).build() } throws: {
            ($0 as! Diagnostic).message.contains("no chapters folder")
        }
        try Data([0x23, 0x20, 0xFF, 0x0A]).write(to: empty.appendingPathComponent("chapters/01-bin.md"))
        #expect { try builder(empty).build() } throws: { ($0 as! Diagnostic).message.contains("not valid UTF-8") }
    }

    @Test func duplicateFigureIDsAndUnwritableOutputAreErrors() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("chapters/02-second.md")
        try (try read(url)).replacingOccurrences(of: "```swift-exec", with: "```swift-exec fig=same")
            .appending("\n```swift-exec fig=same\nprint(0)\n```\n").write(to: url, atomically: true, encoding: .utf8)
        #expect { try builder(root).build() } throws: { error in
            let d = error as! Diagnostic
            return d.message.contains("duplicate figure id 'same'") && d.line == 8
        }
        let clean = try copy("basic")
        defer { try? FileManager.default.removeItem(at: clean) }
        let blocker = clean.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let b = BookBuilder(bookRoot: clean,
                            options: BuildOptions(output: blocker.appendingPathComponent("site"), jobs: 1))
        #expect { try b.build() } throws: { ($0 as! Diagnostic).message.contains("cannot") }
    }

    /// The chapter shown in README.md's "Writing a chapter" builds as documented.
    @Test func readmeExampleChapterBuilds() throws {
        let readme = try read(Self.fixtures.appendingPathComponent("../../../README.md").standardizedFileURL)
        let start = try #require(readme.range(of: "````markdown\n"))
        let end = try #require(readme.range(of: "\n````", range: start.upperBound..<readme.endIndex))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try String(readme[start.upperBound..<end.lowerBound])
            .write(to: root.appendingPathComponent("chapters/01-example.md"), atomically: true, encoding: .utf8)
        let report = try builder(root).build()
        #expect(report.succeeded, "\(report.chapters.compactMap(\.failure?.diagnostic))")
        let page = try read(root.appendingPathComponent("site/01-example.html"))
        #expect(page.contains("figures/01-example/spectrum.svg"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("figures/01-example/spectrum.svg").path))
    }

    /// The engine's SIMD kernels are inlined into chapter code, so chapter programs must be compiled for this
    /// machine's CPU (`-target-cpu native`) like the engine: with FMA in the target, the C shim's
    /// compile-time test says so inside the chapter program.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/cpuinfo")))
    func chapterCodeIsCompiledForThisCPU() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") || $0.hasPrefix("Features") } ?? ""
        let hasFMA = flags.split(separator: " ").contains { $0 == "fma" || $0 == "asimd" }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-cpu-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "# CPU\n\n```swift-exec\nimport COpenBLAS\nprint(\"fma in target:\", weave_target_has_fma())\n```\n"
            .write(to: root.appendingPathComponent("chapters/01-cpu.md"), atomically: true, encoding: .utf8)
        let report = try builder(root).build()
        #expect(report.succeeded, "\(report.chapters.compactMap(\.failure?.diagnostic))")
        let page = try read(root.appendingPathComponent("site/01-cpu.html"))
        #expect(page.contains("fma in target: \(hasFMA ? 1 : 0)\n"))
    }

    @Test func refusesToReplaceAForeignFolder() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let foreign = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        let b = BookBuilder(bookRoot: root, options: BuildOptions(output: foreign, jobs: 2))
        #expect { try b.build() } throws: { ($0 as! Diagnostic).message.contains("refusing to replace") }
        #expect(try read(foreign.appendingPathComponent("notes.txt")) == "precious")
    }

    @Test func refusesAnOutputFolderTheBookKeepsEvenBeforeItExists() throws {
        let root = try copy("basic")
        defer { try? FileManager.default.removeItem(at: root) }
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("weave-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root)
        defer { try? FileManager.default.removeItem(at: link) }
        // None of figures/, .weave-cache/ exists yet in the copied book: they must be refused all the same.
        for out in ["figures", ".weave-cache", ".weave-cache/site", "chapters", "chapters/x", ".", ".."] {
            for base in [root, link] {
                let b = BookBuilder(bookRoot: root, options: BuildOptions(output: base.appendingPathComponent(out), jobs: 2))
                #expect { try b.build() } throws: { error in
                    let d = error as! Diagnostic
                    return d.message.hasPrefix("refusing to write the site there: replacing it would delete") && d.step == .output
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".weave-cache").path), "refused before anything ran")
    }
}

/// Strings collected from another thread.
final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ item: String) { lock.lock(); storage.append(item); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
