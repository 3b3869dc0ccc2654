import Foundation
import Testing
@testable import WeaveCore

/// `--shard K/N` and `weave cache export/import`: a book split over several CI jobs, each running a
/// deterministic, balanced, disjoint part, whose results a publishing job imports to render without running.
@Suite(.serialized) struct ShardTests {
    @Test func shardsParseAsKOfN() {
        #expect(Shard("2/3") == Shard(index: 2, count: 3))
        #expect(Shard(" 1 / 1 ") == Shard(index: 1, count: 1))
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3", "", "-1/2"] { #expect(Shard(bad) == nil, "\(bad)") }
    }

    @Test func theSplitIsDisjointCompleteBalancedAndDeterministic() {
        // One long chapter and ten short ones: the long one gets a part to itself.
        let costs: [Double?] = [1, 1, 10, 1, 1, 1, 1, 1, 1, 1, 1]
        let parts = Shard.assignment(costs: costs, parts: 2)
        #expect(parts == Shard.assignment(costs: costs, parts: 2), "every job computes the same split")
        var totals = [0.0, 0.0]
        for (chapter, part) in parts.enumerated() { totals[part] += costs[chapter]! }
        #expect(totals == [10, 10] || totals == [10, 10].reversed())
        #expect(parts.filter { $0 == parts[2] }.count == 1, "the long chapter has a part to itself")
        // Greedy longest-first: no part exceeds the lightest by more than the largest single cost.
        let random: [Double?] = (0..<40).map { Double(($0 * 7919) % 23 + 1) }
        for n in 1...6 {
            let assignment = Shard.assignment(costs: random, parts: n)
            var sums = Array(repeating: 0.0, count: n)
            for (chapter, part) in assignment.enumerated() { sums[part] += random[chapter]! }
            #expect(sums.max()! - sums.min()! <= 23, "parts of \(n): \(sums)")
            #expect(Set(assignment).isSubset(of: Set(0..<n)) && assignment.count == random.count)
        }
        // Unknown costs count as the mean of the known ones; none known: all equal, split in chapter order.
        #expect(Shard.assignment(costs: [nil, nil, nil, nil], parts: 2) == [0, 1, 0, 1])
        #expect(Shard.assignment(costs: [8, nil, 1, 1], parts: 2) == [0, 1, 1, 1])
    }

