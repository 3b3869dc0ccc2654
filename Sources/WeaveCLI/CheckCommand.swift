import ArgumentParser
import Foundation
import WeaveCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every block afresh (no cache), write nothing, and report: exits non-zero if any block failed.")

    @OptionGroup var common: RunOptions

    @Flag(name: .long, help: "Also fail when a translated edition has stale or missing translations (for CI).")
    var strictTranslations = false

    @OptionGroup var sharding: ShardOption

    func run() throws {
        exitOnDiagnostics {
            var options = BuildOptions(jobs: common.jobs, timeout: common.timeout, fresh: true)
            options.shard = sharding.value
            let progress = BuildProgress(style: .quiet)
            let builder = BookBuilder(bookRoot: common.bookRoot, options: options, progress: progress)
            let report = try builder.check()
            for chapter in report.chapters {
                let status = chapter.failure == nil ? "ok  " : "FAIL"
                let detail = chapter.failure.map { "\($0.passed) passed, \($0.failed) failed, \($0.skipped) not run" }
                    ?? "\(chapter.blocks) block\(chapter.blocks == 1 ? "" : "s")"
                say(String(format: "%@ %@  (%@, %.1f s)", status, chapter.displayPath, detail, chapter.seconds))
            }
            printFailures(report)
            if let shard = options.shard { say("shard \(shard): \(report.chapters.count) of the book's chapters") }
            say("\(report.passedBlocks) passed, \(report.failedBlocks) failed" + (report.skippedBlocks > 0 ? ", \(report.skippedBlocks) skipped" : ""))
            if !report.succeeded { Foundation.exit(1) }
            if strictTranslations && report.untranslated > 0 {
                FileHandle.standardError.write(Data("error: \(report.untranslated) translated paragraph\(report.untranslated == 1 ? " is" : "s are") stale or missing (listed above); run weave translate and complete the catalogues\n".utf8))
                Foundation.exit(1)
            }
        }
    }
}
