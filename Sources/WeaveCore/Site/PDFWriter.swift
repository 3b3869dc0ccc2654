import Foundation

/// `weave pdf`: the site's `print.html` printed to PDF by headless Chromium (the engine Jupyter Book's
/// `pdfhtml` builder uses): its print stylesheet gives the page breaks, page numbers (CSS margin boxes) and
/// kept-whole figures; KaTeX typesets the math before printing; SVG figures stay vectors.
public enum PDFWriter {
    /// The browsers tried, in order, when `WEAVE_CHROMIUM` does not name one.
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The Chromium executable: `WEAVE_CHROMIUM`, or the first of `candidates` on `PATH`.
    static func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let fm = FileManager.default
        if let chosen = environment["WEAVE_CHROMIUM"], !chosen.isEmpty {
            guard fm.isExecutableFile(atPath: chosen) else {
                throw Diagnostic(file: chosen, "WEAVE_CHROMIUM names no executable file: point it at Chromium or Chrome, or unset it", step: .site)
            }
            return chosen
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for folder in path where fm.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        throw Diagnostic("weave pdf prints the book with headless Chromium, and none was found (looked for \(candidates.joined(separator: ", ")) on PATH): install it (Debian: sudo apt-get install chromium) or set WEAVE_CHROMIUM to its path",
                         step: .site)
    }

    /// Prints `site/print.html` to `output`, through a temporary file so a failure never leaves a broken
    /// or half-written PDF where the last good one was.
    public static func write(site: URL, to output: URL, timeout: Double = 300) throws {
        let page = site.appendingPathComponent("print.html")
        guard FileManager.default.fileExists(atPath: page.path) else {
            throw Diagnostic(file: userPath(page), "no print page to make the PDF from: build the site first", step: .site)
        }
        let browser = try chromium()
        let scratch = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).\(getpid()).tmp")
        try? FileManager.default.removeItem(at: scratch)
        var arguments = ["--headless", "--disable-gpu", "--no-pdf-header-footer", "--hide-scrollbars",
                         "--virtual-time-budget=30000", "--run-all-compositor-stages-before-draw",
                         "--user-data-dir=\(FileManager.default.temporaryDirectory.path)/weave-pdf-profile-\(getpid())",
                         "--print-to-pdf=\(scratch.path)", page.absoluteString]
        // Chromium's sandbox refuses to start as root (containers, CI).
        if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        var log: [UInt8] = []
        let start = ChildProcess.now()
        defer { try? FileManager.default.removeItem(atPath: "\(FileManager.default.temporaryDirectory.path)/weave-pdf-profile-\(getpid())") }
        let termination = try ChildProcess.run(browser, arguments, onOutput: { log += $0 }, deadline: { start + timeout })
        let size = (try? FileManager.default.attributesOfItem(atPath: scratch.path)[.size] as? NSNumber)?.intValue ?? 0
        guard termination == .exited(0), size > 0,
              let head = FileHandle(forReadingAtPath: scratch.path)?.readData(ofLength: 5), head == Data("%PDF-".utf8) else {
            try? FileManager.default.removeItem(at: scratch)
            let tail = String(decoding: log.suffix(2000), as: UTF8.self).split(separator: "\n").suffix(8).joined(separator: "\n")
            let how: String
            switch termination {
            case .timedOut: how = "did not finish in \(Int(timeout)) s"
            case .exited(let code): how = code == 0 ? "wrote no PDF" : "exited with status \(code)"
            case .signaled(let signal): how = "was killed by signal \(signal)"
            }
            throw Diagnostic(file: browser, "Chromium \(how) while printing \(userPath(page))",
                             notes: tail.isEmpty ? [] : [tail], step: .site)
        }
        guard rename(scratch.path, output.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: scratch)
            throw Diagnostic(file: userPath(output), "cannot write the PDF: \(reason)", step: .site)
        }
    }
}