    func book() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-shards-\(UUID().uuidString)")
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        for n in 1...3 {
            let figure = n == 2 ? "\nlet figure = Figure(width: 120, height: 90)\nfigure.axes().plot([1, 2], [2, 1])\nfigure.show()" : ""
            try """
            # Part \(n)

            ```swift-exec\(n == 2 ? " fig=line caption=\"A line\"" : "")
            import WeaveKit
            print("chapter \(n) ran", \(n) * 11)\(figure)
            ```

            """.write(to: chapters.appendingPathComponent("0\(n)-part.md"), atomically: true, encoding: .utf8)
        }
        try "# Notes\n\nNo code here; see @fig-line.\n".write(to: chapters.appendingPathComponent("04-notes.md"), atomically: true, encoding: .utf8)
        return root
    }

    func copy(_ root: URL) throws -> URL {
        let other = root.deletingLastPathComponent().appendingPathComponent("weave-shards-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: root, to: other)
        return other
    }

    @Test func shardsRunDisjointPartsAndAnImportedCacheServesEveryChapter() throws {
        let original = try book()
        let one = try copy(original), two = try copy(original), publish = try copy(original)
        defer { for url in [original, one, two, publish] { try? FileManager.default.removeItem(at: url) } }
        func shardBuild(_ root: URL, _ shard: String) throws -> BuildReport {
            var options = BuildOptions(jobs: 2, timeout: 120)
            options.shard = Shard(shard)
            let report = try BookBuilder(bookRoot: root, options: options).build()
            #expect(report.succeeded, "\(report.chapters.compactMap { $0.failure?.diagnostic.description })")
            #expect(report.site == nil && !FileManager.default.fileExists(atPath: root.appendingPathComponent("site").path),
                    "a shard writes no site")
            return report
        }
        let first = try shardBuild(one, "1/2"), second = try shardBuild(two, "2/2")
        let firstSlugs = Set(first.chapters.map(\.slug)), secondSlugs = Set(second.chapters.map(\.slug))
        #expect(firstSlugs.isDisjoint(with: secondSlugs), "a shard never runs another's chapter")
        #expect(firstSlugs.union(secondSlugs) == ["01-part", "02-part", "03-part", "04-notes"], "the shards together are the book")
        for report in [first, second] {
            for chapter in report.chapters where chapter.slug != "04-notes" { #expect(chapter.disposition == .ran(.notCached)) }
        }
        // Each shard's cache holds only its own chapters' results.
        let index = { (root: URL) in Set((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".weave-cache/index").path)) ?? []) }
        #expect(index(one) == firstSlugs.subtracting(["04-notes"]) && index(two) == secondSlugs.subtracting(["04-notes"]))

        let exportOne = one.appendingPathComponent("export"), exportTwo = two.appendingPathComponent("export")
        let exported = try BookBuilder(bookRoot: one).exportCache(to: exportOne)
        #expect(exported.chapters.count == firstSlugs.subtracting(["04-notes"]).count && exported.missing.count == 3 - exported.chapters.count)
        _ = try BookBuilder(bookRoot: two).exportCache(to: exportTwo)

        _ = try BookBuilder(bookRoot: publish).importCache(from: exportOne)
        let imported = try BookBuilder(bookRoot: publish).importCache(from: exportTwo)
        #expect(imported.damaged.isEmpty && imported.servable.count == 3 && imported.unservable.isEmpty)
        let report = try BookBuilder(bookRoot: publish, options: BuildOptions(jobs: 2, timeout: 120)).build()
        #expect(report.succeeded)
        for chapter in report.chapters where chapter.slug != "04-notes" {
            #expect(chapter.disposition == .cached, "\(chapter.slug) served from the imported cache, not run")
        }
        let page = try String(contentsOf: publish.appendingPathComponent("site/02-part.html"), encoding: .utf8)
        #expect(page.contains("chapter 2 ran 22"))
        #expect(FileManager.default.fileExists(atPath: publish.appendingPathComponent("figures/02-part/line.svg").path))

        // A damaged entry is refused, whole, and what was there is kept.
        let damaged = try copy(original)
        defer { try? FileManager.default.removeItem(at: damaged) }
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: exportTwo.path).first { $0 != "index" })
        let resultFile = exportTwo.appendingPathComponent(entry).appendingPathComponent("result.json")
        let text = try String(contentsOf: resultFile, encoding: .utf8)
        try text.replacingOccurrences(of: " ran", with: " RAN").write(to: resultFile, atomically: true, encoding: .utf8)
        let refused = try BookBuilder(bookRoot: damaged).importCache(from: exportTwo)
        #expect(refused.damaged.count == 1 && refused.entries == 0)
        #expect(!FileManager.default.fileExists(atPath: damaged.appendingPathComponent(".weave-cache/\(entry)").path))
        #expect(throws: Diagnostic.self) { try BookBuilder(bookRoot: damaged).importCache(from: damaged.appendingPathComponent("nowhere")) }
    }

    @Test func aShardedCheckRunsOnlyItsPart() throws {
        let root = try book()
        defer { try? FileManager.default.removeItem(at: root) }
        var options = BuildOptions(jobs: 2, timeout: 120, fresh: true)
        options.shard = Shard("2/3")
        let report = try BookBuilder(bookRoot: root, options: options).check()
        #expect(report.succeeded && report.chapters.map(\.slug) == ["02-part"], "\(report.chapters.map(\.slug))")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".weave-cache/index").path), "check stores nothing")
    }
}

/// A chapter whose compile is slow is reported, at the lines the compiler can name.
@Suite struct SlowCompileTests {
    @Test func slowTypeCheckingIsReportedAtTheChaptersLine() throws {
        let book = try temporaryBook(["01-slow.md": """
        # Slow

        Some prose.

        ```swift-exec
        import WeaveKit
        func mixed(_ x: Double) -> Double {
            return 1 + 2.0 * x - 4 / 5 + 6 * 7.0 - 8 + 9 * x / 3 - 2
        }
        print(mixed(2))
        ```

        """])
        defer { try? FileManager.default.removeItem(at: book.root) }
        var options = BuildOptions(jobs: 1, timeout: 120)
        options.slowTypeCheckMilliseconds = 1  // every body that takes a millisecond or more
        let messages = Messages()
        let report = try BookBuilder(bookRoot: book.root, options: options,
                                     progress: BuildProgress(style: .quiet, observer: { messages.add($0) })).build()
        #expect(report.succeeded)
        let spots = report.chapters[0].result?.slowSpots ?? []
        let file = book.chapters[0].displayPath  // the chapter's own path, as in every diagnostic
        #expect(spots.contains { $0.hasPrefix("\(file):7:6: warning: global function 'mixed' took ") }, "\(spots)")
        #expect(messages.all.contains { $0.hasPrefix("\(file):7:6: warning:") && $0.hasSuffix("[compile]") })
        // At the default limit (500 ms) this chapter has nothing slow.
        #expect(try BookBuilder(bookRoot: book.root, options: BuildOptions(jobs: 1, timeout: 120, fresh: true)).build()
            .chapters[0].result?.slowSpots == nil)
    }

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }
}
