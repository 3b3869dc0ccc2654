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
    /// The edition's words for weave's own text (headings, states, reasons); numbers, paths, flags and
    /// library names are shown as they are.
    var ui = Interface(language: "en")

    func article() -> String {
        let ran = reports.filter { $0.state == .ran }.count
        let cached = reports.filter { $0.state == .cached }.count
        let total = reports.reduce(0.0) { $0 + $1.seconds }
        let formatter = ISO8601DateFormatter()
        var html = "<article class=\"report\">\n<h1>\(ui("Build report"))</h1>\n<p class=\"lede\">"
        html += ui(reports.count == 1 ? "Built %@. 1 chapter: %@ ran, %@ from the cache; %@ s spent on chapters."
                                      : "Built %@. %@ chapters: %@ ran, %@ from the cache; %@ s spent on chapters.",
                   formatter.string(from: date), String(reports.count), String(ran), String(cached), String(format: "%.2f", total))
        html += " " + ui("Times are measurements of the machine that built the site. A cached chapter shows the block times of the run that made its results.") + "</p>\n"
        if reports.isEmpty {
            html += "<p>\(ui("No chapter report was given to the site writer."))</p>\n"
        }

        html += "<div class=\"table-wrap\"><table class=\"report-summary\">\n<thead><tr>"
        html += Self.headings([("Chapter", false), ("State", false), ("Why", false), ("Blocks", true), ("Compile", true),
                               ("Run", true), ("This build", true)], ui: ui)
        html += "</tr></thead>\n<tbody>\n"
        for (index, report) in reports.enumerated() {
            let title = book.chapters.first { $0.slug == report.slug }.map { PageRenderer.plainTitle($0.title) } ?? report.slug
            let result = report.result
            html += "<tr><td><a href=\"#report-\(report.slug)\">\(index + 1). \(HTML.escape(title))</a></td>"
            html += "<td><span class=\"state state-\(report.state.rawValue)\">\(ui(report.state.rawValue))</span></td>"
            html += "<td>\(HTML.escape(ui(report.reason)))</td><td class=\"num\">\(report.blocks)</td>"
            html += "<td class=\"num\">\(Self.seconds(result?.compileSeconds))</td><td class=\"num\">\(Self.seconds(result?.runSeconds))</td>"
            html += "<td class=\"num\">\(Self.seconds(report.seconds))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        if let machine { html += machine.html(ui: ui) }

        for (index, report) in reports.enumerated() {
            guard let chapter = book.chapters.first(where: { $0.slug == report.slug }) else { continue }
            html += "<h2 id=\"report-\(report.slug)\">\(index + 1). \(HTML.escape(PageRenderer.plainTitle(chapter.title)))</h2>\n"
            html += "<p><a href=\"\(chapter.slug).html\">\(HTML.escape(report.displayPath))</a>: "
            switch report.disposition {
            case .ran(let why): html += ui("ran (%@) in %@.", HTML.escape(ui(why.description)), Self.seconds(report.seconds))
            case .noCode: html += ui("no code to run.")
            case .cached, .unchanged: html += ui("results from the cache (code, engine and toolchain unchanged).")
            case .failed: html += ui("failed.")
            }
            html += "</p>\n"
            if let left = report.result?.leftoverProcesses, left > 0 {
                html += "<p class=\"warning\">"
                html += ui(left == 1 ? "The chapter's program left 1 process running when it ended; weave stopped it."
                                     : "The chapter's program left %@ processes running when it ended; weave stopped them.",
                           String(left))
                html += "</p>\n"
            }
            guard let result = report.result, !chapter.execBlocks.isEmpty else { continue }
            html += "<div class=\"table-wrap\"><table class=\"report-blocks\">\n<thead><tr>"
            html += Self.headings([("Block", false), ("Line", false), ("Time", true), ("Output", true), ("Status", false),
                                   ("Figures", false)], ui: ui)
            html += "</tr></thead>\n<tbody>\n"
            for block in chapter.execBlocks {
                let blockResult = result.blocks[safe: block.index]
                html += "<tr><td><a href=\"\(chapter.slug).html#\(chapter.slug)-block-\(block.index + 1)\">\(block.index + 1)</a>"
                if let problem = block.options.problemID {
                    html += " <span class=\"problem-id\">\(ui("problem %@", HTML.escape(problem)))</span>"
                }
                html += "</td><td>\(block.line)</td>"
                html += "<td class=\"num\">\(Self.seconds(blockResult?.seconds))</td>"
                let size = blockResult.map { $0.output.utf8.count + $0.omittedBytes }
                html += "<td class=\"num\">\(size.map { $0 < 1024 ? ui("%@ bytes", String($0)) : PageRenderer.formatBytes($0) } ?? "–")\(blockResult.map { $0.omittedBytes > 0 ? ui(" (cut)") : "" } ?? "")</td>"
                let status: String
                switch blockResult?.status {
                case .succeeded?: status = block.options.hideOutput ? "ok, output hidden" : "ok"
                case .failedAsExpected?: status = "failed, as expected"
                case nil: status = "not run"
                }
                html += "<td>\(ui(status))</td><td>"
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

    /// A table's column headings, in the edition's words; numeric columns are right-aligned.
    static func headings(_ columns: [(String, Bool)], ui: Interface) -> String {
        columns.map { "<th scope=\"col\"\($0.1 ? " class=\"num\"" : "")>\(ui($0.0))</th>" }.joined()
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

    func html(ui: Interface = Interface(language: "en")) -> String {
        var html = "<h2 id=\"machine\">\(ui("Machine"))</h2>\n<ul class=\"machine\">\n"
        html += "<li>" + ui(cores == 1 ? "CPU: %@, 1 core" : "CPU: %@, %@ cores", HTML.escape(cpu), String(cores)) + "</li>\n"
        html += "<li>" + ui("Compiler: %@; chapter programs compiled with %@", HTML.escape(toolchain),
                            "<code>\(HTML.escape(flags.joined(separator: " ")))</code>") + "</li>\n"
        if !notableLibraries.isEmpty {
            html += "<li>" + ui("Libraries: %@", notableLibraries.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")) + "</li>\n"
        }
        if !blasCores.isEmpty {
            html += "<li>" + ui("OpenBLAS kernels: %@", blasCores.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))
            // Kernel sets for pre-AVX2 CPUs: on a CPU with AVX2, unless chosen with OPENBLAS_CORETYPE, they mean
            // OpenBLAS did not recognise the CPU and fell back.
            let preAVX2 = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge", "Katmai",
                           "Unknown"]
            if cpuHasAVX2, !settings.contains("OPENBLAS_CORETYPE="),
               blasCores.contains(where: { core in preAVX2.contains { core.caseInsensitiveCompare($0) == .orderedSame } }) {
                html += ui(" — a generic fallback: this OpenBLAS does not recognise the CPU, so its gemm runs several times slower than the CPU allows (set %@ to choose kernels)",
                           "<code>OPENBLAS_CORETYPE</code>")
            }
            html += "</li>\n"
        }
        if !settings.isEmpty {
            html += "<li>" + ui("Environment: %@", settings.split(separator: "\n").map { "<code>\(HTML.escape(String($0)))</code>" }.joined(separator: ", ")) + "</li>\n"
        }
        return html + "</ul>\n"
    }
}
