import Foundation

/// The site's own stylesheet and script, and the third-party assets copied from Debian's packages.
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
    }

    static let stylesheet = """
    :root {
      --text: #1d1f21; --muted: #5c6370; --bg: #ffffff; --panel: #f6f7f9; --border: #dfe2e6;
      --accent: #0b63b5; --code-bg: #f5f6f8; --output-bg: #fbfbf7; --output-border: #c9a227; --fail: #b3261e;
      --measure: 46rem;
    }
    @media (prefers-color-scheme: dark) {
      :root { --text: #e3e5e8; --muted: #9aa1ab; --bg: #16181b; --panel: #1e2125; --border: #33373d;
        --accent: #6cb4ff; --code-bg: #1f2226; --output-bg: #1c1f1a; --output-border: #a88a2a; --fail: #ff8a80; }
      figure img { background: #fff; border-radius: 4px; }
    }
    * { box-sizing: border-box; }
    html { font-size: 17px; }
    body { margin: 0; color: var(--text); background: var(--bg); display: flex; min-height: 100vh;
      font-family: "DejaVu Serif", Georgia, "Noto Serif CJK SC", serif; line-height: 1.6; }
    a { color: var(--accent); }
    .sidebar { width: 17rem; flex: none; background: var(--panel); border-right: 1px solid var(--border);
      padding: 1.2rem 1rem; position: sticky; top: 0; height: 100vh; overflow-y: auto;
      font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 0.85rem; }
    .sidebar .book-title { display: block; font-weight: bold; font-size: 1rem; color: var(--text);
      text-decoration: none; margin-bottom: 1rem; }
    .sidebar ol { list-style: none; padding: 0; margin: 0; }
    .sidebar li { margin: 0.3rem 0; }
    .sidebar a { text-decoration: none; }
    .sidebar a[aria-current="page"] { font-weight: bold; color: var(--text); }
    .sidebar .sections { margin: 0.3rem 0 0.5rem 1rem; border-left: 2px solid var(--border); padding-left: 0.6rem; }
    .sidebar .sections .level3 { margin-left: 0.8rem; }
    .sidebar .number { color: var(--muted); }
    main { flex: 1; min-width: 0; padding: 2rem 2.5rem 4rem; }
    article { max-width: var(--measure); margin: 0 auto; }
    h1, h2, h3, h4 { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; line-height: 1.25; }
    h1 { font-size: 2rem; margin-top: 0.5rem; }
    h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--border); padding-bottom: 0.2rem; }
    .anchor { visibility: hidden; text-decoration: none; color: var(--muted); font-weight: normal; }
    h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor { visibility: visible; }
    pre { overflow-x: auto; padding: 0.75rem 1rem; border-radius: 6px; font-size: 0.8rem; line-height: 1.45; }
    code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.88em; }
    pre code { font-size: 1em; }
    pre.code { background: var(--code-bg); border: 1px solid var(--border); margin: 1rem 0 0; }
    .cell { margin: 1.2rem 0; }
    .cell pre.output { background: var(--output-bg); border: 1px solid var(--border); border-left: 4px solid var(--output-border);
      margin: 0.4rem 0 0; }
    .cell pre.output.expected-failure { border-left-color: var(--fail); }
    .output-cut { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0; }
    details.hidden-code summary { cursor: pointer; color: var(--muted); font-size: 0.85rem;
      font-family: "DejaVu Sans", sans-serif; }
    figure { margin: 1.2rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; }
    figcaption { font-size: 0.9rem; color: var(--muted); margin-top: 0.3rem; }
    figcaption a { font-weight: bold; text-decoration: none; color: var(--text); }
    table { border-collapse: collapse; margin: 1rem 0; }
    th, td { border: 1px solid var(--border); padding: 0.3rem 0.6rem; }
    blockquote { border-left: 4px solid var(--border); margin: 1rem 0; padding: 0 1rem; color: var(--muted); }
    .math.display { display: block; overflow-x: auto; margin: 1rem 0; text-align: center; }
    .pager { max-width: var(--measure); margin: 3rem auto 0; display: flex; justify-content: space-between; gap: 1rem;
      font-family: "DejaVu Sans", sans-serif; }
    .pager a { display: block; text-decoration: none; border: 1px solid var(--border); border-radius: 6px;
      padding: 0.5rem 0.8rem; max-width: 48%; }
    .pager a span { display: block; font-size: 0.75rem; color: var(--muted); }
    .pager .next { margin-left: auto; text-align: right; }
    .toc li { margin: 0.6rem 0; }
    .toc .sections { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.85rem; }
    .lede { color: var(--muted); }
    @media (max-width: 800px) {
      body { display: block; }
      .sidebar { position: static; width: auto; height: auto; border-right: none; border-bottom: 1px solid var(--border); }
      .sidebar .sections { display: none; }
      main { padding: 1rem; }
      html { font-size: 16px; }
    }
    @media print {
      .sidebar, .pager, .anchor, details.hidden-code summary { display: none; }
      body { display: block; }
      pre { white-space: pre-wrap; }
    }

    """

    static let script = """
    // Typesets math with KaTeX (bundled in the site; no network).
    document.addEventListener("DOMContentLoaded", function () {
      if (typeof katex === "undefined") return;
      document.querySelectorAll(".math").forEach(function (element) {
        katex.render(element.textContent, element, {
          displayMode: element.classList.contains("display"), throwOnError: false
        });
      });
    });

    """
}
