import Foundation

/// The build report page (`report.html`): for each chapter, whether it ran or came from the cache and why, its
/// time (compile and run), and for each block its time, output size, status and figures.
struct ReportPage {
    var book: Book
    var reports: [ChapterReport]
    var figures: [String: [FigureEntry]]
    /// When the site was built (shown; the one line of the page that changes run to run besides timings).
    var date: Date = Date()
    /// What chapter programs were compiled with and ran on (nil: not shown).
    var machine: BuildMachine? = nil

    func article() -> String {
        let ran = reports.filter { $0.state == .ran }.count
        let cached = reports.filter { $0.state == .cached }.count
        let total = reports.reduce(0.0) { $0 + $1.seconds }
        let formatter = ISO8601DateFormatter()
        var html = "<article class=\"report\">\n<h1>Build report</h1>\n"
        html += "<p class=\"lede\">Built \(formatter.string(from: date)). \(reports.count) chapter\(reports.count == 1 ? "" : "s"): "
        html += "\(ran) ran, \(cached) from the cache; \(String(format: "%.2f", total)) s spent on chapters. "
        html += "Times are measurements of the machine that built the site. A cached chapter shows the block times of the run that made its results.</p>\n"
        if reports.isEmpty {
            html += "<p>No chapter report was given to the site writer.</p>\n"
        }

        html += "<div class=\"table-wrap\"><table class=\"report-summary\">\n<thead><tr><th scope=\"col\">Chapter</th><th scope=\"col\">State</th><th scope=\"col\">Why</th>"
        html += "<th scope=\"col\" class=\"num\">Blocks</th><th scope=\"col\" class=\"num\">Compile</th><th scope=\"col\" class=\"num\">Run</th><th scope=\"col\" class=\"num\">This build</th></tr></thead>\n<tbody>\n"
        for (index, report) in reports.enumerated() {
            let title = book.chapters.first { $0.slug == report.slug }.map { PageRenderer.plainTitle($0.title) } ?? report.slug
            let result = report.result
            html += "<tr><td><a href=\"#report-\(report.slug)\">\(index + 1). \(HTML.escape(title))</a></td>"
            html += "<td><span class=\"state state-\(report.state.rawValue)\">\(report.state.rawValue)</span></td>"
            html += "<td>\(HTML.escape(report.reason))</td><td class=\"num\">\(report.blocks)</td>"
            html += "<td class=\"num\">\(Self.seconds(result?.compileSeconds))</td><td class=\"num\">\(Self.seconds(result?.runSeconds))</td>"
            html += "<td class=\"num\">\(Self.seconds(report.seconds))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        if let machine { html += machine.html() }

        for (index, report) in reports.enumerated() {
            guard let chapter = book.chapters.first(where: { $0.slug == report.slug }) else { continue }
            html += "<h2 id=\"report-\(report.slug)\">\(index + 1). \(HTML.escape(PageRenderer.plainTitle(chapter.title)))</h2>\n"
            html += "<p><a href=\"\(chapter.slug).html\">\(HTML.escape(chapter.displayPath))</a>: "
            switch report.disposition {
            case .ran(let why): html += "ran (\(HTML.escape(why.description))) in \(Self.seconds(report.seconds))."
            case .noCode: html += "no code to run."
            case .cached, .unchanged: html += "results from the cache (code, engine and toolchain unchanged)."
            case .failed: html += "failed."
            }
            html += "</p>\n"
            if let left = report.result?.leftoverProcesses, left > 0 {
                html += "<p class=\"warning\">The chapter's program left \(left) process\(left == 1 ? "" : "es") running when it ended; weave stopped \(left == 1 ? "it" : "them").</p>\n"
            }
            guard let result = report.result, !chapter.execBlocks.isEmpty else { continue }
            html += "<div class=\"table-wrap\"><table class=\"report-blocks\">\n<thead><tr><th scope=\"col\">Block</th><th scope=\"col\">Line</th>"
            html += "<th scope=\"col\" class=\"num\">Time</th><th scope=\"col\" class=\"num\">Output</th><th scope=\"col\">Status</th><th scope=\"col\">Figures</th></tr></thead>\n<tbody>\n"
            for block in chapter.execBlocks {
                let blockResult = result.blocks[safe: block.index]
                html += "<tr><td><a href=\"\(chapter.slug).html#\(chapter.slug)-block-\(block.index + 1)\">\(block.index + 1)</a>"
                if let problem = block.options.problemID { html += " <span class=\"problem-id\">problem \(HTML.escape(problem))</span>" }
                html += "</td><td>\(block.line)</td>"
                html += "<td class=\"num\">\(Self.seconds(blockResult?.seconds))</td>"
                let size = blockResult.map { $0.output.utf8.count + $0.omittedBytes }
                html += "<td class=\"num\">\(size.map(PageRenderer.formatBytes) ?? "–")\(blockResult.map { $0.omittedBytes > 0 ? " (cut)" : "" } ?? "")</td>"
                let status: String
                switch blockResult?.status {
                case .succeeded?: status = block.options.hideOutput ? "ok, output hidden" : "ok"
                case .failedAsExpected?: status = "failed, as expected"
                case nil: status = "not run"
                }
                html += "<td>\(status)</td><td>"
                let links = (blockResult?.figures ?? []).compactMap { file -> String? in
                    guard let entry = figures[chapter.slug]?.first(where: { $0.file == file }) else { return nil }
                    return "<a href=\"\(chapter.slug).html#\(entry.anchor)\">\(entry.label)</a> <span class=\"file\">\(HTML.escape(file))</span>"
                }
                html += links.isEmpty ? "–" : links.joined(separator: "<br>")
                html += "</td></tr>\n"
            }
            html += "</tbody>\n</table></div>\n"
        }
        return html + "</article>"
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value < 0.001 { return "0 s" }
        return value < 10 ? String(format: "%.3f s", value) : String(format: "%.1f s", value)
    }
}


/// Whose numbers these are: the machine, compiler and libraries every chapter program of the site ran with.
/// All of it is part of the cache key (the CPU, the toolchain, the libraries, the OpenBLAS settings), so a
/// cached result was computed with these too.
struct BuildMachine: Equatable {
    var cpu: String
    var cores: Int
    var toolchain: String
    var flags: [String]
    var libraries: [String]
    var settings: String
    /// The OpenBLAS kernel sets the chapter programs reported (one, unless settings differed).
    var blasCores: [String] = []
    /// Whether the CPU has AVX2 (so a generic OpenBLAS kernel set is a fallback, not a fit).
    var cpuHasAVX2 = false

