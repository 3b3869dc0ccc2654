import Foundation

/// The site's own stylesheet and scripts, and the third-party assets copied from Debian's packages (KaTeX for
/// math, lunr for search). Nothing on a page loads from outside the site.
enum SiteAssets {
    /// weave's own stylesheet and scripts: `Site/Resources/` in the source tree, shipped as SwiftPM resources
    /// beside the executable and copied into every site as they are.
    static let ownAssets = ["weave.css", "weave.js", "theme.js"]

    /// The folder holding `ownAssets`.
    static func resourceFolder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "weave", withExtension: "css", subdirectory: "Resources") else {
            throw Diagnostic(file: Bundle.module.bundlePath,
                             "weave's site resources (weave.css, weave.js) are missing: reinstall weave with its resource bundle")
        }
        return url.deletingLastPathComponent()
    }

    /// Debian's libjs-katex (+ fonts-katex): KaTeX, copied into the site so it works offline.
    static let katexFolder = "/usr/share/javascript/katex"

    /// Copies KaTeX and writes weave's CSS (or the theme's `stylesheet`) and JS into `assets/`.
    static func write(into site: URL, stylesheet: URL? = nil) throws {
        let fm = FileManager.default
        let assets = site.appendingPathComponent("assets")
        let katex = assets.appendingPathComponent("katex")
        try fm.createDirectory(at: katex, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: ProcessInfo.processInfo.environment["WEAVE_KATEX_DIR"] ?? katexFolder)
        guard fm.fileExists(atPath: source.appendingPathComponent("katex.min.js").path) else {
            throw Diagnostic(file: source.path, "KaTeX is not installed: run scripts/setup (apt-get install libjs-katex fonts-katex)")
        }
        // Debian's files are often symlinks (katex.min.js → katex.js): copy what they point to.
        for name in ["katex.min.js", "katex.min.css"] {
            try fm.copyItem(at: source.appendingPathComponent(name).resolvingSymlinksInPath(),
                            to: katex.appendingPathComponent(name))
        }
        let fonts = source.appendingPathComponent("fonts")
        let fontTarget = katex.appendingPathComponent("fonts")
        try fm.createDirectory(at: fontTarget, withIntermediateDirectories: true)
        // Modern browsers need only woff2; the CSS lists woff and ttf as fallbacks that are fetched only if
        // woff2 fails, so copy them all (resolving Debian's symlinks into real files).
        for name in (try? fm.contentsOfDirectory(atPath: fonts.resolvingSymlinksInPath().path)) ?? [] {
            let file = fonts.resolvingSymlinksInPath().appendingPathComponent(name).resolvingSymlinksInPath()
            try fm.copyItem(at: file, to: fontTarget.appendingPathComponent(name))
        }
        let resources = try resourceFolder()
        for name in ownAssets {
            let source = name == Theme.stylesheetName ? stylesheet ?? resources.appendingPathComponent(name)
                : resources.appendingPathComponent(name)
            try fm.copyItem(at: source, to: assets.appendingPathComponent(name))
        }
        try copyLunr(into: assets)
    }

    /// Debian's libjs-lunr: the browser-side search library.
    static let lunrFolder = "/usr/share/javascript/lunr"

    private static func copyLunr(into assets: URL) throws {
        let fm = FileManager.default
        let source = URL(fileURLWithPath: ProcessInfo.processInfo.environment["WEAVE_LUNR_DIR"] ?? lunrFolder)
            .appendingPathComponent("lunr.min.js")
        guard fm.fileExists(atPath: source.path) else {
            throw Diagnostic(file: source.path, "lunr is not installed: run scripts/setup (apt-get install libjs-lunr)")
        }
        let target = assets.appendingPathComponent("lunr")
        try fm.createDirectory(at: target, withIntermediateDirectories: true)
        try fm.copyItem(at: source.resolvingSymlinksInPath(), to: target.appendingPathComponent("lunr.min.js"))
    }

}
