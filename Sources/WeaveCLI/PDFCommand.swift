import ArgumentParser
import Foundation
import WeaveCore

struct PDFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Build the book, then print it to PATH/book.pdf with headless Chromium.",
        discussion: """
        Builds as `weave build` does (reusing cached results), then prints the site's print.html — title page, \
        contents, numbered chapters, typeset math, vector figures, page numbers — to a PDF. Needs Chromium \
        (Debian: apt-get install chromium; or set WEAVE_CHROMIUM). A failed build or print leaves the previous PDF as it was.
        """)

    @OptionGroup var common: RunOptions

    @Option(name: .long, help: "Write the PDF to this file instead of PATH/book.pdf.")
    var out: String?

    func run() throws {
        exitOnDiagnostics {
            let progress = BuildProgress.automatic()
            let builder = BookBuilder(bookRoot: common.bookRoot,
                                      options: BuildOptions(jobs: common.jobs, timeout: common.timeout), progress: progress)
            let report = try builder.build()
            printFailures(report)
            printSummary(report, progress: progress)
            guard report.succeeded, let site = report.site else {
                FileHandle.standardError.write(Data("error: build failed; no PDF written, the previous one is unchanged\n".utf8))
                Foundation.exit(1)
            }
            let output = out.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }?
                .standardizedFileURL ?? common.bookRoot.appendingPathComponent("book.pdf")
            let start = Date()
            try PDFWriter.write(site: site, to: output)
            say("PDF written to \(displayPathForUser(output)) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
    }
}