    static func current(engine: Engine, configuration: RunConfiguration, results: [ChapterResult] = []) -> BuildMachine {
        let cpu = Engine.hostCPU()
        return BuildMachine(cpu: cpu.model, cores: ProcessInfo.processInfo.activeProcessorCount,
                            toolchain: engine.toolchainVersion.split(separator: "\n").first.map(String.init) ?? "",
                            flags: configuration.compileFlags(optimized: true),
                            libraries: engine.systemLibraries, settings: configuration.numericsSettings,
                            blasCores: Array(Set(results.compactMap(\.blasCore))).sorted(),
                            cpuHasAVX2: cpu.flags.split(separator: " ").contains("avx2"))
    }

    /// The libraries a reader may care about: the numerics and drawing ones, by file name (which carries
    /// the version, e.g. `libopenblasp-r0.3.21.so`).
    var notableLibraries: [String] {
        libraries.map { URL(fileURLWithPath: $0).lastPathComponent }
            .filter { name in ["openblas", "lapack", "cairo", "pango"].contains { name.contains($0) } }
    }

    func html() -> String {
        var html = "<h2 id=\"machine\">Machine</h2>\n<ul class=\"machine\">\n"
        html += "<li>CPU: \(HTML.escape(cpu)), \(cores) core\(cores == 1 ? "" : "s")</li>\n"
        html += "<li>Compiler: \(HTML.escape(toolchain)); chapter programs compiled with <code>\(HTML.escape(flags.joined(separator: " ")))</code></li>\n"
        if !notableLibraries.isEmpty {
            html += "<li>Libraries: \(notableLibraries.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))</li>\n"
        }
        if !blasCores.isEmpty {
            html += "<li>OpenBLAS kernels: \(blasCores.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))"
            // Kernel sets for pre-AVX2 CPUs: on a CPU with AVX2, unless chosen with OPENBLAS_CORETYPE, they mean
            // OpenBLAS did not recognise the CPU and fell back.
            let preAVX2 = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge", "Katmai",
                           "Unknown"]
            if cpuHasAVX2, !settings.contains("OPENBLAS_CORETYPE="),
               blasCores.contains(where: { core in preAVX2.contains { core.caseInsensitiveCompare($0) == .orderedSame } }) {
                html += " — a generic fallback: this OpenBLAS does not recognise the CPU, so its gemm runs several"
                html += " times slower than the CPU allows (set <code>OPENBLAS_CORETYPE</code> to choose kernels)"
            }
            html += "</li>\n"
        }
        if !settings.isEmpty {
            html += "<li>Environment: \(settings.split(separator: "\n").map { "<code>\(HTML.escape(String($0)))</code>" }.joined(separator: ", "))</li>\n"
        }
        return html + "</ul>\n"
    }
}
