import ArgumentParser
import Foundation
import WeaveCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run the book's code (reusing cached results) and write the site.",
        discussion: """
        Reads PATH/chapters/*.md and writes PATH/site (or --out) and PATH/figures. Results are cached per chapter \
        under PATH/.weave-cache, keyed by the chapter's code, the engine and the toolchain: prose edits re-run nothing. \
        A failed or interrupted build leaves the previous site and figures as they were.
        """)

    @OptionGroup var common: RunOptions

    @Option(name: .long, help: "Write the site to this folder instead of PATH/site.")
    var out: String?

    @Flag(name: .long, help: "Ignore cached results and run every chapter.")
    var fresh = false

    @OptionGroup var sharding: ShardOption

    func validate() throws {
        if sharding.value != nil, out != nil {
            throw ValidationError("--shard writes no site (its results go to the cache), so --out does not apply")
        }
    }

    func run() throws {
        exitOnDiagnostics {
            let output = out.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
            var options = BuildOptions(output: output?.standardizedFileURL, jobs: common.jobs, timeout: common.timeout, fresh: fresh)
            options.shard = sharding.value
            let progress = BuildProgress.automatic()
            let builder = BookBuilder(bookRoot: common.bookRoot, options: options, progress: progress)
            let report = try builder.build()
            printFailures(report)
            printSummary(report, progress: progress)
            if !report.succeeded {
                FileHandle.standardError.write(Data("error: build failed; the previous site and figures are unchanged\n".utf8))
                Foundation.exit(1)
            }
            if let shard = options.shard {
                say("shard \(shard): \(report.chapters.count) chapter\(report.chapters.count == 1 ? "" : "s") done, results in the cache "
                    + "(no site written: `weave cache export` them, then `weave cache import` and `weave build` in the publishing job)")
                return
            }
            if report.chapters.allSatisfy({ $0.disposition == .unchanged }) {
                say("site up to date: \(report.site.map(displayPathForUser) ?? "?") (checked in \(String(format: "%.2f", report.seconds)) s)")
                return
            }
            say("site written to \(report.site.map(displayPathForUser) ?? "?") in \(String(format: "%.2f", report.seconds)) s")
        }
    }
}

func printSummary(_ report: BuildReport, progress: BuildProgress) {
    let width = report.chapters.map(\.displayPath.count).max() ?? 10
    var lines = ["summary:"]
    for chapter in report.chapters {
        let name = chapter.displayPath.padding(toLength: width, withPad: " ", startingAt: 0)
        let state: String
        switch chapter.disposition {
        case .cached, .unchanged: state = "cached"
        case .noCode: state = "no code"
        case .ran(let why): state = "ran (\(why))"
        case .failed: state = "FAILED"
        }
        lines.append(String(format: "  %@  %6.2f s  %@", name, chapter.seconds, state))
    }
    progress.message(lines.joined(separator: "\n"))
}

func displayPathForUser(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
}
