import Foundation

/// The site's own stylesheet and scripts, and the third-party assets copied from Debian's packages (KaTeX for
/// math, lunr for search). Nothing on a page loads from outside the site.
enum SiteAssets {
    /// Debian's libjs-katex (+ fonts-katex): KaTeX, copied into the site so it works offline.
    static let katexFolder = "/usr/share/javascript/katex"

    /// Copies KaTeX and writes weave's CSS and JS into `assets/`.
    static func write(into site: URL) throws {
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
        try Data(stylesheet.utf8).write(to: assets.appendingPathComponent("weave.css"))
        try Data(script.utf8).write(to: assets.appendingPathComponent("weave.js"))
        try Data(themeScript.utf8).write(to: assets.appendingPathComponent("theme.js"))
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
